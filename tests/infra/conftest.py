"""The infra tests synthesize the deployment once per session (a synth takes seconds) and read the result."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# Before aws_cdk is imported: jsii prints a banner for this node version otherwise.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

from infra.app import build_app, synthesize
from infra.cloud.nag import Acknowledged, Finding, acknowledgments
from shared.manifest import ServiceSpec, load_services

STAGE = "dev"


@dataclass(frozen=True)
class Synthesized:
    directory: Path
    template: dict[str, Any]
    findings: list[Finding]
    acknowledged: list[Acknowledged]
    specs: list[ServiceSpec]


def synthesize_into(
    outdir: Path, specs: list[ServiceSpec], context: dict[str, Any] | None = None
) -> Synthesized:
    app = build_app(STAGE, str(outdir), services=specs, context=context)
    directory, findings = synthesize(app)
    template = json.loads((directory / f"Tandem-{STAGE}.template.json").read_text())
    return Synthesized(directory, template, findings, acknowledgments(app), specs)


@pytest.fixture(scope="session")
def cloud(tmp_path_factory: pytest.TempPathFactory) -> Synthesized:
    return synthesize_into(tmp_path_factory.mktemp("cdk.out"), load_services())
