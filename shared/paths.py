"""Which kind of caller a path is for: anonymous, signed-in web pages, partner systems.

A module of its own, apart from `shared.manifest`, because every API function's request handling needs
these three tests and none of the manifest's dataclasses (~5-8 ms of a cold import).
"""

from __future__ import annotations

#: Paths under these prefixes are reached without a token (rate-limited by WAF in the cloud).
ANONYMOUS_PREFIXES: tuple[str, ...] = ("/v1/public/", "/forms/")
#: The signed-in web pages. API Gateway's authorizer does not guard them (a browser sends a cookie, not a
#: bearer token): the function verifies the session cookie itself (shared/web), with the same checks.
WEB_PREFIX = "/app"
#: The machine routes: a partner system's access token (client credentials, scope MACHINE_SCOPE) only.
#: API Gateway's authorizer asks for the scope there (authorization_scopes), and an id token is refused.
MACHINE_PREFIX = "/v1/partner/"


def is_anonymous_path(path: str) -> bool:
    return any(path.startswith(p) or path + "/" == p for p in ANONYMOUS_PREFIXES)


def is_machine_path(path: str) -> bool:
    return path.startswith(MACHINE_PREFIX)


def is_web_path(path: str) -> bool:
    return path == WEB_PREFIX or path.startswith(WEB_PREFIX + "/")
