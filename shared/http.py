"""The HTTP side of every service: a resolver factory with one error map to problem+json (RFC 9457).

Route functions stay thin: parse (Powertools validates bodies against pydantic models that forbid unknown
fields), call one function in `logic.py`, shape the answer. Every 4xx/5xx leaves through `problem()`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import uuid
from collections.abc import Callable, Mapping
from functools import cache
from http import HTTPStatus
from pathlib import Path
from typing import Any, TypeVar

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ConfigDict, ValidationError

from shared import audit
from shared.auth import Principal
from shared.errors import (
    BadRequest,
    CsrfRejected,
    PayloadTooLarge,
    SignInRequired,
    TandemError,
    UnsupportedMediaType,
)
from shared.events import correlation
from shared.events.publisher import PublishError
from shared.model import BaseModel
from shared.observability import logger_for, tracer_for
from shared.paths import is_anonymous_path, is_web_path
from shared.route_parts import load_parts

PROBLEM_JSON = "application/problem+json"
Model = TypeVar("Model", bound=BaseModel)
MAX_BODY_BYTES = 64 * 1024
#: Where the shipped page templates live; their static <style> blocks are the only inline CSS allowed.
_ROOT = Path(__file__).resolve().parents[1]
_TEMPLATE_GLOBS = (
    (_ROOT / "services", "**/templates/**/*.html"),
    (_ROOT / "shared" / "web", "templates/*.html"),
)
_STYLE_BLOCK = re.compile(r"<style>(.*?)</style>", re.DOTALL)


class RequestBody(BaseModel):
    """Base of every request body: unknown fields are refused, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def problem(
    status: int, detail: str, *, slug: str | None = None, title: str | None = None, **extensions: Any
) -> Response[str]:
    phrase = HTTPStatus(status).phrase
    body = {
        "type": f"/problems/{slug or phrase.lower().replace(' ', '-')}",
        "title": title or phrase,
        "status": status,
        "detail": detail,
        **extensions,
    }
    # Only application/json bodies are serialised by Powertools; ours must be a string already.
    return Response(status_code=status, content_type=PROBLEM_JSON, body=json.dumps(body, default=str))


def field_errors(errors: list[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Pydantic error entries as `{field, message, type}`, the field as a dotted path in the body."""
    out = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if p != "body"]
        message = err.get("msg") or _MESSAGES.get(err.get("type", ""), "Invalid value.")
        out.append({"field": ".".join(loc) or "body", "message": str(message), "type": str(err.get("type"))})
    return out


_MESSAGES = {
    "extra_forbidden": "Unknown field.",
    "missing": "Field required.",
    "json_invalid": "The body is not valid JSON.",
}


def validation_problem(errors: list[Mapping[str, Any]]) -> Response[str]:
    fields = field_errors(errors)
    names = ", ".join(f["field"] for f in fields)
    return problem(
        422, f"Invalid request: {names}.", slug="validation-error", title="Validation failed", errors=fields
    )


def make_resolver(service: str) -> APIGatewayRestResolver:
    """The service's resolver, with validation and OpenAPI on and every error mapped to problem+json."""
    app = APIGatewayRestResolver(enable_validation=True)
    logger = logger_for(service)

    def on_page() -> bool:
        return is_web_path(app.current_event.path)

    def page_error(status: int, detail: str | None = None, **kwargs: Any) -> Response[str]:
        from shared.web.errors import error_page  # Jinja only for functions that serve pages

        return error_page(app.current_event.raw_event, status, detail, **kwargs)

    @app.exception_handler(SignInRequired)
    def _sign_in(exc: SignInRequired) -> Response[str]:
        from shared.web.errors import sign_in_redirect

        return sign_in_redirect(exc)

    @app.exception_handler(RequestValidationError)
    def _request_invalid(exc: RequestValidationError) -> Response[str]:
        if on_page():
            return page_error(400)
        if any(e.get("type") == "json_invalid" for e in exc.errors()):
            # Not a rule the body breaks: the body cannot be read at all (RFC 9110: 400, not 422).
            return problem(400, "The body is not valid JSON.", field="body")
        # Messages, never the input: what a person typed does not travel back in error bodies or logs.
        return validation_problem(
            [{"loc": e["loc"], "type": e["type"], "msg": e.get("msg")} for e in exc.errors()]
        )

    @app.exception_handler(RequestUnsupportedContentType)
    def _unsupported_type(_: RequestUnsupportedContentType) -> Response[str]:
        return problem(415, "Send the body as application/json.", field="Content-Type")

    @app.exception_handler(ValidationError)
    def _model_invalid(exc: ValidationError) -> Response[str]:
        if on_page():
            return page_error(422)
        return validation_problem(
            [{"loc": e["loc"], "type": e["type"], "msg": e["msg"]} for e in exc.errors(include_input=False)]
        )

    @app.exception_handler(TandemError)
    def _domain(exc: TandemError) -> Response[str]:
        if on_page():
            key = "error.403.csrf.message" if isinstance(exc, CsrfRejected) else None
            return page_error(exc.status, exc.detail, key=key)
        return problem(exc.status, exc.detail, slug=exc.slug, title=exc.title, **exc.extensions)

    @app.not_found
    def _not_found(_: NotFoundError) -> Response[str]:
        allowed = allowed_methods(app, app.current_event.path)
        if on_page():
            return page_error(405, headers={"Allow": ", ".join(allowed)}) if allowed else page_error(404)
        if allowed:
            # The path exists, the method does not: 405 with the methods that do (RFC 9110 15.5.6).
            return Response(
                status_code=405,
                content_type=PROBLEM_JSON,
                body=problem(405, "This method is not allowed here.", allowed=allowed).body,
                headers={"Allow": ", ".join(allowed)},
            )
        return problem(404, "No such resource.", slug="not-found")

    @app.exception_handler(Exception)
    def _unexpected(exc: Exception) -> Response[str]:
        logger.exception("unhandled error", error_type=type(exc).__name__)
        if on_page():
            return page_error(500)
        return problem(
            500,
            "Something went wrong on our side. It has been logged.",
            slug="internal-error",
            correlation_id=correlation.get(),
        )

    return app


def allowed_methods(app: APIGatewayRestResolver, path: str) -> list[str]:
    """The methods the resolver declares for a path (Powertools answers an undeclared one as not found)."""
    # Powertools keeps no public list of its routes.
    routes = app._static_routes + app._dynamic_routes
    return sorted({r.method.upper() for r in routes if r.rule.match(path)})


def correlation_id(header: str | None, request_id: str) -> str:
    """The caller's X-Correlation-Id only if it is a UUID: anything else could forge or flood log lines."""
    for candidate in (header, request_id):
        try:
            return str(uuid.UUID(str(candidate)))
        except ValueError:
            continue
    return correlation.new()


@cache
def _style_hashes() -> tuple[str, ...]:
    """CSP hashes of the static <style> blocks in the shipped templates (none of them holds a variable)."""
    hashes = set()
    pages = [page for folder, pattern in _TEMPLATE_GLOBS for page in folder.glob(pattern)]
    for page in sorted(pages):
        for css in _STYLE_BLOCK.findall(page.read_text(encoding="utf-8")):
            if "{{" not in css and "{%" not in css:
                digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
                hashes.add(f"'sha256-{digest}'")
    return tuple(sorted(hashes))


def content_security_policy() -> str:
    """No script at all, no framing, forms post only to us; inline CSS only as a shipped template has it."""
    styles = " ".join(("'self'", *_style_hashes()))
    return (
        "default-src 'none'; script-src 'none'; "
        f"style-src {styles}; img-src 'self'; font-src 'self'; connect-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )


def security_headers(content_type: str | None) -> dict[str, str]:
    """Headers every answer carries; HTML pages also get the CSP (API Gateway adds none of these)."""
    headers = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
    if (content_type or "").split(";")[0].strip().lower() == "text/html":
        headers["Content-Security-Policy"] = content_security_policy()
    if os.environ.get("TANDEM_HSTS") == "1":
        # Only where TLS ends in front of us (the cloud); on http://127.0.0.1 it would be wrong.
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return headers


def with_security_headers(response: dict[str, Any]) -> dict[str, Any]:
    """A proxy response with `security_headers` added (a header the route set itself is kept)."""
    headers = dict(response.get("headers") or {})
    multi = response.get("multiValueHeaders") or {}
    present = {k.lower(): k for k in (*headers, *multi)}
    content_type = headers.get(present.get("content-type", ""))
    if content_type is None and present.get("content-type") in multi:
        content_type = multi[present["content-type"]][0]
    for name, value in security_headers(content_type).items():
        if name.lower() not in present:
            headers[name] = value
    return {**response, "headers": headers}


def _unreadable_body(event: dict[str, Any]) -> bool:
    """A base64 body that is not UTF-8 text: no route here takes bytes, and Powertools would crash on it."""
    if not event.get("isBase64Encoded") or not event.get("body"):
        return False
    try:
        base64.b64decode(event["body"], validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return True
    return False


#: Every API route takes JSON; the anonymous ones and the web pages also take what an HTML form posts.
_JSON, _FORM = "application/json", "application/x-www-form-urlencoded"
_ACCEPTED_HINT = "Send the body as application/json (a web form may post application/x-www-form-urlencoded)."


def _accepted_media_type(event: dict[str, Any]) -> bool:
    """Whether the body's media type is one we read; refused before Powertools tries to parse it (it
    raises on multipart without a boundary, and reads a form body as if the form's fields were ours)."""
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
    kind = str(headers.get("content-type") or _JSON).split(";")[0].strip().lower()
    path = str(event.get("path") or "")
    return kind == _JSON or (kind == _FORM and (is_anonymous_path(path) or is_web_path(path)))


def _media_type_lower_cased(event: dict[str, Any]) -> dict[str, Any]:
    """Content-Type with its media type in lower case: it is case-insensitive (RFC 9110 8.3.1), and
    Powertools compares it as written."""
    headers = event.get("headers") or {}
    name = next((k for k in headers if k.lower() == "content-type"), None)
    if name is None or not isinstance(headers[name], str):
        return event
    kind, sep, params = headers[name].partition(";")
    lowered = kind.strip().lower() + sep + params
    if lowered == headers[name]:
        return event
    multi = dict(event.get("multiValueHeaders") or {})
    if name in multi:
        multi[name] = [lowered]
    return {**event, "headers": {**headers, name: lowered}, "multiValueHeaders": multi}


def api_handler(
    app: APIGatewayRestResolver, service: str
) -> Callable[[dict[str, Any], LambdaContext], dict[str, Any]]:
    """The Lambda entry for a resolver: logging context, tracing, correlation id and the body limit."""
    logger = logger_for(service)
    tracer = tracer_for(service)

    @logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True)
    @tracer.capture_lambda_handler(capture_response=False)
    def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
        request_id = (event.get("requestContext") or {}).get("requestId") or ""
        token = correlation.set(correlation_id(headers.get("x-correlation-id"), request_id))
        try:
            with audit.request_trail(service):
                return _answer(event, context)
        except PublishError:
            # The audit trail could not be sent: what was read is not handed out unaudited (fail closed).
            logger.exception("audit trail not sent")
            unsent = problem(
                500, "Something went wrong on our side. It has been logged.", slug="internal-error"
            )
            return with_security_headers(
                {"statusCode": 500, "headers": {"Content-Type": PROBLEM_JSON}, "body": unsent.body}
            )
        finally:
            correlation.reset(token)

    def _answer(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        body = event.get("body") or ""
        if len(body.encode() if isinstance(body, str) else body) > MAX_BODY_BYTES:
            error: TandemError = PayloadTooLarge(f"The body is larger than {MAX_BODY_BYTES // 1024} KB.")
            return with_security_headers(_raw_problem(error))
        if _unreadable_body(event):
            return with_security_headers(
                _raw_problem(BadRequest("The body is not UTF-8 text.", field="body"))
            )
        if body and not _accepted_media_type(event):
            return with_security_headers(_raw_problem(UnsupportedMediaType(_ACCEPTED_HINT)))
        load_parts(app, str(event.get("path") or ""))
        return with_security_headers(app.resolve(_media_type_lower_cased(event), context))

    return handler


def _raw_problem(error: TandemError) -> dict[str, Any]:
    resp = problem(error.status, error.detail, slug=error.slug, title=error.title, **error.extensions)
    return {
        "statusCode": resp.status_code,
        "headers": {"Content-Type": PROBLEM_JSON},
        "body": resp.body,
        "isBase64Encoded": False,
    }


def principal(app: APIGatewayRestResolver) -> Principal:
    return Principal.from_event(app.current_event.raw_event)


def answer(status: int, body: Model, location: str | None = None) -> Response[Model]:
    """A JSON answer with its model as the body: the route's `Response[Model]` then documents the model and
    response validation checks it (a pre-serialised string would be documented as `string`)."""
    headers = {"Location": location} if location else None
    return Response(status_code=status, content_type="application/json", body=body, headers=headers)


def created(body: Model, location: str | None = None) -> Response[Model]:
    return answer(201, body, location)
