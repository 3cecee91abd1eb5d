"""The signed-in session of the web pages: cookies, their verification, refresh, CSRF and flash messages.

The session is the Cognito id token in a `__Host-` cookie (HttpOnly, Secure, SameSite=Lax, Path=/) and
the refresh token beside it. The id token is verified exactly as a bearer token is (shared/tokens.py) and
read into the same `Principal`. When it has run out, the refresh token buys a new one without a word to
the person; when that fails too, they are sent to sign in and then back to the page they wanted.

Every cookie is Secure, on this machine too: Chromium and Firefox treat http://127.0.0.1 as a secure
context, so the laptop runs what the cloud runs (docs/decisions.md).
"""

from __future__ import annotations

import base64
import hmac
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie
from typing import Any

from aws_lambda_powertools.shared.cookies import Cookie, SameSite

from shared.auth import Principal
from shared.errors import Unauthorized
from shared.tokens import InvalidToken, TokenExpired, deployment_verifier
from shared.web import identity

ID_COOKIE = "__Host-tandem-id"
REFRESH_COOKIE = "__Host-tandem-refresh"
CSRF_COOKIE = "__Host-tandem-csrf"
LANG_COOKIE = "__Host-tandem-lang"
FLASH_COOKIE = "__Host-tandem-flash"
#: The pending sign-in (an attempt id, never the code): intake's sign-in pages set and read it.
SIGN_IN_COOKIE = "__Host-tandem-sign-in"
CSRF_FIELD = "csrf"
#: A year: the language a person picked is no secret and worth remembering on their own phone.
_LANG_MAX_AGE = 365 * 24 * 3600


def cookie(name: str, value: str, *, max_age: int | None = None) -> Cookie:
    """A `__Host-` cookie: Secure, Path=/, no Domain (so no subdomain can set or read it), HttpOnly."""
    return Cookie(
        name=name,
        value=value,
        path="/",
        secure=True,
        http_only=True,
        same_site=SameSite.LAX_MODE,
        max_age=max_age,
    )


def expired(name: str) -> Cookie:
    # Max-Age=0 (Powertools writes a non-positive max_age as 0): the browser drops the cookie at once.
    return cookie(name, "", max_age=0)


def read_cookies(event: Mapping[str, Any]) -> dict[str, str]:
    """The request's cookies (a malformed Cookie header reads as none rather than failing the page)."""
    headers = event.get("headers") or {}
    multi = event.get("multiValueHeaders") or {}
    raw = [v for k, v in headers.items() if k.lower() == "cookie" and isinstance(v, str)]
    raw += [v for k, vs in multi.items() if k.lower() == "cookie" for v in (vs or []) if isinstance(v, str)]
    jar: dict[str, str] = {}
    for header in dict.fromkeys(raw):
        for part in header.split(";"):
            parsed = SimpleCookie()
            try:
                parsed.load(part.strip())
            except CookieError:
                continue
            jar.update({name: morsel.value for name, morsel in parsed.items()})
    return jar


@dataclass
class Session:
    """Who is signed in (if anyone), and the cookies this answer must set."""

    principal: Principal | None
    cookies: list[Cookie] = field(default_factory=list)
    csrf_token: str = ""
    flash: tuple[str, dict[str, str]] | None = None
    language: str | None = None


def open_session(event: Mapping[str, Any]) -> Session:
    """Reads the cookies: the verified principal (refreshed if its token ran out), the CSRF token (made if
    missing) and a flash message (cleared once read)."""
    jar = read_cookies(event)
    session = Session(principal=None, language=jar.get(LANG_COOKIE) or None)
    session.principal = _principal(jar, session.cookies)
    session.csrf_token = jar.get(CSRF_COOKIE) or ""
    if len(session.csrf_token) < 32:
        session.csrf_token = secrets.token_urlsafe(32)
        session.cookies.append(cookie(CSRF_COOKIE, session.csrf_token))
    if FLASH_COOKIE in jar:
        session.flash = _read_flash(jar[FLASH_COOKIE])
        session.cookies.append(expired(FLASH_COOKIE))
    return session


def _principal(jar: Mapping[str, str], cookies: list[Cookie]) -> Principal | None:
    token = jar.get(ID_COOKIE)
    if not token:
        return None
    try:
        return Principal.from_claims(deployment_verifier().verify(token))
    except TokenExpired:
        pass
    except (InvalidToken, Unauthorized):
        # Forged, another pool's or another client's token: not a session at all.
        cookies.append(expired(ID_COOKIE))
        return None
    refresh_token = jar.get(REFRESH_COOKIE)
    fresh = identity.provider().refresh(refresh_token) if refresh_token else None
    if fresh is None:
        cookies.extend([expired(ID_COOKIE), expired(REFRESH_COOKIE)])
        return None
    try:
        principal = Principal.from_claims(deployment_verifier().verify(fresh))
    except (InvalidToken, Unauthorized):
        return None
    cookies.append(cookie(ID_COOKIE, fresh))
    return principal


def session_cookies(id_token: str, refresh_token: str | None) -> list[Cookie]:
    """What signing in sets. Session cookies (no Max-Age): closing the browser on a shared phone ends it."""
    made = [cookie(ID_COOKIE, id_token)]
    if refresh_token:
        made.append(cookie(REFRESH_COOKIE, refresh_token))
    return made


def sign_out(event: Mapping[str, Any]) -> list[Cookie]:
    """Revokes the refresh token (so it buys no new id token) and drops the session's cookies."""
    refresh_token = read_cookies(event).get(REFRESH_COOKIE)
    if refresh_token:
        identity.provider().revoke(refresh_token)
    return [expired(ID_COOKIE), expired(REFRESH_COOKIE)]


def language_cookie(lang: str) -> Cookie:
    return cookie(LANG_COOKIE, lang, max_age=_LANG_MAX_AGE)


def csrf_ok(session: Session, sent: str | None) -> bool:
    """Double submit: the form's token must be the one in the __Host- cookie (which no other site, nor a
    subdomain, can set); SameSite=Lax already keeps the session cookie off cross-site posts."""
    return bool(sent) and hmac.compare_digest(session.csrf_token.encode(), str(sent).encode())


def flash_cookie(key: str, **values: str) -> Cookie:
    """A message for the next page (post, redirect, get): a catalogue key and short plain values."""
    payload = json.dumps({"k": key, "v": {k: str(v)[:120] for k, v in values.items()}}, separators=(",", ":"))
    return cookie(FLASH_COOKIE, base64.urlsafe_b64encode(payload.encode()).decode().rstrip("="))


def _read_flash(raw: str) -> tuple[str, dict[str, str]] | None:
    try:
        data = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        key, values = str(data["k"]), {str(k): str(v) for k, v in dict(data.get("v") or {}).items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return key, values
