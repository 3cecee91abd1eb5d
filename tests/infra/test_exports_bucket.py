"""The export bucket (issue 14), read from the synthesized template: private, the deployment's key, TLS
only, objects gone after 7 days; only the functions that need it reach it (every events function may
write its part; intake's events function also reads and deletes; intake's API function only reads)."""

from __future__ import annotations

from typing import Any

from shared.manifest import load_services
from tests.infra import graph
from tests.infra.conftest import Synthesized

SPECS = {spec.name: spec for spec in load_services()}


def _bucket(cloud: Synthesized) -> tuple[str, dict[str, Any]]:
    [(lid, bucket)] = graph.resources_of(cloud.template, "AWS::S3::Bucket").items()
    return lid, bucket["Properties"]


def test_the_bucket_is_private_encrypted_and_keeps_exports_7_days(cloud: Synthesized) -> None:
    lid, props = _bucket(cloud)
    [rule] = props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    assert graph.refs(rule["ServerSideEncryptionByDefault"]["KMSMasterKeyID"])
    assert all(props["PublicAccessBlockConfiguration"].values())
    [expiry] = props["LifecycleConfiguration"]["Rules"]
    assert expiry["ExpirationInDays"] == 7 and expiry["Status"] == "Enabled"
    policies = [
        p["Properties"]
        for p in graph.resources_of(cloud.template, "AWS::S3::BucketPolicy").values()
        if lid in graph.refs(p["Properties"]["Bucket"])
    ]
    denies = [
        s
        for p in policies
        for s in p["PolicyDocument"]["Statement"]
        if s["Effect"] == "Deny"
        and s.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") == "false"
    ]
    assert denies, "the bucket must refuse requests without TLS"


def test_only_the_functions_that_need_it_reach_the_bucket(cloud: Synthesized) -> None:
    lid, _ = _bucket(cloud)
    roles = graph.role_services(cloud.template)
    reached: dict[str, set[str]] = {}
    for granted in graph.identity_statements(cloud.template):
        if lid not in graph.refs(granted.statement.get("Resource")):
            continue
        for role in granted.roles:
            reached.setdefault(role, set()).update(str(a) for a in graph.as_list(granted.statement["Action"]))
    by_function: dict[tuple[str, str], set[str]] = {}
    for function in graph.resources_of(cloud.template, "AWS::Lambda::Function").values():
        [role] = graph.refs(function["Properties"]["Role"])
        tag = graph.tandem(function)
        if role in reached and tag:
            by_function[(tag["service"], tag["function"])] = reached[role]
    assert roles  # the template's roles are known by service
    expected = {(name, "events"): {"s3:PutObject"} for name, spec in SPECS.items() if spec.export_parts}
    expected[("intake", "events")] = {"s3:DeleteObject", "s3:GetObject", "s3:PutObject", "s3:ListBucket"}
    expected[("intake", "api")] = {"s3:GetObject", "s3:ListBucket"}
    assert by_function == expected
