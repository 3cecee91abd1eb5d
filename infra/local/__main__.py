"""`python -m infra.local` (what `make run` starts): the whole system on http://127.0.0.1:8000."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading

from infra.local.runtime import LocalRuntime
from infra.local.seed import ADMIN_EMAIL


def main() -> int:
    port = int(os.environ.get("PORT", "8000"))
    seed = os.environ.get("TANDEM_SEED", "1") != "0"
    runtime = LocalRuntime(port=port, seed=seed)
    print(f"Starting Tandem on http://127.0.0.1:{port} ...", flush=True)
    runtime.start()
    url = runtime.url
    lines = [
        "",
        f"Tandem is running on {url}",
        f"  API docs (Swagger UI)  {url}/docs      OpenAPI: {url}/openapi.json",
        f"  Sent e-mails and SMS   {url}/local/outbox",
        f'  Sign in                curl -s -X POST {url}/local/token -d \'{{"email": "{ADMIN_EMAIL}"}}\'',
    ]
    if runtime.seeded:
        s = runtime.seeded
        lines += [
            f"  Demo manager           {s['manager']}   (tenant '{s['tenant_slug']}')",
            f"  Demo programme         {s['programme_id']}",
            f"  Mentee form            {s['form_links']['mentee']}",
            f"  Mentor form            {s['form_links']['mentor']}",
        ]
    lines += ["", "Press Ctrl-C to stop."]
    print("\n".join(lines), flush=True)
    stopped = threading.Event()
    # Both set explicitly: a shell that starts us in the background leaves SIGINT ignored otherwise.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopped.set())
    with contextlib.suppress(KeyboardInterrupt):
        while not stopped.wait(0.5):
            pass
    print("\nStopping ...", flush=True)
    runtime.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
