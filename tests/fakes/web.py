"""Reaching the signed-in pages (`/app/**`) as a browser would, from the API-shaped test clients.

A browser carries the session as the `__Host-tandem-id` cookie and posts every form with the CSRF token
that matches its `__Host-tandem-csrf` cookie. The test clients hold id tokens from `/local/token`; for a
page they send the token as that cookie (the pages verify it exactly as the authorizer verifies a bearer
token), with a CSRF pair, and never follow a redirect (a 303 to the sign-in page is an answer to check).
"""

from __future__ import annotations

from typing import Any

from shared.manifest import is_web_path
from shared.web.session import CSRF_COOKIE, CSRF_FIELD, ID_COOKIE

#: The CSRF pair the test clients send: any value works when cookie and field agree.
CSRF = "t" * 43


def page_request(path: str, token: str | None, kw: dict[str, Any]) -> dict[str, Any]:
    """`kw` for requests, adjusted for a page: cookies instead of a bearer token, the CSRF field added to
    a posted form, redirects not followed. Other paths are left as they are."""
    if not is_web_path(path.split("?", 1)[0]):
        return kw
    headers = dict(kw.pop("headers", {}))
    jar = [f"{CSRF_COOKIE}={CSRF}"]
    if token:
        jar.append(f"{ID_COOKIE}={token}")
    headers["Cookie"] = "; ".join([headers["Cookie"], *jar] if "Cookie" in headers else jar)
    if isinstance(kw.get("data"), dict):
        kw["data"] = {CSRF_FIELD: CSRF, **kw["data"]}
    kw.setdefault("allow_redirects", False)
    return {**kw, "headers": headers}
