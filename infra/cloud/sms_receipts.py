"""SMS delivery receipts in the cloud. SNS writes an SMS's fate only to CloudWatch Logs, once the
account's SMS attributes name a role for it (`DeliveryStatusIAMRole`); its log groups are
`sns/<region>/<account>/DirectPublishToPhoneNumber` (delivered) and `.../Failure`. This makes both groups
(so the filters have something to hang on), the role (its ARN an output: the account's SMS attributes
are set once, by a deploy step, as CloudFormation has no SMS settings), and a subscription filter on each
group to the function that sends SMS, which records delivered or failed
(services/notifications/people/receipts.py).
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_logs_destinations as destinations
from constructs import Construct

from infra.cloud.core import LOG_RETENTION

#: Every delivered SMS is logged, not a sample: the delivery log shows each one.
SUCCESS_SAMPLING_RATE = "100"


def sms_receipts(scope: Construct, function: lambda_.IFunction) -> None:
    stack = cdk.Stack.of(scope)
    groups = {
        "Delivered": f"sns/{stack.region}/{stack.account}/DirectPublishToPhoneNumber",
        "Failed": f"sns/{stack.region}/{stack.account}/DirectPublishToPhoneNumber/Failure",
    }
    role = iam.Role(
        scope,
        "SmsDeliveryStatusRole",
        assumed_by=iam.ServicePrincipal("sns.amazonaws.com"),
        description="SNS writes each SMS's delivery status to the two log groups",
    )
    for name, group_name in groups.items():
        group = logs.LogGroup(scope, f"Sms{name}Log", log_group_name=group_name, retention=LOG_RETENTION)
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                resources=[group.log_group_arn],  # the group's ARN ends `:*`: its streams
            )
        )
        logs.SubscriptionFilter(
            scope,
            f"Sms{name}Receipts",
            log_group=group,
            destination=destinations.LambdaDestination(function),
            filter_pattern=logs.FilterPattern.all_events(),
        )
    # CloudFormation has no SMS settings, and a custom resource's provider would bring an AWS-managed
    # policy (tests/infra: none allowed). The account's one setting is a deploy step (docs/decisions.md):
    # aws sns set-sms-attributes --attributes DeliveryStatusIAMRole=<this output>,
    #     DeliveryStatusSuccessSamplingRate=100
    cdk.CfnOutput(
        scope,
        "SmsDeliveryStatusRoleArn",
        value=role.role_arn,
        description="Set once per account: aws sns set-sms-attributes --attributes "
        f"DeliveryStatusIAMRole=<this>,DeliveryStatusSuccessSamplingRate={SUCCESS_SAMPLING_RATE}",
    )
