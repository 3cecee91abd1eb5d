"""Domain errors. Logic raises these; `shared.http` turns each into one problem+json answer."""

from __future__ import annotations

from typing import Any


class TandemError(Exception):
    """A rule was broken in a way the caller can understand and act on."""

    status: int = 400
    title: str = "Bad request"
    slug: str = "bad-request"

    def __init__(self, detail: str, **extensions: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extensions = extensions


class BadRequest(TandemError):
    pass


class Unauthorized(TandemError):
    status, title, slug = 401, "Unauthorized", "unauthorized"


class Forbidden(TandemError):
    status, title, slug = 403, "Forbidden", "forbidden"


class NotFound(TandemError):
    status, title, slug = 404, "Not found", "not-found"


class Conflict(TandemError):
    status, title, slug = 409, "Conflict", "conflict"


class PayloadTooLarge(TandemError):
    status, title, slug = 413, "Payload too large", "payload-too-large"


class UnsupportedMediaType(TandemError):
    status, title, slug = 415, "Unsupported media type", "unsupported-media-type"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, field="Content-Type")


class RuleViolation(TandemError):
    """The request is well formed but breaks a programme rule; `rule` names it."""

    status, title, slug = 422, "Rule violated", "rule-violated"

    def __init__(self, detail: str, *, rule: str, field: str | None = None, **extensions: Any) -> None:
        extras: dict[str, Any] = {"rule": rule, **extensions}
        if field is not None:
            extras["errors"] = [{"field": field, "message": detail, "type": rule}]
        super().__init__(detail, **extras)


class TooManyRequests(TandemError):
    status, title, slug = 429, "Too many requests", "too-many-requests"


class CsrfRejected(Forbidden):
    """A signed-in page's form came without the session's CSRF token (shared/web/session.py)."""

    def __init__(self) -> None:
        super().__init__("The form has expired or did not come from Tandem. Go back, reload and try again.")


class SignInRequired(Exception):
    """A signed-in page was asked for by nobody (or somebody of another municipality): shared/http.py
    answers with a redirect to the municipality's sign-in page, which comes back to `next_path`."""

    def __init__(self, slug: str | None, next_path: str, cookies: list[Any] | None = None) -> None:
        super().__init__("sign in")
        self.slug = slug
        self.next_path = next_path
        self.cookies = list(cookies or [])
