"""The outbox's way to the bus in the cloud: the table's stream → an EventBridge Pipe → the bus.

A service writes its events as outbox items in its own table, in the same transaction as the write
(shared/storage/outbox.py). The Pipe keeps only new outbox items (`pk` ending in `#OUTBOX`), and puts each
item's `detail` — the whole envelope, as JSON — on the bus with the item's `source` and `event_type`. The
local runtime's relay (infra/local/relay.py) does the same from moto's streams.

A record the bus refuses is retried until the stream lets it go (24 hours): an outage of the bus delays
events, it does not lose them. The alarm says when the Pipe fails, so nobody waits a day to hear of it.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_pipes as pipes
from constructs import Construct

from infra.cloud.core import Core
from shared.storage.outbox import PK_SUFFIX

STREAM_VIEW = dynamodb.StreamViewType.NEW_IMAGE
#: Only new outbox items: the TTL's removal of a relayed item and every other write stay behind.
FILTER = {"eventName": ["INSERT"], "dynamodb": {"NewImage": {"pk": {"S": [{"suffix": PK_SUFFIX}]}}}}
#: The image's envelope is JSON text; unquoted in the template, it becomes the event's `detail` as it is.
INPUT_TEMPLATE = "<$.dynamodb.NewImage.detail.S>"
BATCH_SIZE = 10  # PutEvents takes at most 10 entries


class OutboxPipe(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, table: dynamodb.Table, core: Core, service: str
    ) -> None:
        super().__init__(scope, construct_id)
        assert table.table_stream_arn is not None, "the outbox needs the table's stream"
        role = iam.Role(self, "Role", assumed_by=iam.ServicePrincipal("pipes.amazonaws.com"))
        role.attach_inline_policy(
            iam.Policy(
                self,
                "Read",
                statements=[
                    iam.PolicyStatement(
                        actions=[
                            "dynamodb:DescribeStream",
                            "dynamodb:GetRecords",
                            "dynamodb:GetShardIterator",
                            "dynamodb:ListStreams",
                        ],
                        resources=[table.table_stream_arn],
                    ),
                    iam.PolicyStatement(actions=["kms:Decrypt"], resources=[core.key.key_arn]),
                    iam.PolicyStatement(actions=["events:PutEvents"], resources=[core.bus.event_bus_arn]),
                ],
            )
        )
        self.pipe = pipes.CfnPipe(
            self,
            "Pipe",
            role_arn=role.role_arn,
            source=table.table_stream_arn,
            source_parameters=pipes.CfnPipe.PipeSourceParametersProperty(
                dynamo_db_stream_parameters=pipes.CfnPipe.PipeSourceDynamoDBStreamParametersProperty(
                    starting_position="TRIM_HORIZON",
                    batch_size=BATCH_SIZE,
                    maximum_retry_attempts=-1,  # until the stream's 24 hours: a bus outage loses nothing
                ),
                filter_criteria=pipes.CfnPipe.FilterCriteriaProperty(
                    filters=[pipes.CfnPipe.FilterProperty(pattern=cdk.Stack.of(self).to_json_string(FILTER))]
                ),
            ),
            target=core.bus.event_bus_arn,
            target_parameters=pipes.CfnPipe.PipeTargetParametersProperty(
                input_template=INPUT_TEMPLATE,
                event_bridge_event_bus_parameters=pipes.CfnPipe.PipeTargetEventBridgeEventBusParametersProperty(
                    source="$.dynamodb.NewImage.source.S",
                    detail_type="$.dynamodb.NewImage.event_type.S",
                ),
            ),
        )
        # Read by the infra tests: the Pipe's role reaches its own service's table (stream) only.
        self.pipe.add_metadata("Tandem", {"service": service, "pipe": "outbox"})
        core.alarm(
            self,
            "FailedAlarm",
            cloudwatch.Metric(
                namespace="AWS/EventBridge/Pipes",
                metric_name="ExecutionFailed",
                dimensions_map={"PipeName": self.pipe.ref},
                statistic="Sum",
                period=cdk.Duration.minutes(5),
            ),
            "The outbox's Pipe could not put events on the bus; they wait in the table's stream (24 h).",
        )
