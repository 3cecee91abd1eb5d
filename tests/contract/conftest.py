"""The contract suite's runtime: `python -m infra.local` in its own process, with a small world in it."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.contract.world import HttpClient, World, build_world, runtime_process

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def contract_url() -> Iterator[str]:
    with runtime_process() as url:
        yield url


@pytest.fixture(scope="session")
def contract_client(contract_url: str) -> HttpClient:
    return HttpClient(contract_url)


@pytest.fixture(scope="session")
def world(contract_client: HttpClient) -> World:
    return build_world(contract_client)


@pytest.fixture(scope="session")
def served_spec(contract_client: HttpClient) -> dict[str, Any]:
    r = contract_client.call("GET", "/openapi.json")
    assert r.status_code == 200
    return dict(r.json())


@pytest.fixture(scope="session")
def built_spec() -> dict[str, Any]:
    """The document as `make openapi` builds it, in a process of its own (placeholder settings)."""
    command = [sys.executable, "-m", "shared.openapi", "--print"]
    out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return dict(json.loads(out.stdout))
