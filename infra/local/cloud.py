"""The AWS side of the local runtime: moto in this process, resources created from the service manifests.

Nothing here lists a table, rule or queue of its own: everything comes from `shared.manifest`.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field
from typing import Any

import boto3
from moto import mock_aws
from moto.core.models import DEFAULT_ACCOUNT_ID

from infra.local import fast_queues, fast_transactions
from infra.local.authorizer import moto_jwks
from shared import config
from shared.auth import Role
from shared.manifest import ServiceSpec
from shared.tokens import MACHINE_SCOPE, TOKEN_SIGNING_KEYS

#: Named here as in services/intake/privacy/links.py (infra does not import a service's code).
LOCAL_EXPORT_LINK_KEY = "LOCAL_EXPORT_LINK_KEY"
REGION = "eu-central-1"
ACCOUNT = DEFAULT_ACCOUNT_ID
BUS = "tandem-local"
SENDER = "no-reply@tandem.local"
# Locally a failed record comes back after this many seconds (the cloud waits the queue's visibility timeout).
RETRY_AFTER_SECONDS = 1


@dataclass
class ServiceQueues:
    service: ServiceSpec
    queue_url: str
    queue_arn: str
    dlq_url: str
    rules: dict[str, str] = field(default_factory=dict)  # subscription name → rule name


@dataclass
class LocalCloud:
    """Handles to the moto resources the runtime created."""

    specs: list[ServiceSpec]
    user_pool_id: str = ""
    client_id: str = ""
    queues: dict[str, ServiceQueues] = field(default_factory=dict)
    environment: dict[str, str] = field(default_factory=dict)
    _mock: Any = None

    def stop(self) -> None:
        if self._mock is not None:
            self._mock.stop()
            self._mock = None


def aws_environment() -> None:
    """Fake credentials and the region, so no call can reach a real account."""
    os.environ.update(
        {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SESSION_TOKEN": "testing",
            "AWS_DEFAULT_REGION": REGION,
            "AWS_REGION": REGION,
            "POWERTOOLS_TRACE_DISABLED": "true",
            "POWERTOOLS_METRICS_DISABLED": "true",
            "POWERTOOLS_LOG_LEVEL": os.environ.get("POWERTOOLS_LOG_LEVEL", "WARNING"),
        }
    )


def start(specs: list[ServiceSpec], public_base_url: str) -> LocalCloud:
    aws_environment()
    # Transactions cost what they touch, not the size of the table (the runtime's tables only grow).
    fast_transactions.install()
    fast_queues.install()
    mock = mock_aws()
    mock.start()
    cloud = LocalCloud(specs=specs, _mock=mock)
    try:
        events = boto3.client("events")
        events.create_event_bus(Name=BUS)
        _user_pool(cloud)
        boto3.client("ses").verify_email_identity(EmailAddress=SENDER)
        env = {
            config.EVENT_BUS_NAME: BUS,
            config.USER_POOL_ID: cloud.user_pool_id,
            config.USER_POOL_CLIENT_ID: cloud.client_id,
            config.SENDER_EMAIL: SENDER,
            config.PUBLIC_BASE_URL: public_base_url,
            config.STAGE: "local",
            # Cognito's token endpoint, answered by the local front (infra/local/oauth.py).
            config.OAUTH_TOKEN_URL: f"{public_base_url}/oauth2/token",
            # The pages verify the session cookie with the pool's keys; under moto they cannot be fetched.
            TOKEN_SIGNING_KEYS: json.dumps(moto_jwks()),
        }
        for spec in specs:
            env.update(_tables(spec))
            if spec.subscriptions:
                cloud.queues[spec.name] = _queues(spec, events)
            if spec.uses_scheduler and spec.name in cloud.queues:
                env.update(_schedule_group(spec, cloud.queues[spec.name].queue_arn))
        if any(spec.export_parts for spec in specs):
            env.update(_export_bucket())
        cloud.environment = env
        os.environ.update(env)
    except Exception:
        mock.stop()
        raise
    return cloud


#: The bucket a person's exports are written to (issue 14), as in the cloud: private, expiring in 7 days.
EXPORT_BUCKET = "tandem-local-exports"


def _export_bucket() -> dict[str, str]:
    from shared.privacy import EXPORT_BUCKET_NAME, EXPORT_DAYS, EXPORT_PREFIX

    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=EXPORT_BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    s3.put_public_access_block(
        Bucket=EXPORT_BUCKET,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    s3.put_bucket_lifecycle_configuration(
        Bucket=EXPORT_BUCKET,
        LifecycleConfiguration={
            "Rules": [
                {
                    "ID": "exports-expire",
                    "Filter": {"Prefix": f"{EXPORT_PREFIX}/"},
                    "Status": "Enabled",
                    "Expiration": {"Days": EXPORT_DAYS},
                }
            ]
        },
    )
    # moto's presigned URLs name s3.amazonaws.com: the runtime serves export links itself, signed with
    # this key (services/intake/privacy/links.py, infra/local/local_routes.py).
    return {EXPORT_BUCKET_NAME: EXPORT_BUCKET, LOCAL_EXPORT_LINK_KEY: secrets.token_hex(32)}


def _tables(spec: ServiceSpec) -> dict[str, str]:
    dynamodb = boto3.client("dynamodb")
    env = {}
    for table in spec.tables:
        name = f"tandem-local-{spec.name}-{table.logical_name}"
        attributes = {table.partition_key, table.sort_key}
        gsis = []
        for index in table.indexes:
            keys = [{"AttributeName": index.partition_key, "KeyType": "HASH"}]
            attributes.add(index.partition_key)
            if index.sort_key:
                keys.append({"AttributeName": index.sort_key, "KeyType": "RANGE"})
                attributes.add(index.sort_key)
            gsis.append({"IndexName": index.name, "KeySchema": keys, "Projection": {"ProjectionType": "ALL"}})
        kwargs: dict[str, Any] = {"GlobalSecondaryIndexes": gsis} if gsis else {}
        dynamodb.create_table(
            TableName=name,
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in sorted(attributes)],
            KeySchema=[
                {"AttributeName": table.partition_key, "KeyType": "HASH"},
                {"AttributeName": table.sort_key, "KeyType": "RANGE"},
            ],
            # The outbox's way out, as in the cloud (infra/local/relay.py reads it).
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
            **kwargs,
        )
        dynamodb.update_time_to_live(
            TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": table.ttl_attribute}
        )
        env[table.env_var] = name
    return env


def _queues(spec: ServiceSpec, events: Any) -> ServiceQueues:
    sqs = boto3.client("sqs")
    dlq_url = sqs.create_queue(QueueName=f"tandem-local-{spec.name}-events-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    redrive = {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": str(spec.max_receive_count)}
    url = sqs.create_queue(
        QueueName=f"tandem-local-{spec.name}-events",
        Attributes={"VisibilityTimeout": "30", "RedrivePolicy": json.dumps(redrive)},
    )["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    queues = ServiceQueues(service=spec, queue_url=url, queue_arn=arn, dlq_url=dlq_url)
    for sub in spec.subscriptions:
        rule = f"tandem-local-{spec.name}-{sub.name}"
        events.put_rule(Name=rule, EventBusName=BUS, EventPattern=json.dumps(sub.pattern()))
        events.put_targets(Rule=rule, EventBusName=BUS, Targets=[{"Id": "queue", "Arn": arn}])
        queues.rules[sub.name] = rule
    return queues


def _schedule_group(spec: ServiceSpec, queue_arn: str) -> dict[str, str]:
    """The service's schedule group, firing into its queue (infra/cloud/service.py `_schedules`); the
    clock (clock.py) fires what is due. One process holds every service, so one group's variables fit."""
    group = f"tandem-local-{spec.name}"
    boto3.client("scheduler").create_schedule_group(Name=group)
    env = {
        "SCHEDULE_GROUP_NAME": group,
        "SCHEDULER_ROLE_ARN": f"arn:aws:iam::{ACCOUNT}:role/{group}-scheduler",
        "SCHEDULE_TARGET_ARN": queue_arn,
    }
    # Also under the service's own prefix: a second service with a scheduler (monitoring) reads its own.
    return {**env, **{f"{spec.name.upper()}_{k}": v for k, v in env.items()}}


def _user_pool(cloud: LocalCloud) -> None:
    idp = boto3.client("cognito-idp")
    pool = idp.create_user_pool(
        PoolName="tandem-local",
        # No e-mail username: accounts are per municipality (`<tenant_id>#<e-mail>`, see intake's directory).
        Schema=[
            {"Name": n, "AttributeDataType": "String", "Mutable": True, "DeveloperOnlyAttribute": False}
            for n in ("tenant_id", "tenant_slug", "person_id")
        ],
    )["UserPool"]
    cloud.user_pool_id = pool["Id"]
    for role in Role:
        idp.create_group(GroupName=role.value, UserPoolId=cloud.user_pool_id)
    readable = [
        "email",
        "given_name",
        "family_name",
        "locale",
        "custom:tenant_id",
        "custom:tenant_slug",
        "custom:person_id",
    ]
    client = idp.create_user_pool_client(
        UserPoolId=cloud.user_pool_id,
        ClientName="tandem-local-web",
        ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        ReadAttributes=readable,
        WriteAttributes=["given_name", "family_name", "locale"],
    )["UserPoolClient"]
    cloud.client_id = client["ClientId"]
    # The resource server whose scope partner systems' app clients are allowed (infra/cloud/core.py).
    idp.create_resource_server(
        UserPoolId=cloud.user_pool_id,
        Identifier=MACHINE_SCOPE.split("/")[0],
        Name="Tandem API",
        Scopes=[
            {"ScopeName": MACHINE_SCOPE.split("/")[1], "ScopeDescription": "create and update applicants"}
        ],
    )
