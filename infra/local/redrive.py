"""`make redrive`: moves every dead letter of the running local runtime back to its queue.

The cloud's equivalent is SQS's message move task, per DLQ (docs/operations.md, "Dead letters").
"""

from __future__ import annotations

import json
import os
import sys
import urllib.request

DEFAULT_URL = "http://127.0.0.1:8000"


def main(argv: list[str] | None = None) -> int:
    """Returns how many messages moved (and prints them per service)."""
    args = sys.argv[1:] if argv is None else argv
    url = (args[0] if args else os.environ.get("TANDEM_URL", DEFAULT_URL)).rstrip("/")
    if not url.startswith("http://127.0.0.1"):
        raise SystemExit("redrive talks only to a local runtime on 127.0.0.1")
    request = urllib.request.Request(f"{url}/local/redrive", method="POST", data=b"")  # noqa: S310 - 127.0.0.1
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - 127.0.0.1 only
        moved: dict[str, int] = json.loads(response.read())["moved"]
    for service, count in moved.items():
        print(f"{service}: {count} message(s) moved back to the queue")
    return sum(moved.values())


if __name__ == "__main__":
    main()
