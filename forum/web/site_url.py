"""The site's one public address (SITE_URL): every link that leaves a page is built from it,
and a request naming another host is refused.

Why: `url_for(..., _external=True)` takes the host from the request's Host header, which the
sender chooses. `POST /my-data` with `Host: attacker.example` used to mail a victim a real,
working private link on the attacker's host. Links in mail, feeds, canonical addresses and the
private link shown on a receipt are therefore built with `external_url()`, never from the
request; and the Host header must name the site (ALLOWED_HOSTS, by default SITE_URL's host),
so nothing else built from it (redirects, cross-site checks) can be steered either.
"""
from __future__ import annotations

import logging
from urllib.parse import SplitResult, quote, urlsplit

from flask import Flask, abort, current_app, request
from werkzeug.sansio.utils import host_is_trusted

log = logging.getLogger(__name__)

# Without SITE_URL a development or test app still needs some address; never in production.
_DEVELOPMENT_SITE_URL = "http://127.0.0.1:5000"
_TESTING_SITE_URL = "http://localhost"  # the address Flask's test client speaks to
_DEVELOPMENT_HOSTS = ["127.0.0.1", "localhost"]

MISSING_MESSAGE = (
    "FORUM_SITE_URL is not set. Set it to the address readers use, e.g. "
    "FORUM_SITE_URL=https://forum.example.org (in the environment or instance/config.py). "
    "Links in mail and feeds are built from it, never from a request's Host header.")


class ConfigurationError(RuntimeError):
    """A setting the app cannot start without is missing or malformed."""


def parse_site_url(value: str) -> SplitResult:
    """SITE_URL as parts; refuses anything that is not a plain http(s) base address."""
    parts = urlsplit(str(value).strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigurationError(f"SITE_URL must be an http:// or https:// address with a host "
                                 f"name, e.g. https://forum.example.org; got {value!r}.")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ConfigurationError(f"SITE_URL must not carry a query, fragment or user name; "
                                 f"got {value!r}.")
    return parts._replace(path=parts.path.rstrip("/"))


def _configured_site_url(app: Flask) -> str:
    configured = app.config.get("SITE_URL")
    if configured:
        return configured
    if app.config.get("TESTING"):
        return _TESTING_SITE_URL
    if app.config.get("DEBUG"):
        log.warning("SITE_URL is not set; development links point at %s", _DEVELOPMENT_SITE_URL)
        return _DEVELOPMENT_SITE_URL
    raise ConfigurationError(MISSING_MESSAGE)


def allowed_hosts(app: Flask) -> list[str]:
    """ALLOWED_HOSTS when given (a leading dot allows sub-domains), else SITE_URL's host."""
    configured = app.config.get("ALLOWED_HOSTS") or []
    if isinstance(configured, str):
        configured = [part.strip() for part in configured.split(",") if part.strip()]
    hosts = list(configured) or [app.extensions["forum_site_url"].hostname]
    if not app.config.get("SITE_URL") and (app.config.get("DEBUG") or app.config.get("TESTING")):
        hosts += _DEVELOPMENT_HOSTS
    return hosts


def site_root() -> str:
    """SITE_URL without a trailing slash, e.g. https://forum.example.org or https://x.org/blog."""
    return current_app.extensions["forum_site_url"].geturl()


def external_url(endpoint: str, **values) -> str:
    """url_for(endpoint, **values) as an absolute address on SITE_URL; needs only an app
    context, so mail queued by a command or after the response links the same way."""
    app = current_app
    base: SplitResult = app.extensions["forum_site_url"]
    anchor = values.pop("_anchor", None)
    app.inject_url_defaults(endpoint, values)
    adapter = app.url_map.bind(base.netloc, script_name=base.path or "/",
                               url_scheme=base.scheme)
    url = adapter.build(endpoint, values, force_external=True)
    return f"{url}#{quote(anchor, safe='')}" if anchor else url


def _refuse_foreign_host():
    if not host_is_trusted(request.host, current_app.extensions["forum_allowed_hosts"]):
        # The host the request named is not repeated: it is the sender's text, not ours.
        abort(400, description="This site does not answer at the address your request named. "
                               f"Its address is {site_root()}.")


def init_app(app: Flask) -> None:
    app.extensions["forum_site_url"] = parse_site_url(_configured_site_url(app))
    app.extensions["forum_allowed_hosts"] = allowed_hosts(app)
    # First of all hooks: no rate limit, cache answer or view sees a foreign Host.
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_foreign_host)
    app.jinja_env.globals.update(external_url=external_url, site_root=site_root)
