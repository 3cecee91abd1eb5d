"""A fault layer under every AWS call of the local runtime: throttling and 5xx, on demand.

Tests (and `POST /local/faults`) say which service (and operation) fails, with which error, and for how
many calls (or until healed). The fault is answered where the HTTP response would come from, below
botocore's retries, so a service meets it exactly as it would meet AWS refusing: retried by botocore
first, then raised to the code.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from botocore.awsrequest import AWSResponse, HTTPHeaders
from botocore.endpoint import Endpoint

#: Patched below botocore's retries (a private method: typed loosely on purpose).
_ENDPOINT: Any = Endpoint

#: What each kind of fault answers: (HTTP status, error code).
KINDS = {
    "throttle": (400, "ThrottlingException"),
    "5xx": (500, "InternalServerError"),
    "unavailable": (503, "ServiceUnavailable"),
}


@dataclass
class Fault:
    service: str  # botocore's service name: dynamodb, events, ses, sesv2, sns, sqs ...
    operation: str | None  # e.g. PutEvents; None: every operation
    kind: str
    remaining: int | None  # calls left to fail; None: until healed
    seen: int = 0


class Faults:
    """The switchboard; `install()` puts it under botocore, `uninstall()` takes it away."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._guard = threading.Lock()
        self._original: Any = None

    def fail(
        self, service: str, operation: str | None = None, *, kind: str = "5xx", times: int | None = None
    ) -> Fault:
        if kind not in KINDS:
            raise ValueError(f"kind is one of {sorted(KINDS)}")
        fault = Fault(service=service, operation=operation, kind=kind, remaining=times)
        with self._guard:
            self._faults.append(fault)
        return fault

    def heal(self, service: str | None = None) -> None:
        with self._guard:
            self._faults = [f for f in self._faults if service is not None and f.service != service]

    def describe(self) -> list[dict[str, Any]]:
        with self._guard:
            return [
                {
                    "service": f.service,
                    "operation": f.operation,
                    "kind": f.kind,
                    "remaining": f.remaining,
                    "seen": f.seen,
                }
                for f in self._faults
            ]

    def _match(self, service: str, operation: str) -> Fault | None:
        with self._guard:
            for fault in self._faults:
                if fault.service == service and fault.operation in (None, operation):
                    fault.seen += 1
                    if fault.remaining is not None:
                        fault.remaining -= 1
                        if fault.remaining <= 0:
                            self._faults.remove(fault)
                    return fault
        return None

    def install(self) -> Faults:
        original = _ENDPOINT._do_get_response
        self._original = original
        faults = self

        def _do_get_response(endpoint: Endpoint, request: Any, operation_model: Any, context: Any) -> Any:
            fault = faults._match(operation_model.service_model.service_name, operation_model.name)
            if fault is None:
                return original(endpoint, request, operation_model, context)
            status, code = KINDS[fault.kind]
            http: Any = AWSResponse(request.url, status, HTTPHeaders(), None)
            http._content = b""  # read by botocore's response hooks; there is no stream to read it from
            parsed = {
                "Error": {"Code": code, "Message": f"injected by the local fault layer ({fault.kind})"},
                "ResponseMetadata": {"HTTPStatusCode": status, "HTTPHeaders": {}},
            }
            return (http, parsed), None

        _ENDPOINT._do_get_response = _do_get_response
        return self

    def uninstall(self) -> None:
        if self._original is not None:
            _ENDPOINT._do_get_response = self._original
            self._original = None
        self.heal()
