"""cdk-nag passes (each finding fixed or acknowledged with a reason); the assets hold what they should."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import aws_cdk as cdk
import pytest
from packaging.utils import canonicalize_name

from infra import app
from infra.cloud.bundling import LOCK, runtime_requirements
from infra.cloud.nag import Finding
from shared.manifest import SERVICE_NAMES, is_web_path
from tests.infra import graph
from tests.infra.conftest import Synthesized

LAMBDA_UNZIPPED_LIMIT = 250 * 1024 * 1024


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _asset_dir(cloud: Synthesized, code: dict[str, object]) -> Path:
    return cloud.directory / f"asset.{str(code['S3Key']).removesuffix('.zip')}"


def test_cdk_nag_leaves_no_finding_unacknowledged(cloud: Synthesized) -> None:
    assert [str(f) for f in cloud.findings] == []


def test_every_acknowledgment_gives_its_reason(cloud: Synthesized) -> None:
    assert cloud.acknowledged, "cdk-nag acknowledgments were expected (e.g. the public form routes)"
    for ack in cloud.acknowledged:
        assert ack.rule.startswith("AwsSolutions-"), ack
        assert len(ack.reason) >= 60, f"{ack.path} {ack.rule}: say why"


def test_the_public_routes_and_the_web_pages_are_the_only_unauthorized_methods_acknowledged(
    cloud: Synthesized,
) -> None:
    methods = graph.routed_methods(cloud.template)
    unauthorized = [m for m in methods if m.authorization == "NONE"]
    for rule in ("AwsSolutions-APIG4", "AwsSolutions-COG4"):
        acknowledged = [a for a in cloud.acknowledged if a.rule == rule]

        assert len(acknowledged) == len(unauthorized), rule
        assert all(a.path.endswith("/ANY") for a in acknowledged), rule
        # Each says which kind of route it is: a public form or data, or a page that checks its cookie.
        assert len([a for a in acknowledged if "session cookie" in a.reason]) == len(
            [m for m in unauthorized if is_web_path(m.path)]
        )
    assert any(is_web_path(m.path) for m in unauthorized)


def test_a_functions_asset_is_its_service_folder_shared_and_every_manifest_only(cloud: Synthesized) -> None:
    for function in graph.resources_of(cloud.template, "AWS::Lambda::Function").values():
        service = graph.tandem(function)["service"]
        asset = _asset_dir(cloud, function["Properties"]["Code"])
        services = asset / "services"

        assert sorted(p.name for p in asset.iterdir()) == ["services", "shared"]
        assert sorted(p.name for p in services.iterdir()) == sorted(["__init__.py", *SERVICE_NAMES])
        assert (services / service / "api.py").exists() or (services / service / "events.py").exists()
        # Another service is there only as far as the navigation needs it: its manifest, not its code.
        for other in SERVICE_NAMES:
            if other != service:
                assert sorted(p.name for p in (services / other).iterdir()) == ["__init__.py", "manifest.py"]
        assert not list(asset.rglob("__pycache__"))
        assert _size(asset) < 5 * 1024 * 1024


# Run inside the asset alone (the repository is not on the path): what the page code does with the manifests.
_NAVIGATION_IN_ASSET = """
import json, os, sys
from shared.manifest import SERVICE_NAMES, load_services
from shared.web import nav
specs = load_services()
ours = [m.__file__ for n, m in sys.modules.items() if n.split(".")[0] in ("shared", "services")]
assert all(f.startswith(os.getcwd()) for f in ours if f), "imported from outside the asset"
print(json.dumps({"services": [s.name for s in specs], "nav": len(nav.entries())}))
"""


def _run_in(asset: Path, script: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=asset,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(asset)},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_every_asset_loads_every_manifest_and_builds_the_navigation(cloud: Synthesized) -> None:
    assets = {
        _asset_dir(cloud, f["Properties"]["Code"])
        for f in graph.resources_of(cloud.template, "AWS::Lambda::Function").values()
    }
    expected_entries = sum(len(s.nav) for s in cloud.specs)

    assert len(assets) > 1
    for asset in sorted(assets):
        loaded = json.loads(_run_in(asset, _NAVIGATION_IN_ASSET))
        assert loaded == {"services": list(SERVICE_NAMES), "nav": expected_entries}, asset.name


def test_the_sign_in_mail_trigger_runs_from_its_asset(cloud: Synthesized) -> None:
    [trigger] = [
        f
        for f in graph.resources_of(cloud.template, "AWS::Lambda::Function").values()
        if graph.tandem(f)["function"] == "signinmail"
    ]
    module, _, function = trigger["Properties"]["Handler"].rpartition(".")
    script = (
        "import importlib, json\n"
        f"handler = getattr(importlib.import_module({module!r}), {function!r})\n"
        "event = {'triggerSource': 'CustomMessage_Authentication', "
        "'request': {'userAttributes': {'locale': 'pl'}}, 'response': {}}\n"
        "print(json.dumps(handler(event, None)['response']))\n"
    )

    response = json.loads(_run_in(_asset_dir(cloud, trigger["Properties"]["Code"]), script))

    assert "{####}" in response["emailMessage"]
    assert response["emailSubject"]


def _layers(cloud: Synthesized) -> dict[str, Path]:
    """Each layer's logical id and its `python/` folder."""
    return {
        lid: _asset_dir(cloud, layer["Properties"]["Content"]) / "python"
        for lid, layer in graph.resources_of(cloud.template, "AWS::Lambda::LayerVersion").items()
    }


def function_sizes(cloud: Synthesized) -> dict[str, tuple[int, int]]:
    """Every function's unzipped size, as (its code, its layers), by service/function."""
    layers = {lid: _size(site) for lid, site in _layers(cloud).items()}
    sizes = {}
    for function in graph.resources_of(cloud.template, "AWS::Lambda::Function").values():
        mark = graph.tandem(function)
        code = _size(_asset_dir(cloud, function["Properties"]["Code"]))
        attached = sum(
            layers[next(iter(graph.refs(ref)))] for ref in function["Properties"].get("Layers", [])
        )
        sizes[f"{mark.get('service')}/{mark.get('function')}"] = (code, attached)
    return sizes


def test_two_layers_hold_the_runtime_packages_without_the_sdk_and_every_function_fits_lambda(
    cloud: Synthesized,
) -> None:
    sites = _layers(cloud)
    installed = {
        lid: {canonicalize_name(p.name.split("-")[0]) for p in site.glob("*.dist-info")}
        for lid, site in sites.items()
    }
    [core] = [names for lid, names in installed.items() if lid.startswith("Dependencies")]
    [scientific] = [names for lid, names in installed.items() if lid.startswith("ScientificDependencies")]

    assert {"aws-lambda-powertools", "pynamodb", "pydantic", "jinja2", "pyjwt"} <= core
    assert scientific == {"numpy", "scipy"}
    assert not core & scientific
    for lid, site in sites.items():
        assert not {"boto3", "botocore", "s3transfer"} & installed[lid]
        assert not list(site.rglob("__pycache__"))
    assert not [r for r in runtime_requirements() if r.lower().startswith("boto")]
    sizes = function_sizes(cloud)
    print("\n== unzipped size per function (code + layers) ==")
    for name, (code, layers) in sorted(sizes.items()):
        mb = (code + layers) / 2**20
        print(f"  {name:<28} {mb:6.1f} MB  (code {code / 2**20:.1f}, layers {layers / 2**20:.1f})")
    assert max(code + layers for code, layers in sizes.values()) < LAMBDA_UNZIPPED_LIMIT


def test_only_the_functions_that_score_get_the_scientific_layer(cloud: Synthesized) -> None:
    with_scientific = {
        (graph.tandem(f)["service"], graph.tandem(f)["function"])
        for f in graph.resources_of(cloud.template, "AWS::Lambda::Function").values()
        if any(
            lid.startswith("ScientificDependencies")
            for ref in f["Properties"].get("Layers", [])
            for lid in graph.refs(ref)
        )
    }

    assert with_scientific == {
        (spec.name, kind) for spec in cloud.specs for kind in spec.scientific_functions
    }
    assert with_scientific <= {("matching", "api"), ("matching", "events")}


def test_the_assembly_is_written_where_it_was_asked(cloud: Synthesized) -> None:
    manifest = json.loads((cloud.directory / "manifest.json").read_text())

    assert "Tandem-dev" in manifest["artifacts"]


def test_the_layers_run_the_versions_the_tests_ran(cloud: Synthesized) -> None:
    locked = dict(
        (canonicalize_name(name), version)
        for name, version in (line.split("==", 1) for line in LOCK.read_text().split() if "==" in line)
    )
    in_layer = {
        canonicalize_name(name): version
        for site in _layers(cloud).values()
        for name, version in (
            p.name.removesuffix(".dist-info").split("-", 1) for p in site.glob("*.dist-info")
        )
    }

    assert {n: v for n, v in in_layer.items() if locked.get(n) != v} == {}


def test_the_app_prints_an_unacknowledged_finding_and_exits_non_zero(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    finding = Finding("AwsSolutions", "AwsSolutions-SQS3", "error", "no DLQ", ("Tandem-dev/Stray/Resource",))
    monkeypatch.setattr(app, "build_app", lambda stage, outdir: cdk.App())
    monkeypatch.setattr(app, "synthesize", lambda _: (Path("cdk.out"), [finding]))

    assert app.main(["--stage", "dev"]) == 1
    assert "AwsSolutions-SQS3: no DLQ\n    at Tandem-dev/Stray/Resource" in capsys.readouterr().err
