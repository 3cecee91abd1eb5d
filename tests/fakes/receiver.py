"""A partner's receiver on a free 127.0.0.1 port: records every event POSTed to it, and can be told to
fail its first N requests (or all of them) to test retries and the dead-letter queue."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    at: float  # time.monotonic() when it arrived
    path: str
    headers: dict[str, str]
    event: dict[str, Any]


@dataclass
class Receiver:
    url: str = ""
    fail_first: int = 0
    fail_always: bool = False
    requests: int = 0
    received: list[Received] = field(default_factory=list)
    _arrived: threading.Condition = field(default_factory=threading.Condition)

    def answer(self, path: str, headers: dict[str, str], event: dict[str, Any]) -> int:
        with self._arrived:
            self.requests += 1
            if self.fail_always or self.requests <= self.fail_first:
                return 503
            self.received.append(Received(time.monotonic(), path, headers, event))
            self._arrived.notify_all()
            return 204

    def events(self, detail_type: str | None = None) -> list[dict[str, Any]]:
        return [r.event for r in self.received if detail_type in (None, r.event.get("detail-type"))]

    def wait_for(self, predicate: Any, timeout: float = 5.0) -> list[Received]:
        """The received events that satisfy `predicate` (one at least), waiting up to `timeout`."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                found = [r for r in self.received if predicate(r.event)]
                left = deadline - time.monotonic()
                if found or left <= 0:
                    return found
                self._arrived.wait(left)


@contextmanager
def receiver(**options: Any) -> Iterator[Receiver]:
    state = Receiver(**options)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k.lower(): v for k, v in self.headers.items()}
            status = state.answer(self.path, headers, json.loads(body or b"{}"))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}/tandem-events"
    thread = threading.Thread(target=server.serve_forever, name="receiver", daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
