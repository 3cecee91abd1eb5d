"""The infra tests synthesize the deployment once per session (a synth takes seconds) and read the result."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest

# Before aws_cdk is imported: jsii prints a banner for this node version otherwise.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

import aws_cdk as cdk

from infra.app import build_app, synthesize
from infra.cloud.nag import Acknowledged, Finding, acknowledgments
from shared.manifest import ServiceSpec, load_services

STAGE = "dev"


@dataclass(frozen=True)
class Synthesized:
    directory: Path
    #: The deployment as one template: each nested stack's resources inlined, its parameters replaced by
    #: what the parent passes (the graph checks read routes and roles across both).
    template: dict[str, Any]
    findings: list[Finding]
    acknowledged: list[Acknowledged]
    specs: list[ServiceSpec]
    #: Each stack's own template as CloudFormation receives it: the parent's name first, then nested ones.
    stacks: dict[str, dict[str, Any]]


def synthesize_into(
    outdir: Path, specs: list[ServiceSpec], context: dict[str, Any] | None = None
) -> Synthesized:
    app = build_app(STAGE, str(outdir), services=specs, context=context)
    directory, findings = synthesize(app)
    parent = json.loads((directory / f"Tandem-{STAGE}.template.json").read_text())
    stacks = {f"Tandem-{STAGE}": parent}
    nested: dict[str, dict[str, Any]] = {}
    for construct in app.node.find_all():
        if isinstance(construct, cdk.NestedStack):
            resource = construct.nested_stack_resource
            assert resource is not None
            logical_id = cdk.Stack.of(resource).resolve(cast(cdk.CfnResource, resource).logical_id)
            nested[logical_id] = json.loads((directory / construct.template_file).read_text())
            stacks[construct.template_file] = nested[logical_id]
    return Synthesized(directory, flatten(parent, nested), findings, acknowledgments(app), specs, stacks)


def flatten(parent: dict[str, Any], nested: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """`parent` with each nested stack (by its resource's logical id) replaced by the stack's resources."""
    resources = dict(parent["Resources"])
    for logical_id, template in nested.items():
        passed = resources.pop(logical_id)["Properties"].get("Parameters", {})
        inlined = _substitute(template["Resources"], passed)
        assert not inlined.keys() & resources.keys(), "a nested resource's logical id is the parent's too"
        resources.update(inlined)
    return {**parent, "Resources": resources}


def _substitute(expression: Any, passed: dict[str, Any]) -> Any:
    if isinstance(expression, dict):
        if set(expression) == {"Ref"} and expression["Ref"] in passed:
            return passed[expression["Ref"]]
        return {k: _substitute(v, passed) for k, v in expression.items()}
    if isinstance(expression, list):
        return [_substitute(v, passed) for v in expression]
    return expression


@pytest.fixture(scope="session")
def cloud(tmp_path_factory: pytest.TempPathFactory) -> Synthesized:
    return synthesize_into(tmp_path_factory.mktemp("cdk.out"), load_services())
