"""The HTTP front of the local runtime: API Gateway's part, on this machine.

Each request becomes the REST API proxy event the cloud would send, after the same token check a Cognito
authorizer makes, and goes to the handler of the service whose manifest claims the path.
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from infra.local.authorizer import InvalidToken, TokenVerifier, authorizer_claims, bearer
from infra.local.router import Router
from infra.local.turns import Turns
from shared.http import PROBLEM_JSON, problem, security_headers
from shared.tokens import MACHINE_SCOPE

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]
API_GATEWAY_BODY_LIMIT = 10 * 1024 * 1024  # what API Gateway itself accepts


@dataclass
class LambdaContext:
    function_name: str
    memory_limit_in_mb: int = 512
    aws_request_id: str = ""
    invoked_function_arn: str = ""
    timeout_ms: int = 29_000

    def get_remaining_time_in_millis(self) -> int:
        return self.timeout_ms


def lambda_context(function_name: str) -> LambdaContext:
    return LambdaContext(
        function_name=function_name,
        aws_request_id=str(uuid.uuid4()),
        invoked_function_arn=f"arn:aws:lambda:local:000000000000:function:{function_name}",
    )


@dataclass(frozen=True)
class HttpResult:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def problem_result(status: int, detail: str, **extensions: Any) -> HttpResult:
    """What the front refuses itself, in the one problem+json shape the services answer with."""
    response = problem(status, detail, **extensions)
    return HttpResult(status, [("Content-Type", PROBLEM_JSON)], str(response.body).encode())


def json_result(status: int, body: Any) -> HttpResult:
    return HttpResult(status, [("Content-Type", "application/json")], json.dumps(body, default=str).encode())


class ApiFront:
    """Routes, authorizes and invokes; `invoke` is also what the seed and benchmarks call in-process."""

    def __init__(
        self,
        router: Router,
        handlers: dict[str, Handler],
        verifier: TokenVerifier,
        lock: Any,
        local_routes: Callable[[str, str, dict[str, str], bytes], HttpResult | None],
        limiter: Callable[[str, str, str], HttpResult | None] | None = None,
    ) -> None:
        self._router = router
        self._handlers = handlers
        self._verifier = verifier
        self._lock = lock
        self._local_routes = local_routes
        self._limiter = limiter
        self._turns = Turns()

    def invoke(
        self, method: str, target: str, headers: dict[str, str], body: bytes, source_ip: str = "127.0.0.1"
    ) -> HttpResult:
        url = urlsplit(target)
        path = url.path.rstrip("/") or "/"
        local = self._local_routes(method, path, headers, body)
        if local is not None:
            # The local Swagger UI runs its own inline script: it keeps its own (absent) policy.
            return local if path == "/docs" else _secured(local)
        return _secured(self._routed(method, path, url.query, headers, body, source_ip))

    def _routed(
        self, method: str, path: str, query: str, headers: dict[str, str], body: bytes, source_ip: str
    ) -> HttpResult:
        match = self._router.match(path)
        if match is None or match.service not in self._handlers:
            return problem_result(404, f"No route for {path}.")
        claims = None
        if match.route.web:
            # A signed-in page: no authorizer in front (a browser sends a cookie); the function verifies
            # the session itself. Signing in is rate-limited as the anonymous posts are.
            signing_in = "/sign-in" in path and self._limiter is not None
            if signing_in and (limited := self._limiter(method, source_ip, path)) is not None:  # type: ignore[misc]
                return limited
        elif not match.route.anonymous:
            token = bearer(headers)
            if token is None:
                return problem_result(401, "Sign in: this needs a bearer token.")
            try:
                # A method with authorization scopes (the partner routes) wants an access token carrying
                # the scope; every other method an id token (Cognito's authorizer, by AWS's rules).
                verified = (
                    self._verifier.verify_access(token, scope=MACHINE_SCOPE)
                    if match.route.machine
                    else self._verifier.verify(token)
                )
                claims = authorizer_claims(verified)
            except InvalidToken:
                return problem_result(401, "The token is invalid or expired.")
        elif self._limiter is not None and (limited := self._limiter(method, source_ip, path)) is not None:
            return limited
        if len(body) > API_GATEWAY_BODY_LIMIT:
            return problem_result(413, "The body is larger than API Gateway accepts.")
        event = proxy_event(
            method, path, query, headers, body, match.route.path, match.path_parameters, claims, source_ip
        )
        # In arrival order (infra/local/turns.py), then under the runtime's lock as every poller is.
        with self._turns, self._lock:
            response = self._handlers[match.service](
                event, lambda_context(f"tandem-local-{match.service}-api")
            )
        return _from_proxy_response(response)


def _secured(result: HttpResult) -> HttpResult:
    """The security headers on what the front answers itself (the services' answers already carry them)."""
    present = {name.lower() for name, _ in result.headers}
    content_type = next((v for k, v in result.headers if k.lower() == "content-type"), None)
    extra = [(k, v) for k, v in security_headers(content_type).items() if k.lower() not in present]
    return HttpResult(result.status, [*result.headers, *extra], result.body) if extra else result


def proxy_event(
    method: str,
    path: str,
    query: str,
    headers: dict[str, str],
    body: bytes,
    resource: str,
    path_parameters: dict[str, str],
    claims: dict[str, str] | None,
    source_ip: str,
) -> dict[str, Any]:
    multi_query = parse_qs(query, keep_blank_values=True)
    try:
        text: str | None = body.decode() if body else None
        is_base64 = False
    except UnicodeDecodeError:
        text, is_base64 = base64.b64encode(body).decode(), True
    request_id = str(uuid.uuid4())
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": dict(headers),
        "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": {k: v[-1] for k, v in multi_query.items()} or None,
        "multiValueQueryStringParameters": multi_query or None,
        "pathParameters": path_parameters or None,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": resource,
            "httpMethod": method,
            "path": path,
            "stage": "local",
            "requestId": request_id,
            "requestTimeEpoch": int(time.time() * 1000),
            "identity": {"sourceIp": source_ip, "userAgent": headers.get("User-Agent", "")},
            "authorizer": {"claims": claims} if claims else None,
            "accountId": "000000000000",
            "apiId": "local",
            "protocol": "HTTP/1.1",
        },
        "body": text,
        "isBase64Encoded": is_base64,
    }


def _from_proxy_response(response: dict[str, Any]) -> HttpResult:
    headers: list[tuple[str, str]] = list((response.get("headers") or {}).items())
    for name, values in (response.get("multiValueHeaders") or {}).items():
        headers.extend((name, v) for v in values)
    raw = response.get("body") or ""
    body = base64.b64decode(raw) if response.get("isBase64Encoded") else raw.encode()
    return HttpResult(int(response["statusCode"]), headers, body)


def request_handler(front: ApiFront) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "TandemLocal"
        sys_version = ""  # no Python version in the Server header
        # Headers and body leave in separate writes; without this, Nagle and delayed ACKs add ~40 ms each.
        disable_nagle_algorithm = True

        def _dispatch(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k: v for k, v in self.headers.items()}
            result = front.invoke(self.command, self.path, headers, body, self.client_address[0])
            self.send_response(result.status)
            for name, value in result.headers:
                if name.lower() != "content-length":
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(result.body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(result.body)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _dispatch

        def __getattr__(self, name: str) -> Any:
            # Any other method (TRACE, CONNECT, made-up ones) goes to the front too, which answers 405
            # problem+json with Allow, instead of the standard library's HTML 501.
            if name.startswith("do_"):
                return self._dispatch
            raise AttributeError(name)

        def log_message(self, format: str, *args: Any) -> None:
            return  # access logs would print paths with ids; the services log what matters

    return Handler
