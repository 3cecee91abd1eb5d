"""One construct per service, built from its `ServiceSpec` and nothing else.

Every permission a function has is written here: its role is handed to the function read-only, so no CDK
helper can widen it behind our back. What cannot be scoped to a resource lives in its own policy, with
the acknowledgment on that policy alone.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import aws_sns_subscriptions as sns_subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.cloud.bundling import ARCHITECTURE, RUNTIME, service_code
from infra.cloud.core import LOG_RETENTION, Core
from infra.cloud.nag import acknowledge
from infra.cloud.outbox import STREAM_VIEW as OUTBOX_STREAM
from infra.cloud.outbox import OutboxPipe
from infra.cloud.partners import PartnerDelivery
from infra.cloud.sms_receipts import sms_receipts
from shared.events.consumer import REFUSED_MESSAGE
from shared.manifest import ServiceSpec, Subscription, TableSpec
from shared.privacy import EXPORT_PREFIX
from shared.tokens import MACHINE_SCOPE

#: Read by the infra tests (and people) to tell which service and subscription a resource serves.
METADATA_KEY = "Tandem"
SERVICE_TAG = "tandem:service"

API_TIMEOUT = cdk.Duration.seconds(29)  # API Gateway gives up after 29 s anyway
#: Cognito waits 5 s for a trigger before it gives up on the message.
TRIGGER_TIMEOUT = cdk.Duration.seconds(5)
#: The functions Cognito calls: they get their logs and tracing, nothing else (no table, bus or pool).
TRIGGER_KINDS = frozenset({"SignInMail"})
EVENTS_TIMEOUT = cdk.Duration.seconds(60)
MEMORY_MB = 1024
#: AWS's advice for an SQS event source: six times the function timeout, so retries never overlap.
QUEUE_VISIBILITY = cdk.Duration.seconds(EVENTS_TIMEOUT.to_seconds() * 6)
RULE_RETRY_ATTEMPTS = 10
RULE_MAX_EVENT_AGE = cdk.Duration.hours(6)

# Table actions come from each manifest's `table_actions` (what the code calls), user-pool actions from
# `user_pool_actions`: nothing here widens them.
# What DynamoDB asks of the caller's principal for a table under a customer-managed key.
TABLE_KEY_ACTIONS = ("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey")
#: Tells shared/http.py to send Strict-Transport-Security: set on every function behind API Gateway
#: (always HTTPS in the cloud), never on this machine (plain HTTP on 127.0.0.1).
HSTS_VARIABLE = "TANDEM_HSTS"
#: Dead letters keep personal data (contact details travel in internal events): four days to look, then gone.
DEAD_LETTER_RETENTION = cdk.Duration.days(4)
#: What a function that makes reminders is told (beyond shared/config.py's variables).
SCHEDULE_GROUP_NAME = "SCHEDULE_GROUP_NAME"
SCHEDULER_ROLE_ARN = "SCHEDULER_ROLE_ARN"
SCHEDULE_TARGET_ARN = "SCHEDULE_TARGET_ARN"
SCHEDULE_ACTIONS = (
    "scheduler:CreateSchedule",
    "scheduler:DeleteSchedule",
    "scheduler:GetSchedule",
    "scheduler:UpdateSchedule",
)


class ServiceConstruct(Construct):
    def __init__(
        self,
        scope: Construct,
        spec: ServiceSpec,
        *,
        core: Core,
        layer: lambda_.ILayerVersion,
        scientific_layer: lambda_.ILayerVersion | None = None,
    ) -> None:
        super().__init__(scope, spec.name.title())
        _check(spec)
        self.spec = spec
        self.core = core
        self.layer = layer
        self.scientific_layer = scientific_layer
        cdk.Tags.of(self).add(SERVICE_TAG, spec.name)
        self.tables = {t.logical_name: self._table(t) for t in spec.tables}
        self.functions: dict[str, lambda_.Function] = {}
        self.log_groups: dict[str, logs.LogGroup] = {}
        self.policies: dict[str, list[iam.Policy]] = {}
        self.queue: sqs.Queue | None = None
        self.scheduler_role: iam.Role | None = None
        self.schedule_group: scheduler.CfnScheduleGroup | None = None
        if spec.events_handler:
            self.queue = self._queues()
        if spec.uses_scheduler:
            self._schedules()
        # Partner subscriptions (routes_partner_events): their dead letters, invoke role and the API's rights.
        self.partners = PartnerDelivery(self, core=core) if spec.routes_partner_events else None
        self._code: lambda_.Code | None = None
        if spec.events_handler:
            self._consumer(spec.events_handler, self.code)
        if spec.api_handler:
            self._api(spec.api_handler, spec.public_api_handler, self.code)

    @property
    def code(self) -> lambda_.Code:
        """One asset for every function of the service."""
        if self._code is None:
            self._code = service_code(self.spec.name)
        return self._code

    # --- tables -------------------------------------------------------------------------------------

    def _table(self, spec: TableSpec) -> dynamodb.Table:
        table = dynamodb.Table(
            self,
            spec.logical_name,
            partition_key=dynamodb.Attribute(name=spec.partition_key, type=dynamodb.AttributeType.STRING),
            sort_key=dynamodb.Attribute(name=spec.sort_key, type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
            encryption_key=self.core.key,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            deletion_protection=True,
            time_to_live_attribute=spec.ttl_attribute,
            removal_policy=cdk.RemovalPolicy.RETAIN,
            stream=OUTBOX_STREAM,
        )
        for index in spec.indexes:
            table.add_global_secondary_index(
                index_name=index.name,
                partition_key=dynamodb.Attribute(
                    name=index.partition_key, type=dynamodb.AttributeType.STRING
                ),
                sort_key=(
                    dynamodb.Attribute(name=index.sort_key, type=dynamodb.AttributeType.STRING)
                    if index.sort_key
                    else None
                ),
            )
        _mark(table, service=self.spec.name, table=spec.logical_name)
        # The events written with the table's items reach the bus through its stream (infra/cloud/outbox.py).
        OutboxPipe(self, f"{spec.logical_name}Outbox", table=table, core=self.core, service=self.spec.name)
        return table

    # --- functions ----------------------------------------------------------------------------------

    def cognito_trigger(self, kind: str, handler: str) -> lambda_.Function:
        """A function of this service that Cognito calls (e.g. the CustomMessage trigger), from its asset.

        Its role holds its logs and tracing only, and it gets no shared environment: the pool names the
        function, so the function cannot name the pool (CloudFormation would see a cycle).
        """
        if kind not in TRIGGER_KINDS:
            raise ValueError(f"{kind}: not a Cognito trigger ({sorted(TRIGGER_KINDS)})")
        return self._function(kind, handler, self.code, TRIGGER_TIMEOUT)

    def _function(
        self,
        kind: str,
        handler: str,
        code: lambda_.Code,
        timeout: cdk.Duration,
        *,
        reserved_concurrency: int | None = None,
    ) -> lambda_.Function:
        spec = self.spec
        trigger = kind in TRIGGER_KINDS
        role = iam.Role(
            self,
            f"{kind}Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=(
                f"Tandem {spec.name} {kind.lower()} function: its logs"
                if trigger
                else f"Tandem {spec.name} {kind.lower()} function: its own table(s), the bus, its logs"
            ),
        )
        log_group = logs.LogGroup(self, f"{kind}Logs", retention=LOG_RETENTION)
        environment = (
            {"POWERTOOLS_SERVICE_NAME": spec.name}
            if trigger
            else {
                **self.core.shared_environment(),
                **{t.env_var: self.tables[t.logical_name].table_name for t in spec.tables},
                "POWERTOOLS_SERVICE_NAME": spec.name,
                **self._scheduler_environment(),
                **({HSTS_VARIABLE: "1"} if kind in ("Api", "Public") else {}),
                **(self.partners.environment() if self.partners is not None and kind == "Api" else {}),
                **(
                    self.partners.consumer_environment()
                    if self.partners is not None and kind == "Events"
                    else {}
                ),
                **spec.environment,
            }
        )
        function = lambda_.Function(
            self,
            f"{kind}Function",
            description=f"Tandem {spec.name}: {handler}",
            runtime=RUNTIME,
            architecture=ARCHITECTURE,
            handler=handler,  # the repository root is the asset root, so the module path is the handler
            code=code,
            layers=self._layers(kind),
            role=role.without_policy_updates(),
            environment=environment,
            timeout=timeout,
            memory_size=MEMORY_MB,
            tracing=lambda_.Tracing.ACTIVE,
            logging_format=lambda_.LoggingFormat.JSON,
            log_group=log_group,
            reserved_concurrent_executions=reserved_concurrency,
        )
        _mark(function, service=spec.name, function=kind.lower())
        policies = (
            [self._policy(kind, "Access", role, _log_statement(log_group)), self._tracing(kind, role)]
            if trigger
            else [self._access_policy(kind, role, log_group), *self._unscoped_policies(kind, role)]
        )
        for policy in policies:
            function.node.add_dependency(policy)
        self.functions[kind.lower()] = function
        self.log_groups[kind.lower()] = log_group
        self.policies[kind.lower()] = policies
        self.core.alarm(
            self,
            f"{kind}ErrorsAlarm",
            function.metric_errors(period=cdk.Duration.minutes(5), statistic="Sum"),
            f"Tandem {spec.name} {kind.lower()} function failed",
        )
        return function

    def _layers(self, kind: str) -> list[lambda_.ILayerVersion]:
        """The core layer, and the scientific one where the manifest names the function."""
        if kind.lower() in self.spec.scientific_functions:
            if self.scientific_layer is None:
                raise ValueError(
                    f"{self.spec.name}: {kind} needs the scientific layer, which the stack lacks"
                )
            return [self.layer, self.scientific_layer]
        return [self.layer]

    def _access_policy(self, kind: str, role: iam.Role, log_group: logs.LogGroup) -> iam.Policy:
        spec, core = self.spec, self.core
        stack = cdk.Stack.of(self)
        statements = [
            _log_statement(log_group),
            iam.PolicyStatement(actions=["events:PutEvents"], resources=[core.bus.event_bus_arn]),
        ]
        if self.tables:
            statements += [
                iam.PolicyStatement(
                    actions=sorted(spec.table_actions),
                    resources=[
                        arn
                        for t in spec.tables
                        for arn in (
                            self.tables[t.logical_name].table_arn,
                            *(f"{self.tables[t.logical_name].table_arn}/index/{i.name}" for i in t.indexes),
                        )
                    ],
                ),
                iam.PolicyStatement(
                    actions=list(TABLE_KEY_ACTIONS),
                    resources=[core.key.key_arn],
                    conditions={"StringEquals": {"kms:ViaService": f"dynamodb.{stack.region}.amazonaws.com"}},
                ),
            ]
        if kind == "Events" and self.queue is not None:
            statements.append(
                iam.PolicyStatement(
                    actions=[
                        "sqs:ChangeMessageVisibility",
                        "sqs:DeleteMessage",
                        "sqs:GetQueueAttributes",
                        "sqs:GetQueueUrl",
                        "sqs:ReceiveMessage",
                    ],
                    resources=[
                        self.queue.queue_arn,
                        # The partners' dead letters are read too (mapped in _consumer).
                        *([self.partners.dead_letters.queue_arn] if self.partners is not None else []),
                    ],
                )
            )
        # Only the API function calls the user pool (ServiceSpec.user_pool_actions): the public function
        # answers anonymous callers and an events function projects events, so neither gets a right there.
        if spec.user_pool_actions and kind == "Api":
            statements.append(
                iam.PolicyStatement(
                    actions=sorted(spec.user_pool_actions), resources=[core.user_pool.user_pool_arn]
                )
            )
        exports = self._export_statements(kind)
        statements += exports
        if spec.sends_email and kind != "Public":
            configuration_set_arn = stack.format_arn(
                service="ses",
                resource="configuration-set",
                resource_name=core.mail_configuration.configuration_set_name,
            )
            statements.append(
                iam.PolicyStatement(
                    actions=["ses:SendEmail", "ses:SendRawEmail"],
                    resources=[core.mail_identity.email_identity_arn, configuration_set_arn],
                )
            )
        policy = self._policy(kind, "Access", role, *statements)
        if exports:
            acknowledge(
                policy,
                f"AwsSolutions-IAM5[Resource::{core.exports_arn_token}/{EXPORT_PREFIX}/*]",
                "An export's objects are named per municipality, export and service when a person asks; the "
                "wildcard covers only the exports prefix of the one export bucket.",
            )
        return policy

    def _export_statements(self, kind: str) -> list[iam.PolicyStatement]:
        """The export bucket (issue 14): an events function writes its service's part; intake's also reads
        the parts, writes the whole and deletes an erased person's exports; intake's API reads, to sign
        the download links. Nothing else reaches the bucket."""
        spec, core = self.spec, self.core
        bucket = core.exports
        objects = bucket.arn_for_objects(f"{EXPORT_PREFIX}/*")
        stack = cdk.Stack.of(self)
        via_s3 = {"StringEquals": {"kms:ViaService": f"s3.{stack.region}.amazonaws.com"}}
        if kind == "Events" and spec.assembles_exports:
            object_actions = ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"]
            key_actions = ["kms:Decrypt", "kms:GenerateDataKey"]
        elif kind == "Events" and spec.export_parts:
            object_actions, key_actions = ["s3:PutObject"], ["kms:GenerateDataKey"]
        elif kind == "Api" and spec.assembles_exports:
            object_actions, key_actions = ["s3:GetObject"], ["kms:Decrypt"]
        else:
            return []
        statements = [
            iam.PolicyStatement(actions=object_actions, resources=[objects]),
            iam.PolicyStatement(actions=key_actions, resources=[core.key.key_arn], conditions=via_s3),
        ]
        if spec.assembles_exports:
            statements.append(iam.PolicyStatement(actions=["s3:ListBucket"], resources=[bucket.bucket_arn]))
        return statements

    def _policy(self, kind: str, name: str, role: iam.Role, *statements: iam.PolicyStatement) -> iam.Policy:
        """One of a function's policies: its id starts with the function's kind; attached to its role."""
        return iam.Policy(self, f"{kind}{name}", roles=[role], statements=list(statements))

    def _tracing(self, kind: str, role: iam.Role) -> iam.Policy:
        tracing = self._policy(
            kind,
            "Tracing",
            role,
            iam.PolicyStatement(
                actions=["xray:PutTelemetryRecords", "xray:PutTraceSegments"], resources=["*"]
            ),
        )
        acknowledge(
            tracing,
            "AwsSolutions-IAM5[Resource::*]",
            "X-Ray's PutTraceSegments and PutTelemetryRecords support no resource-level permissions; this "
            "policy holds nothing else.",
        )
        return tracing

    def _unscoped_policies(self, kind: str, role: iam.Role) -> list[iam.Policy]:
        policies = [self._tracing(kind, role)]
        # The anonymous function (forms) never schedules: intake's scheduler is its daily sweep's.
        if self.spec.uses_scheduler and kind != "Public":
            policies.append(self._schedules_policy(kind, role))
        if self.partners is not None and kind == "Api":
            partners = self._policy(kind, "Partners", role, *self.partners.statements())
            self.partners.acknowledge_wildcards(
                partners,
                self.partners.wildcards(),
                "Each partner subscription's rule, connection, API destination and secret is made at run "
                "time; the wildcards cover only names starting <prefix>-partner- (and replays, which "
                "EventBridge names per call); PassRole: the partners' invoke role, to EventBridge only.",
            )
            policies.append(partners)
        if self.spec.sends_sms:
            stack = cdk.Stack.of(self)
            sms = self._policy(
                kind,
                "Sms",
                role,
                iam.PolicyStatement(actions=["sns:Publish"], resources=["*"]),
                # SMS to a phone number has no ARN; denying every topic leaves only that.
                iam.PolicyStatement(
                    effect=iam.Effect.DENY,
                    actions=["sns:Publish"],
                    resources=[f"arn:{stack.partition}:sns:*:*:*"],
                ),
            )
            acknowledge(
                sms,
                "AwsSolutions-IAM5[Resource::*]",
                "SNS publishes an SMS straight to a phone number, which has no ARN to name; the deny in "
                "this policy removes every topic, so only SMS remains.",
            )
            policies.append(sms)
        return policies

    # --- scheduler ----------------------------------------------------------------------------------

    def _schedules(self) -> None:
        """Reminders: the service's own schedule group, firing into its own queue."""
        assert self.queue is not None  # _check: a scheduler needs a consumer
        self.schedule_group = scheduler.CfnScheduleGroup(
            self, "Schedules", name=f"{self.core.settings.prefix}-{self.spec.name}"
        )
        self.scheduler_role = iam.Role(
            self,
            "SchedulerRole",
            assumed_by=iam.ServicePrincipal(
                "scheduler.amazonaws.com",
                conditions={"StringEquals": {"aws:SourceAccount": cdk.Stack.of(self).account}},
            ),
            description=f"EventBridge Scheduler delivering {self.spec.name} reminders to its queue",
            inline_policies={
                "Deliver": iam.PolicyDocument(
                    statements=[
                        iam.PolicyStatement(actions=["sqs:SendMessage"], resources=[self.queue.queue_arn])
                    ]
                )
            },
        )

    def _scheduler_environment(self) -> dict[str, str]:
        if self.schedule_group is None or self.scheduler_role is None or self.queue is None:
            return {}
        return {
            SCHEDULE_GROUP_NAME: str(self.schedule_group.name),
            SCHEDULER_ROLE_ARN: self.scheduler_role.role_arn,
            SCHEDULE_TARGET_ARN: self.queue.queue_arn,
        }

    def _schedules_policy(self, kind: str, role: iam.Role) -> iam.Policy:
        assert self.scheduler_role is not None and self.schedule_group is not None
        group = self.schedule_group.name
        schedules = cdk.Stack.of(self).format_arn(
            service="scheduler", resource="schedule", resource_name=f"{group}/*"
        )
        policy = self._policy(
            kind,
            "Schedules",
            role,
            iam.PolicyStatement(actions=list(SCHEDULE_ACTIONS), resources=[schedules]),
            iam.PolicyStatement(actions=["iam:PassRole"], resources=[self.scheduler_role.role_arn]),
        )
        acknowledge(
            policy,
            "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:"
            f"schedule/{group}/*]",
            "A reminder's schedule is named when it is made (one per session or questionnaire); the "
            "wildcard covers only this service's own schedule group.",
        )
        return policy

    # --- HTTP ---------------------------------------------------------------------------------------

    def _api(self, handler: str, public_handler: str | None, code: lambda_.Code) -> None:
        function = self._function("Api", handler, code, API_TIMEOUT)
        # One permission for the whole API instead of one per method: the stack stays far from 500 resources.
        integration = apigw.LambdaIntegration(function, proxy=True, scope_permission_to_method=False)
        public_integration = integration
        if public_handler:
            public = self._function(
                "Public",
                public_handler,
                code,
                API_TIMEOUT,
                reserved_concurrency=self.spec.public_reserved_concurrency,
            )
            public_integration = apigw.LambdaIntegration(public, proxy=True, scope_permission_to_method=False)
        for route in self.spec.routes:
            resource = self.core.routes.claim(route.path, self.spec.name)
            if route.anonymous:
                method = resource.add_method(
                    "ANY", public_integration, authorization_type=apigw.AuthorizationType.NONE
                )
                reason = (
                    f"{route.path} is public by design (a web form or public programme data): no account "
                    "exists yet; WAF rate-limits it and the handler accepts only the form's fields."
                )
                acknowledge(method, "AwsSolutions-APIG4", reason)
                acknowledge(method, "AwsSolutions-COG4", reason)
            elif route.web:
                # The signed-in pages: a browser sends its session as a cookie, never a bearer token, so
                # API Gateway's Cognito authorizer would refuse every page. The API function verifies the
                # cookie itself (shared/tokens.py: same key, issuer, audience, token use and expiry checks).
                method = resource.add_method(
                    "ANY", integration, authorization_type=apigw.AuthorizationType.NONE
                )
                reason = (
                    f"{route.path} is a signed-in web page: the function verifies the session cookie (the "
                    "Cognito id token) with the pool's keys exactly as the authorizer checks a bearer token, "
                    "and sends anyone without a valid one to sign in."
                )
                acknowledge(method, "AwsSolutions-APIG4", reason)
                acknowledge(method, "AwsSolutions-COG4", reason)
            elif route.machine:
                # A partner system's route: the authorizer wants an access token carrying the machine
                # scope (an id token is refused); the function checks the client is still registered.
                resource.add_method(
                    "ANY",
                    integration,
                    authorization_type=apigw.AuthorizationType.COGNITO,
                    authorizer=self.core.authorizer,
                    authorization_scopes=[MACHINE_SCOPE],
                )
            else:
                resource.add_method(
                    "ANY",
                    integration,
                    authorization_type=apigw.AuthorizationType.COGNITO,
                    authorizer=self.core.authorizer,
                )

    # --- events -------------------------------------------------------------------------------------

    def _queues(self) -> sqs.Queue:
        name = self.spec.name
        dead_letters = self._queue("DeadLetters", retention_period=DEAD_LETTER_RETENTION)
        queue = self._queue(
            "Queue",
            visibility_timeout=QUEUE_VISIBILITY,
            dead_letter_queue=sqs.DeadLetterQueue(
                queue=dead_letters, max_receive_count=self.spec.max_receive_count
            ),
        )
        # Events EventBridge could not put into the queue (throttling, a broken policy) land here.
        undeliverable = self._queue("UndeliverableEvents", retention_period=DEAD_LETTER_RETENTION)
        acknowledge(
            undeliverable,
            "AwsSolutions-SQS3",
            "This queue is itself the dead-letter queue of the EventBridge rule targets; cdk-nag only "
            "recognises SQS redrive policies as DLQ use.",
        )
        _mark(queue, service=name, queue="events")
        _mark(dead_letters, service=name, queue="dead-letters")
        _mark(undeliverable, service=name, queue="undeliverable-events")
        for subscription in self.spec.subscriptions:
            self._rule(subscription, queue, undeliverable)
        if self.spec.receives_mail_feedback:
            # Raw: the queue message is SES's notification itself (people/feedback.py reads both shapes).
            self.core.mail_feedback.add_subscription(
                sns_subscriptions.SqsSubscription(
                    queue, raw_message_delivery=True, dead_letter_queue=undeliverable
                )
            )
        for queue_id, dlq in (("DeadLetters", dead_letters), ("UndeliverableEvents", undeliverable)):
            self.core.alarm(
                self,
                f"{queue_id}Alarm",
                dlq.metric_approximate_number_of_messages_visible(
                    period=cdk.Duration.minutes(5), statistic="Maximum"
                ),
                f"Tandem {name}: messages in {queue_id}",
            )
        return queue

    def _consumer(self, handler: str, code: lambda_.Code) -> None:
        assert self.queue is not None
        function = self._function("Events", handler, code, EVENTS_TIMEOUT)
        mapping = lambda_.EventSourceMapping(
            self,
            "QueueMapping",
            target=function,
            event_source_arn=self.queue.queue_arn,
            batch_size=10,
            report_batch_item_failures=True,
        )
        # CloudFormation checks the role can read the queue when it creates the mapping.
        for policy in self.policies["events"]:
            mapping.node.add_dependency(policy)
        if self.partners is not None:
            # What EventBridge gave up delivering to a partner: recorded as the subscription's failures
            # (services/notifications/partners/dead_letters.py).
            dead_letters = lambda_.EventSourceMapping(
                self,
                "PartnerDeadLettersMapping",
                target=function,
                event_source_arn=self.partners.dead_letters.queue_arn,
                batch_size=10,
                report_batch_item_failures=True,
            )
            for policy in self.policies["events"]:
                dead_letters.node.add_dependency(policy)
        if self.spec.sends_sms:
            sms_receipts(self, function)  # SNS's delivery-status logs → the delivery log
        # The consumer acknowledges an event whose source or producer is not the catalogue's (no retry):
        # it is counted here, and one is enough to alarm.
        refused = logs.MetricFilter(
            self,
            "RefusedEvents",
            log_group=self.log_groups["events"],
            filter_pattern=logs.FilterPattern.string_value("$.message", "=", REFUSED_MESSAGE),
            metric_namespace="Tandem",
            metric_name=f"{self.spec.name}-refused-events",
            metric_value="1",
        )
        self.core.alarm(
            self,
            "RefusedEventsAlarm",
            refused.metric(period=cdk.Duration.minutes(5), statistic="Sum"),
            f"Tandem {self.spec.name}: an event from the wrong producer was refused",
        )

    def _queue(
        self,
        construct_id: str,
        *,
        retention_period: cdk.Duration | None = None,
        visibility_timeout: cdk.Duration | None = None,
        dead_letter_queue: sqs.DeadLetterQueue | None = None,
    ) -> sqs.Queue:
        return sqs.Queue(
            self,
            construct_id,
            encryption=sqs.QueueEncryption.SQS_MANAGED,  # EventBridge can deliver without a key grant
            enforce_ssl=True,
            retention_period=retention_period,
            visibility_timeout=visibility_timeout,
            dead_letter_queue=dead_letter_queue,
        )

    def _rule(self, subscription: Subscription, queue: sqs.Queue, undeliverable: sqs.Queue) -> None:
        rule = events.Rule(
            self,
            f"{subscription.name}Rule",
            event_bus=self.core.bus,
            description=f"{self.spec.name} subscription {subscription.name}",
            # The source too: an event type counts only from the producer the catalogue names.
            event_pattern=events.EventPattern(
                source=subscription.pattern()["source"], detail_type=list(subscription.event_types)
            ),
            targets=[
                targets.SqsQueue(
                    queue,
                    dead_letter_queue=undeliverable,
                    retry_attempts=RULE_RETRY_ATTEMPTS,
                    max_event_age=RULE_MAX_EVENT_AGE,
                )
            ],
        )
        _mark(rule, service=self.spec.name, subscription=subscription.name)


def _check(spec: ServiceSpec) -> None:
    if spec.routes and not spec.api_handler:
        raise ValueError(f"{spec.name}: routes but no api_handler")
    if spec.tables and not spec.table_actions and (spec.api_handler or spec.events_handler):
        raise ValueError(f"{spec.name}: declare the table_actions its code calls")
    if spec.public_api_handler and not any(r.anonymous for r in spec.routes):
        raise ValueError(f"{spec.name}: a public_api_handler but no anonymous route")
    if spec.subscriptions and not spec.events_handler:
        raise ValueError(f"{spec.name}: subscriptions but no events_handler")
    if spec.uses_scheduler and not spec.events_handler:
        raise ValueError(
            f"{spec.name}: reminders fire into the service's queue, so it needs an events_handler"
        )


def _log_statement(log_group: logs.LogGroup) -> iam.PolicyStatement:
    return iam.PolicyStatement(
        actions=["logs:CreateLogStream", "logs:PutLogEvents"], resources=[log_group.log_group_arn]
    )


def _mark(construct: Construct, **fields: str) -> None:
    resource = construct.node.default_child
    assert isinstance(resource, cdk.CfnResource)
    resource.add_metadata(METADATA_KEY, fields)
