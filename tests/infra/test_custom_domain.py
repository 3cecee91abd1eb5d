"""A deployment with its own domain: the stage sits at the domain's root, where the pages' links start."""

from __future__ import annotations

import pytest

from infra.cloud.settings import DeploymentSettings
from shared.manifest import load_services
from tests.infra import graph
from tests.infra.conftest import Synthesized, synthesize_into

DOMAIN = "mentoring.example.org"
CERTIFICATE = "arn:aws:acm:eu-central-1:123456789012:certificate/0a1b2c3d"


@pytest.fixture(scope="module")
def with_domain(tmp_path_factory: pytest.TempPathFactory) -> Synthesized:
    context = {"domain_name": DOMAIN, "certificate_arn": CERTIFICATE}
    return synthesize_into(tmp_path_factory.mktemp("cdk.out"), load_services(), context)


def test_the_stage_is_mapped_at_the_root_of_the_domain(with_domain: Synthesized) -> None:
    [(domain_id, domain)] = graph.resources_of(with_domain.template, "AWS::ApiGateway::DomainName").items()
    [mapping] = graph.resources_of(with_domain.template, "AWS::ApiGateway::BasePathMapping").values()
    [stage] = graph.resources_of(with_domain.template, "AWS::ApiGateway::Stage")

    assert domain["Properties"]["DomainName"] == DOMAIN
    assert domain["Properties"]["RegionalCertificateArn"] == CERTIFICATE
    assert domain["Properties"]["SecurityPolicy"] == "TLS_1_2"
    assert graph.refs(mapping["Properties"]["DomainName"]) == {domain_id}
    assert graph.refs(mapping["Properties"]["Stage"]) == {stage}
    assert "BasePath" not in mapping["Properties"]  # the root: `/app/...` is the page, not `/<stage>/app`
    assert "DomainTarget" in with_domain.template["Outputs"]


def test_every_function_links_to_the_domain(with_domain: Synthesized) -> None:
    functions = graph.resources_of(with_domain.template, "AWS::Lambda::Function").values()
    linked = {
        f["Properties"]["Environment"]["Variables"].get("PUBLIC_BASE_URL")
        for f in functions
        if "PUBLIC_BASE_URL" in f["Properties"]["Environment"]["Variables"]
    }

    assert linked == {f"https://{DOMAIN}"}
    assert with_domain.template["Outputs"]["ApiUrl"]["Value"] == f"https://{DOMAIN}"


def test_a_domain_passes_cdk_nag(with_domain: Synthesized) -> None:
    assert [str(f) for f in with_domain.findings] == []


def test_without_a_domain_there_is_no_domain_resource(cloud: Synthesized) -> None:
    assert graph.resources_of(cloud.template, "AWS::ApiGateway::DomainName") == {}


@pytest.mark.parametrize(
    "given",
    [
        {"domain_name": DOMAIN},
        {"certificate_arn": CERTIFICATE},
        {"domain_name": DOMAIN, "certificate_arn": "x"},
    ],
)
def test_a_domain_needs_its_certificate(given: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="certificate_arn"):
        DeploymentSettings(stage="dev", **given)
