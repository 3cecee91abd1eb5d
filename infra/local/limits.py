"""A rate limit on the anonymous paths, per client address and tenant: WAF's part, on this machine."""

from __future__ import annotations

import os
import threading
import time
from collections import defaultdict, deque

from infra.local.front import HttpResult, problem_result

_BUSY_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Please wait a moment</title></head>
<body>
<h1>Please wait a moment</h1><p>Many forms were sent from your connection. Please go back and send yours again
in a minute.</p>
<p lang="de"><strong>Bitte warten Sie einen Moment.</strong> Von Ihrer Verbindung kamen viele Formulare.
Gehen Sie zurück und senden Sie Ihres in einer Minute noch einmal.</p>
<p lang="pl"><strong>Prosimy chwilę poczekać.</strong> Z Twojego połączenia wysłano wiele formularzy.
Wróć i wyślij swój ponownie za minutę.</p></body></html>"""


class RateLimiter:
    """At most `per_minute` anonymous POSTs (applications, form posts) per client address and tenant."""

    def __init__(self, per_minute: int | None = None, window: float = 60.0) -> None:
        self.per_minute = per_minute or int(os.environ.get("TANDEM_LOCAL_RATE_LIMIT", "30"))
        self._window = window
        self._hits: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def __call__(self, method: str, source_ip: str, path: str) -> HttpResult | None:
        if method != "POST":
            return None
        parts = [p for p in path.split("/") if p]
        # /v1/public/<tenant>/... and /forms/<tenant>/...: the tenant slug follows the prefix.
        tenant = (
            parts[2]
            if parts[:2] == ["v1", "public"] and len(parts) > 2
            else parts[1]
            if len(parts) > 1
            else ""
        )
        key = (source_ip, tenant)
        now = time.monotonic()
        with self._lock:
            hits = self._hits[key]
            while hits and hits[0] <= now - self._window:
                hits.popleft()
            if len(hits) >= self.per_minute:
                retry = int(hits[0] + self._window - now) + 1
                if parts[:1] in (["forms"], ["app"]):
                    # A person at a web form gets a page, in the three shipped languages, not JSON.
                    headers = [("Content-Type", "text/html; charset=utf-8"), ("Retry-After", str(retry))]
                    return HttpResult(429, headers, _BUSY_PAGE.encode())
                result = problem_result(
                    429,
                    "Too many submissions from your address; try again shortly.",
                    retry_after_seconds=retry,
                )
                return HttpResult(429, [*result.headers, ("Retry-After", str(retry))], result.body)
            hits.append(now)
        return None
