"""A partner's view: a Python client generated from the OpenAPI (openapi-python-client) works, per service.

One real call per service with routes (intake, matching; notifications has none) against the local
runtime, each answer parsed into the generated model, not left as a dict or a string.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.contract.world import PROGRAMME, World

GENERATOR = Path(sys.executable).with_name("openapi-python-client")


@pytest.fixture(scope="module")
def client_package(tmp_path_factory: pytest.TempPathFactory, built_spec: dict[str, Any]) -> Any:
    where = tmp_path_factory.mktemp("client")
    (where / "openapi.json").write_text(json.dumps(built_spec), encoding="utf-8")
    # SVG (monitoring's charts) is XML text: the client hands it over as text, as it does text/calendar.
    config = "post_hooks: []\ncontent_type_overrides:\n  image/svg+xml: text/plain\n"
    (where / "config.yaml").write_text(config, encoding="utf-8")
    done = subprocess.run(
        [
            str(GENERATOR),
            "generate",
            "--path",
            str(where / "openapi.json"),
            "--output-path",
            str(where / "tandem_client"),
            "--meta",
            "none",
            "--config",
            str(where / "config.yaml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Warning" not in done.stdout + done.stderr, done.stdout + done.stderr
    sys.path.insert(0, str(where))
    try:
        yield importlib.import_module("tandem_client")
    finally:
        sys.path.remove(str(where))
        for name in [m for m in sys.modules if m == "tandem_client" or m.startswith("tandem_client.")]:
            del sys.modules[name]


def _op(package: Any, tag: str, operation: str) -> Any:
    return importlib.import_module(f"{package.__name__}.api.{tag}.{operation}")


def _model(parsed: Any, *fields: str) -> Any:
    """A generated model with these fields, not a dict, a string or None."""
    assert parsed is not None and not isinstance(parsed, dict | str | list), repr(parsed)
    assert type(parsed).__name__ != "Problem", parsed.to_dict()
    for name in fields:
        assert getattr(parsed, name), (type(parsed).__name__, name)
    return parsed


def test_intake_through_the_generated_client(client_package: Any, world: World, contract_url: str) -> None:
    client = client_package.AuthenticatedClient(base_url=contract_url, token=world.manager)
    models = importlib.import_module(f"{client_package.__name__}.models")
    body = models.ProgrammeCreate.from_dict({**PROGRAMME, "name": "Generated client"})
    opened = _op(client_package, "programmes", "open_programme_v1_programmes_post").sync_detailed(
        client=client, body=body
    )
    assert opened.status_code == 201, opened.content
    programme = _model(opened.parsed, "programme_id", "name")
    anonymous = client_package.Client(base_url=contract_url)
    read_public = _op(
        client_package, "public", "public_programme_v1_public_tenant_slug_programmes_programme_id_get"
    )
    public = read_public.sync(client=anonymous, tenant_slug=world.slug, programme_id=programme.programme_id)
    _model(public, "name")


def test_matching_through_the_generated_client(client_package: Any, world: World, contract_url: str) -> None:
    client = client_package.AuthenticatedClient(base_url=contract_url, token=world.manager)
    models = importlib.import_module(f"{client_package.__name__}.models")
    started = _op(
        client_package, "matching", "start_run_v1_programmes_programme_id_matching_runs_post"
    ).sync_detailed(client=client, programme_id=world.programme_id, body=models.RunCreate.from_dict({}))
    assert started.status_code == 202, started.content
    accepted = _model(started.parsed, "run_id")
    run = _op(client_package, "matching", "read_run_v1_matching_runs_run_id_get").sync(
        client=client, run_id=accepted.run_id
    )
    _model(run, "run_id", "status")
    match = _op(client_package, "matches", "read_match_v1_matches_match_id_get").sync(
        client=client_package.AuthenticatedClient(base_url=contract_url, token=world.mentee_in.token),
        match_id=world.match_id,
    )
    assert _model(match, "match_id").match_id == world.match_id
