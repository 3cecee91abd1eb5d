"""The cloud and the local runtime are wired from the same manifests: same routes, same subscriptions.

The cloud side is read back from the synthesized template (API Gateway resources and methods, EventBridge
rules and their queues); the local side from what `infra/local` actually created in moto and its router.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.infra import graph
from tests.infra.conftest import Synthesized

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def local() -> Any:
    from infra.local.wiring import describe_local_wiring

    return describe_local_wiring()


@pytest.mark.parametrize(
    ("wiring", "read"), [("routes", graph.routes), ("subscriptions", graph.subscriptions)]
)
def test_every_cloud_route_and_subscription_exists_locally_and_the_other_way_round(
    cloud: Synthesized, local: Any, wiring: str, read: Callable[[graph.Template], Any]
) -> None:
    in_cloud = read(cloud.template)

    assert in_cloud == getattr(local, wiring)
    assert in_cloud, f"no {wiring} reached the template"


def test_each_path_is_answered_by_the_same_function_in_the_cloud_and_locally(
    cloud: Synthesized, local: Any
) -> None:
    in_cloud = graph.route_handlers(cloud.template)

    assert in_cloud == local.handlers
    assert "services.intake.public_api.handler" in in_cloud.values()


def test_every_rule_accepts_the_same_sources_in_the_cloud_and_locally(cloud: Synthesized, local: Any) -> None:
    in_cloud = graph.subscription_sources(cloud.template)

    assert in_cloud == local.sources
    assert all(sources for sources in in_cloud.values()), "a rule that matches any source"


def test_the_local_openapi_merges_the_public_functions_routes() -> None:
    # In a process of its own: importing the services caches their settings (the user pool's id), which
    # would leave a later runtime in this test session talking to a pool that no longer exists.
    script = (
        "import json\n"
        "from infra.local.runtime import LocalRuntime\n"
        "with LocalRuntime(port=0, seed=False) as runtime:\n"
        "    print(json.dumps(sorted(runtime.openapi()['paths'])))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    paths = json.loads(done.stdout.strip().splitlines()[-1])

    assert "/v1/public/{tenant_slug}/programmes/{programme_id}/applications" in paths
    assert "/v1/public/{tenant_slug}/programmes/{programme_id}" in paths
    assert "/v1/programmes" in paths  # and the API function's routes alongside
