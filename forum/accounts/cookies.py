"""Cookie and proxy settings for staff sessions.

- Session and remember-me cookies are HttpOnly and SameSite=Lax (config defaults).
- Secure: FORUM_SECURE_COOKIES=true forces it, false turns it off; unset ("auto") marks the
  cookies Secure whenever the request itself came over HTTPS.
- Behind a reverse proxy, FORUM_TRUSTED_PROXIES=N (the number of proxies in front) makes the
  app believe their X-Forwarded-For/-Proto/-Host headers, so "came over HTTPS" and the client
  address (used by the rate limits) are right. Leave it 0 when nothing sits in front: the
  headers could then be forged by anyone.
"""
from __future__ import annotations

from typing import Any

from flask import Flask, Response, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def secure_cookie_mode(value: Any) -> bool | None:
    """True/False when configured, None for "auto" (follow the request's scheme)."""
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if text in ("", "auto"):
        return None
    raise ValueError(f"SECURE_COOKIES must be true, false or auto, not {value!r}")


class SchemeAwareSessionInterface(SecureCookieSessionInterface):
    """Flask decides Secure once per app; this also sets it for each HTTPS request."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def _secure_remember_cookie(app: Flask, response: Response) -> Response:
    """flask-login reads REMEMBER_COOKIE_SECURE from the config only; add the flag on HTTPS."""
    if not request.is_secure:
        return response
    name = app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    cookies = response.headers.getlist("Set-Cookie")
    if not any(cookie.startswith(name + "=") for cookie in cookies):
        return response
    response.headers.remove("Set-Cookie")
    for cookie in cookies:
        if cookie.startswith(name + "=") and "; secure" not in cookie.lower():
            cookie += "; Secure"
        response.headers.add("Set-Cookie", cookie)
    return response


def init_app(app: Flask) -> None:
    mode = secure_cookie_mode(app.config.get("SECURE_COOKIES"))
    if mode is not None:
        app.config["SESSION_COOKIE_SECURE"] = mode
        app.config["REMEMBER_COOKIE_SECURE"] = mode
    app.session_interface = SchemeAwareSessionInterface()
    if mode is None:
        app.after_request(lambda response: _secure_remember_cookie(app, response))
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:
        # Flask's documented way to add WSGI middleware, though its stubs call wsgi_app a method.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
