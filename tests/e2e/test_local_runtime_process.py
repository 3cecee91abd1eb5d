"""`make run`'s process: honours PORT and TANDEM_SEED=0, prints where things are, and stops on Ctrl-C."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from infra.local.seed import ADMIN_EMAIL

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_runtime_serves_on_port_starts_empty_and_stops_on_ctrl_c():
    port = free_port()
    env = {**os.environ, "PORT": str(port), "TANDEM_SEED": "0"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "infra.local"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            lines.append(line)
            if "Press Ctrl-C" in line:
                break
        printed = "".join(lines)
        assert f"http://127.0.0.1:{port}/docs" in printed
        assert "Demo manager" not in printed  # TANDEM_SEED=0: only the admin
        assert f'{{"email": "{ADMIN_EMAIL}"}}' in printed
        assert requests.get(f"http://127.0.0.1:{port}/docs", timeout=5).status_code == 200
        admin = requests.post(f"http://127.0.0.1:{port}/local/token", json={"email": ADMIN_EMAIL}, timeout=5)
        token = admin.json()["id_token"]
        tenants = requests.get(
            f"http://127.0.0.1:{port}/v1/tenants", headers={"Authorization": f"Bearer {token}"}, timeout=5
        ).json()["items"]
        assert tenants == []
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
