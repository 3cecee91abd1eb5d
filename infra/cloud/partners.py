"""Partner subscriptions in the cloud: what notifications' API function needs to route a municipality's
public events to a partner (services/notifications/partners/routing.py makes one rule, connection and API
destination per subscription at run time; this makes what they share).

- a dead-letter queue for events EventBridge could not deliver after its retries (alarmed, four days),
  which notifications' events function reads to record each as its subscription's failed delivery;
- the role EventBridge assumes to call an API destination or put an event on a partner's bus;
- the API function's right to make and remove only rules, connections and API destinations named
  `<prefix>-partner-*`, to pass that role to EventBridge alone, and to replay from the bus's archive.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.cloud.core import Core
from infra.cloud.nag import acknowledge

DEAD_LETTER_RETENTION = cdk.Duration.days(4)  # dead letters of public events: ids and facts, kept briefly


class PartnerDelivery(Construct):
    def __init__(self, scope: Construct, *, core: Core) -> None:
        super().__init__(scope, "Partners")
        self.core = core
        stack = cdk.Stack.of(self)
        self.names = f"{core.settings.prefix}-partner-*"
        self.rules = stack.format_arn(
            service="events", resource="rule", resource_name=f"{core.settings.prefix}/{self.names}"
        )
        self.dead_letters = sqs.Queue(
            self,
            "DeadLetters",
            encryption=sqs.QueueEncryption.SQS_MANAGED,  # EventBridge can deliver without a key grant
            enforce_ssl=True,
            retention_period=DEAD_LETTER_RETENTION,
        )
        acknowledge(
            self.dead_letters,
            "AwsSolutions-SQS3",
            "This queue is itself the dead-letter queue of the partner subscriptions' rule targets; cdk-nag "
            "only recognises SQS redrive policies as DLQ use.",
        )
        # Only the partner rules of this deployment may send here.
        self.dead_letters.add_to_resource_policy(
            iam.PolicyStatement(
                principals=[iam.ServicePrincipal("events.amazonaws.com")],
                actions=["sqs:SendMessage"],
                resources=[self.dead_letters.queue_arn],
                conditions={"ArnLike": {"aws:SourceArn": self.rules}},
            )
        )
        resource = self.dead_letters.node.default_child
        assert isinstance(resource, cdk.CfnResource)
        resource.add_metadata("Tandem", {"service": "notifications", "queue": "partner-dead-letters"})
        # Notifications' events function empties the queue as it records each dead letter, so the alarm
        # counts what arrives, not what waits.
        core.alarm(
            self,
            "DeadLettersAlarm",
            self.dead_letters.metric_number_of_messages_sent(period=cdk.Duration.minutes(5), statistic="Sum"),
            "Tandem notifications: partner events that could not be delivered",
        )
        self.invoke_role = iam.Role(
            self,
            "InvokeRole",
            assumed_by=iam.ServicePrincipal(
                "events.amazonaws.com", conditions={"StringEquals": {"aws:SourceAccount": stack.account}}
            ),
            description="EventBridge delivering Tandem's public events to partners' endpoints and buses",
            inline_policies={
                "Deliver": iam.PolicyDocument(
                    statements=[
                        iam.PolicyStatement(
                            actions=["events:InvokeApiDestination"],
                            resources=[
                                stack.format_arn(
                                    service="events",
                                    resource="api-destination",
                                    resource_name=f"{self.names}/*",
                                )
                            ],
                        ),
                        # A partner on AWS names its own bus, in its own account.
                        iam.PolicyStatement(
                            actions=["events:PutEvents"], resources=["arn:aws:events:*:*:event-bus/*"]
                        ),
                    ]
                )
            },
        )
        self.acknowledge_wildcards(
            self.invoke_role,
            [("events", f"api-destination/{self.names}/*"), ("", "arn:aws:events:*:*:event-bus/*")],
            "API destinations are made per subscription at run time (named <prefix>-partner-*), and a "
            "partner on AWS gives the ARN of a bus in its own account, which cannot be known at deploy "
            "time; the rules that use this role carry only public events of the subscriber's municipality.",
        )

    def acknowledge_wildcards(
        self, construct: Construct, resources: list[tuple[str, str]], reason: str
    ) -> None:
        """One acknowledgment per wildcard resource, as cdk-nag names it (`service`, `resource/name`; an
        empty service: the ARN as written)."""
        for service, resource in resources:
            rendered = (
                resource
                if not service
                else f"arn:<AWS::Partition>:{service}:<AWS::Region>:<AWS::AccountId>:{resource}"
            )
            acknowledge(construct, f"AwsSolutions-IAM5[Resource::{rendered}]", reason)

    def wildcards(self) -> list[tuple[str, str]]:
        """The wildcard resources of `statements()`, for their acknowledgment."""
        return [
            ("events", f"rule/{self.core.settings.prefix}/{self.names}"),
            ("events", f"connection/{self.names}"),
            ("events", f"api-destination/{self.names}"),
            ("events", "replay/*"),
            ("secretsmanager", f"secret:events!connection/{self.names}"),
        ]

    def environment(self) -> dict[str, str]:
        """What the API function is told (services/notifications/partners/settings.py)."""
        return {
            "PARTNER_DEAD_LETTER_ARN": self.dead_letters.queue_arn,
            "PARTNER_INVOKE_ROLE_ARN": self.invoke_role.role_arn,
            "EVENT_ARCHIVE_ARN": self.core.archive.archive_arn,
            "PARTNER_RESOURCE_PREFIX": self.core.settings.prefix,
        }

    def consumer_environment(self) -> dict[str, str]:
        """What the events function is told: which queue's records are dead letters to record."""
        return {"PARTNER_DEAD_LETTER_ARN": self.dead_letters.queue_arn}

    def statements(self) -> list[iam.PolicyStatement]:
        """The API function's rights over partner subscriptions, and nothing beyond them."""
        stack = cdk.Stack.of(self)

        def arn(
            service: str, resource: str, name: str, fmt: cdk.ArnFormat = cdk.ArnFormat.SLASH_RESOURCE_NAME
        ) -> str:
            return stack.format_arn(service=service, resource=resource, resource_name=name, arn_format=fmt)

        return [
            iam.PolicyStatement(
                actions=[
                    "events:DeleteRule",
                    "events:DescribeRule",
                    "events:PutRule",
                    "events:PutTargets",
                    "events:RemoveTargets",
                ],
                resources=[self.rules],
            ),
            iam.PolicyStatement(
                actions=["events:CreateConnection", "events:DeleteConnection"],
                resources=[arn("events", "connection", f"{self.names}")],
            ),
            iam.PolicyStatement(
                actions=["events:CreateApiDestination", "events:DeleteApiDestination"],
                resources=[arn("events", "api-destination", f"{self.names}")],
            ),
            iam.PolicyStatement(actions=["events:DescribeEventBus"], resources=[self.core.bus.event_bus_arn]),
            iam.PolicyStatement(
                actions=["events:StartReplay"],
                resources=[self.core.archive.archive_arn, arn("events", "replay", "*")],
            ),
            # A connection keeps its API key in a secret EventBridge names `events!connection/<name>/...`.
            iam.PolicyStatement(
                actions=[
                    "secretsmanager:CreateSecret",
                    "secretsmanager:DeleteSecret",
                    "secretsmanager:DescribeSecret",
                    "secretsmanager:PutSecretValue",
                    "secretsmanager:UpdateSecret",
                ],
                resources=[
                    arn(
                        "secretsmanager",
                        "secret",
                        f"events!connection/{self.names}",
                        cdk.ArnFormat.COLON_RESOURCE_NAME,
                    )
                ],
            ),
            iam.PolicyStatement(
                actions=["iam:PassRole"],
                resources=[self.invoke_role.role_arn],
                conditions={"StringEquals": {"iam:PassedToService": "events.amazonaws.com"}},
            ),
        ]
