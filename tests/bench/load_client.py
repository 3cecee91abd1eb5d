"""The load of issue 15 in its own process (not sharing the server's GIL): form posts from many clients
at once, and signed-in readers at the same time. Prints one JSON line: every answer's status and time,
and each receipt's application id."""

from __future__ import annotations

import copy
import http.client
import json
import sys
import threading
import time
import uuid
from typing import Any
from urllib.parse import urlsplit


def _poster(url: str, path: str, body: dict[str, Any], count: int, out: list[dict[str, Any]]) -> None:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    for _ in range(count):
        one = copy.deepcopy(body)
        one["person"]["email"] = f"load.{uuid.uuid4().hex}@example.org"
        start = time.perf_counter()
        try:
            conn.request("POST", path, body=json.dumps(one), headers={"Content-Type": "application/json"})
            response = conn.getresponse()
            answer = response.read()
        except (OSError, http.client.HTTPException) as exc:
            # Counted, not lost from the figures: a dropped connection is a failed post (status 0).
            out.append({"status": 0, "seconds": time.perf_counter() - start, "application_id": None,
                        "error": type(exc).__name__})  # fmt: skip
            conn.close()
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
            continue
        took = time.perf_counter() - start
        receipt = json.loads(answer).get("application_id") if response.status == 201 else None
        out.append({"status": response.status, "seconds": took, "application_id": receipt})


def _reader(url: str, path: str, token: str, count: int, out: list[dict[str, Any]]) -> None:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    for _ in range(count):
        start = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as exc:
            out.append({"status": 0, "seconds": time.perf_counter() - start, "error": type(exc).__name__})
            conn.close()
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
            continue
        out.append({"status": response.status, "seconds": time.perf_counter() - start})


def main(spec_file: str) -> None:
    with open(spec_file) as f:
        spec = json.load(f)
    posts: list[dict[str, Any]] = []
    reads: list[dict[str, Any]] = []
    threads = [
        threading.Thread(
            target=_poster, args=(spec["url"], spec["apply"], spec["body"], spec["posts_each"], posts)
        )
        for _ in range(spec["posters"])
    ] + [
        threading.Thread(
            target=_reader, args=(spec["url"], spec["read"], spec["token"], spec["reads_each"], reads)
        )
        for _ in range(spec["readers"])
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps({"posts": posts, "reads": reads, "seconds": time.perf_counter() - start}))


if __name__ == "__main__":
    main(sys.argv[1])
