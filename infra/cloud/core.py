"""What every service shares: the key, the bus, the user pool, the REST API and its firewall, alarms, mail."""

from __future__ import annotations

import json

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_events as events
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_ses as ses
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

from infra.cloud.nag import acknowledge
from infra.cloud.routes import ResourceTree
from infra.cloud.settings import DeploymentSettings
from shared import config
from shared.auth import Role
from shared.events.catalog import public_event_types
from shared.manifest import ANONYMOUS_PREFIXES, WEB_PREFIX
from shared.privacy import EXPORT_BUCKET_NAME, EXPORT_DAYS, EXPORT_PREFIX
from shared.tokens import MACHINE_SCOPE
from shared.web.session import ID_COOKIE

LOG_RETENTION = logs.RetentionDays.THREE_MONTHS
#: Replay covers recovering a consumer after a bug; longer would keep contact details past an erasure.
ARCHIVE_RETENTION = cdk.Duration.days(30)
#: Requests per IP in five minutes on the anonymous paths (public forms), before WAF answers 429.
ANONYMOUS_RATE_LIMIT = 300
#: Requests per signed-in user (per bearer token) in five minutes on every other path: a busy manager
#: screening applications makes a few hundred; a leaked token scripted against the API makes thousands.
SIGNED_IN_RATE_LIMIT = 1000
#: The same per person on the web pages, counted by the session cookie (a browser sends no bearer token).
WEB_SESSION_RATE_LIMIT = SIGNED_IN_RATE_LIMIT
#: An id token lives at most this long (docs/decisions.md): a stolen one is useful for an hour at most.
ID_TOKEN_VALIDITY = cdk.Duration.minutes(60)
#: What a user may change about themselves with their own token; never the custom (tenant, person) ones.
CLIENT_WRITABLE_STANDARD_ATTRIBUTES = ("given_name", "family_name", "locale")
CLIENT_READABLE_STANDARD_ATTRIBUTES = ("email", "email_verified", "given_name", "family_name", "locale")
CLIENT_READABLE_CUSTOM_ATTRIBUTES = ("tenant_id", "tenant_slug", "person_id")
#: Sign-in posts (send a code, check a code) per IP in five minutes, before WAF answers 429. Each post to
#: `/app/<slug>/sign-in` e-mails a code: a municipal office of twenty people signing in at once makes about
#: forty; a script mailing codes to a list of addresses, or guessing codes, makes thousands.
SIGN_IN_RATE_LIMIT = 50


class Core(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, settings: DeploymentSettings) -> None:
        super().__init__(scope, construct_id)
        self.settings = settings
        self.key = kms.Key(
            self,
            "DataKey",
            alias=f"alias/{settings.prefix}-data",
            description="Encrypts the Tandem tables and the event archive",
            enable_key_rotation=True,
            removal_policy=cdk.RemovalPolicy.RETAIN,
        )
        self.bus = events.EventBus(self, "Bus", event_bus_name=settings.prefix)
        # Public events only: internal ones carry contact details, which must not outlive an erasure in
        # an archive; encrypted with the deployment's key like the tables.
        self.archive = events.Archive(
            self,
            "Archive",
            source_event_bus=self.bus,
            archive_name=f"{settings.prefix}-events",
            description="The public events on the Tandem bus, for replay",
            event_pattern=events.EventPattern(
                account=[cdk.Stack.of(self).account], detail_type=public_event_types()
            ),
            kms_key=self.key,
            retention=ARCHIVE_RETENTION,
        )
        self.alarm_topic = sns.Topic(self, "Alarms", topic_name=f"{settings.prefix}-alarms", enforce_ssl=True)
        if settings.alarm_email:
            self.alarm_topic.add_subscription(subscriptions.EmailSubscription(settings.alarm_email))
        self._exports(settings)
        self._mail(settings)  # before the pool, which sends its sign-in codes through it
        self._user_pool(settings)
        self._api(settings)
        self._firewall(settings)
        # The API's resources and methods (two hundred and more) in a nested stack of their own: with them
        # the stack would pass CloudFormation's 500 resources. The RestApi, its stage and deployment, the
        # authorizer and the gateway responses stay here (docs/decisions.md, "the API's routes nested").
        self.routes = ResourceTree(self.api.root, cdk.NestedStack(self, "Routes"))

    @property
    def public_base_url(self) -> str:
        if self.settings.public_base_url:
            return self.settings.public_base_url
        if self.settings.domain_name:
            return f"https://{self.settings.domain_name}"
        # Built from the API id, not `api.url`: that refers to the stage, which depends on the methods,
        # which depend on the functions that receive this URL — a cycle.
        stack = cdk.Stack.of(self)
        return f"https://{self.api.rest_api_id}.execute-api.{stack.region}.{stack.url_suffix}/{self.settings.stage}"

    def shared_environment(self) -> dict[str, str]:
        """The variables every function gets (shared/config.py names them)."""
        return {
            config.EVENT_BUS_NAME: self.bus.event_bus_name,
            config.USER_POOL_ID: self.user_pool.user_pool_id,
            config.USER_POOL_CLIENT_ID: self.user_pool_client.user_pool_client_id,
            config.SENDER_EMAIL: self.settings.sender_email,
            config.PUBLIC_BASE_URL: self.public_base_url,
            config.STAGE: self.settings.stage,
            config.OAUTH_TOKEN_URL: f"{self.user_pool_domain.base_url()}/oauth2/token",
            EXPORT_BUCKET_NAME: self.exports.bucket_name,
        }

    def _exports(self, settings: DeploymentSettings) -> None:
        """A person's exports (issue 14): private, encrypted with the deployment's key, TLS only, and gone
        after 7 days. Every events function writes its part; intake reads them (services/intake/privacy)."""
        self.exports = s3.Bucket(
            self,
            "Exports",
            encryption=s3.BucketEncryption.KMS,
            encryption_key=self.key,
            bucket_key_enabled=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="exports-expire",
                    prefix=f"{EXPORT_PREFIX}/",
                    expiration=cdk.Duration.days(EXPORT_DAYS),
                    abort_incomplete_multipart_upload_after=cdk.Duration.days(1),
                )
            ],
            removal_policy=cdk.RemovalPolicy.RETAIN,
        )
        #: How cdk-nag names the bucket's ARN in a finding (the functions' grants on its objects).
        self.exports_arn_token = f"<{cdk.Stack.of(self).get_logical_id(self.exports.node.default_child)}.Arn>"  # type: ignore[arg-type]
        acknowledge(
            self.exports,
            "AwsSolutions-S1",
            "Server access logs would keep, for longer than the 7 days the exports live, which person's "
            "export was fetched when; CloudTrail data events can be enabled by the operator instead.",
        )

    def alarm(
        self,
        scope: Construct,
        construct_id: str,
        metric: cloudwatch.IMetric,
        description: str,
        threshold: float = 1,
    ) -> cloudwatch.Alarm:
        alarm = cloudwatch.Alarm(
            scope,
            construct_id,
            metric=metric,
            threshold=threshold,
            evaluation_periods=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            alarm_description=description,
        )
        alarm.add_alarm_action(cw_actions.SnsAction(self.alarm_topic))
        return alarm

    def _user_pool(self, settings: DeploymentSettings) -> None:
        self.user_pool = cognito.UserPool(
            self,
            "Users",
            user_pool_name=f"{settings.prefix}-users",
            # Accounts are made by a manager (intake) or the network admin, never by sign-up.
            self_sign_up_enabled=False,
            # Accounts are per municipality: the username is `<tenant_id>#<e-mail>` (intake's directory), so
            # the e-mail cannot be the username nor a unique alias.
            sign_in_aliases=cognito.SignInAliases(username=True),
            auto_verify=cognito.AutoVerifiedAttrs(email=True),
            standard_attributes=cognito.StandardAttributes(
                email=cognito.StandardAttribute(required=True, mutable=True)
            ),
            # Mutable so intake can set them with admin calls; the app client below cannot write them.
            custom_attributes={
                "tenant_id": cognito.StringAttribute(min_len=1, max_len=64, mutable=True),
                "tenant_slug": cognito.StringAttribute(min_len=1, max_len=64, mutable=True),
                "person_id": cognito.StringAttribute(min_len=1, max_len=64, mutable=True),
            },
            # Passwordless: people sign in with a code e-mailed to them (USER_AUTH, EMAIL_OTP), which needs
            # the Essentials plan. Cognito requires the password factor to stay allowed; accounts are created
            # without one (intake's directory), so nobody can use it. The policy below still applies to
            # any password an administrator might set by hand.
            feature_plan=cognito.FeaturePlan.ESSENTIALS,
            sign_in_policy=cognito.SignInPolicy(
                allowed_first_auth_factors=cognito.AllowedFirstAuthFactors(password=True, email_otp=True)
            ),
            # E-mail codes require Cognito to send through SES: the deployment's domain identity and its
            # configuration set (TLS required, bounces suppressed), from the same sender as every Tandem mail.
            email=cognito.UserPoolEmail.with_ses(
                from_email=settings.sender_email,
                ses_verified_domain=settings.sender_domain,
                configuration_set_name=self.mail_configuration.configuration_set_name,
                # The identity is in the stack's own region (an environment-agnostic stack must say so).
                ses_region=cdk.Stack.of(self).region,
            ),
            password_policy=cognito.PasswordPolicy(
                min_length=12,
                require_lowercase=True,
                require_uppercase=True,
                require_digits=True,
                require_symbols=True,
                temp_password_validity=cdk.Duration.days(3),
            ),
            mfa=cognito.Mfa.OPTIONAL,
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False),
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            deletion_protection=True,
            removal_policy=cdk.RemovalPolicy.RETAIN,
        )
        # The pool names the identity by its ARN, built from the domain, not a reference: create it first.
        pool_resource = self.user_pool.node.default_child
        assert isinstance(pool_resource, cdk.CfnResource)
        pool_resource.node.add_dependency(self.mail_identity)
        acknowledge(
            self.user_pool,
            "AwsSolutions-COG2",
            "Sign-in is passwordless: the one-time code e-mailed to the person proves they hold the "
            "mailbox, and nobody has a password a second factor would protect. Mentees and volunteer "
            "mentors sign in from shared and school devices where an authenticator app would lock them out.",
        )
        acknowledge(
            self.user_pool,
            "AwsSolutions-COG8",
            "The Essentials plan is what passwordless e-mail codes need (issue 10). Plus adds threat "
            "protection, whose checks are for passwords (compromised credentials) and sign-in risk scoring "
            "that would answer with an MFA nobody here has; WAF rate-limits the sign-in posts instead "
            "(docs/decisions.md).",
        )
        self.user_pool_client = self.user_pool.add_client(
            "WebClient",
            user_pool_client_name=f"{settings.prefix}-web",
            generate_secret=False,
            # Choice-based sign-in (USER_AUTH) for the e-mail code; CDK always adds ALLOW_REFRESH_TOKEN_AUTH,
            # which keeps a session alive. No password flows: nobody has a password.
            auth_flows=cognito.AuthFlow(user=True),
            disable_o_auth=True,
            prevent_user_existence_errors=True,
            # Sign-out revokes the refresh token (shared/web/identity.py).
            enable_token_revocation=True,
            id_token_validity=ID_TOKEN_VALIDITY,
            access_token_validity=cdk.Duration.hours(1),
            refresh_token_validity=cdk.Duration.days(30),
            read_attributes=cognito.ClientAttributes()
            .with_standard_attributes(**dict.fromkeys(CLIENT_READABLE_STANDARD_ATTRIBUTES, True))
            .with_custom_attributes(*CLIENT_READABLE_CUSTOM_ATTRIBUTES),
            # An explicit, non-empty allow-list: an empty WriteAttributes means "not specified" to Cognito,
            # which leaves custom attributes writable (a user could move into another tenant).
            write_attributes=cognito.ClientAttributes().with_standard_attributes(
                **dict.fromkeys(CLIENT_WRITABLE_STANDARD_ATTRIBUTES, True)
            ),
        )
        self._machine_clients(settings)
        for role in Role:
            cognito.CfnUserPoolGroup(
                self,
                f"Group{role.value.title()}",
                user_pool_id=self.user_pool.user_pool_id,
                group_name=role.value,
            )

    def _machine_clients(self, settings: DeploymentSettings) -> None:
        """Partner systems (issue 16): intake creates their app clients (client credentials) at run time;
        here the pool gets the resource server whose one scope they are allowed, and the domain whose
        `/oauth2/token` they ask for access tokens. The partner routes' methods ask for that scope."""
        identifier, scope_name = MACHINE_SCOPE.split("/")
        self.machine_scope = cognito.ResourceServerScope(
            scope_name=scope_name, scope_description="create and update applicants of one municipality"
        )
        self.user_pool.add_resource_server(
            "TandemResourceServer",
            identifier=identifier,
            user_pool_resource_server_name=f"{settings.prefix}-api",
            scopes=[self.machine_scope],
        )
        self.user_pool_domain = self.user_pool.add_domain(
            "Domain",
            cognito_domain=cognito.CognitoDomainOptions(domain_prefix=f"{settings.prefix}-auth"),
        )

    def word_sign_in_mail(self, function: lambda_.IFunction) -> None:
        """Cognito calls `function` (its CustomMessage trigger) to word the code e-mail in the person's
        language. It is built with the service whose code it runs (infra/cloud/service.py)."""
        self.user_pool.add_trigger(cognito.UserPoolOperation.CUSTOM_MESSAGE, function)

    def _mail(self, settings: DeploymentSettings) -> None:
        self.mail_configuration = ses.ConfigurationSet(
            self,
            "MailConfiguration",
            configuration_set_name=f"{settings.prefix}-mail",
            reputation_metrics=True,
            sending_enabled=True,
            suppression_reasons=ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
            tls_policy=ses.ConfigurationSetTlsPolicy.REQUIRE,
        )
        # What became of each mail (delivered, bounced, complained of): the delivery log and the bounce
        # marks of the services with `receives_mail_feedback` (their queues subscribe to it).
        self.mail_feedback = sns.Topic(
            self, "MailFeedback", topic_name=f"{settings.prefix}-mail-feedback", enforce_ssl=True
        )
        # CDK lets SES publish to it for this configuration set only (aws:SourceArn), nothing else.
        self.mail_configuration.add_event_destination(
            "Feedback",
            destination=ses.EventDestination.sns_topic(self.mail_feedback),
            events=[
                ses.EmailSendingEvent.DELIVERY,
                ses.EmailSendingEvent.BOUNCE,
                ses.EmailSendingEvent.COMPLAINT,
            ],
        )
        # A domain identity: nobody reads the no-reply mailbox to click a verification link.
        self.mail_identity = ses.EmailIdentity(
            self,
            "MailIdentity",
            identity=ses.Identity.domain(settings.sender_domain),
            configuration_set=self.mail_configuration,
        )
        for i, record in enumerate(self.mail_identity.dkim_records, start=1):
            output = cdk.CfnOutput(self, f"DkimRecord{i}", value=f"{record.name} CNAME {record.value}")
            output.override_logical_id(f"DkimRecord{i}")  # docs/deploy.md names these outputs

    def _api(self, settings: DeploymentSettings) -> None:
        access_logs = logs.LogGroup(self, "ApiAccessLogs", retention=LOG_RETENTION)
        self.api = apigw.RestApi(
            self,
            "Api",
            rest_api_name=f"{settings.prefix}-api",
            description="Tandem: every service's HTTP routes",
            endpoint_types=[apigw.EndpointType.REGIONAL],
            # Execution logging (below) needs the account-wide CloudWatch role; kept when a stage goes.
            cloud_watch_role=True,
            cloud_watch_role_removal_policy=cdk.RemovalPolicy.RETAIN,
            deploy_options=apigw.StageOptions(
                stage_name=settings.stage,
                access_log_destination=apigw.LogGroupLogDestination(access_logs),
                access_log_format=apigw.AccessLogFormat.json_with_standard_fields(
                    caller=False,
                    http_method=True,
                    ip=True,
                    protocol=True,
                    request_time=True,
                    resource_path=True,
                    response_length=True,
                    status=True,
                    user=True,
                ),
                tracing_enabled=True,
                metrics_enabled=True,
                logging_level=apigw.MethodLoggingLevel.ERROR,
                # Bodies carry personal data and free text; they stay out of the execution log.
                data_trace_enabled=False,
                throttling_rate_limit=100,
                throttling_burst_limit=200,
            ),
        )
        acknowledge(
            self.api,
            "AwsSolutions-APIG2",
            "Every route is a Lambda proxy whose pydantic models validate the request and answer 422 "
            "problem+json; API Gateway models would repeat each schema and drift from it.",
        )
        self._custom_domain(settings)
        account_role = self.api.node.find_child("CloudWatchRole")
        acknowledge(
            account_role,
            "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
            "AmazonAPIGatewayPushToCloudWatchLogs]",
            "The account-level role API Gateway assumes to write execution logs; AWS maintains this "
            "policy for exactly that role and API Gateway's log groups cannot be named in advance.",
        )
        self.authorizer = apigw.CognitoUserPoolsAuthorizer(
            self,
            "Authorizer",
            cognito_user_pools=[self.user_pool],
            authorizer_name=f"{settings.prefix}-users",
        )
        self._problem_responses()
        self.alarm(
            self,
            "Api5xxAlarm",
            self.api.metric_server_error(period=cdk.Duration.minutes(5), statistic="Sum"),
            "The Tandem API answered 5xx five times or more in five minutes",
            threshold=5,
        )

    def _custom_domain(self, settings: DeploymentSettings) -> None:
        """The stage at the root of the deployment's own domain: pages link from `/app` and `/forms`."""
        if not (settings.domain_name and settings.certificate_arn):
            return
        certificate = acm.Certificate.from_certificate_arn(self, "Certificate", settings.certificate_arn)
        domain = self.api.add_domain_name(
            "Domain",
            domain_name=settings.domain_name,
            certificate=certificate,
            endpoint_type=apigw.EndpointType.REGIONAL,
            security_policy=apigw.SecurityPolicy.TLS_1_2,
        )
        output = cdk.CfnOutput(self, "DomainTarget", value=domain.domain_name_alias_domain_name)
        output.override_logical_id("DomainTarget")  # docs/deploy.md: the DNS record points here

    def _problem_responses(self) -> None:
        """Errors API Gateway answers itself (no token, throttled) are problem+json like the services'."""
        cases = {
            apigw.ResponseType.UNAUTHORIZED: ("401", "Unauthorized"),
            apigw.ResponseType.ACCESS_DENIED: ("403", "Forbidden"),
            # A path no route matches arrives as "missing authentication token".
            apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN: ("404", "Not Found"),
            apigw.ResponseType.THROTTLED: ("429", "Too Many Requests"),
            apigw.ResponseType.DEFAULT_4_XX: (None, "Bad Request"),
            apigw.ResponseType.DEFAULT_5_XX: (None, "Internal Server Error"),
        }
        for response_type, (status, title) in cases.items():
            body: dict[str, object] = {"type": "about:blank", "title": title}
            if status:
                body["status"] = int(status)
            template = json.dumps(body)[:-1] + ', "detail": $context.error.messageString}'
            self.api.add_gateway_response(
                f"Problem{title.replace(' ', '')}",
                type=response_type,
                status_code=status,
                response_headers={"Content-Type": "'application/problem+json'"},
                templates={"application/json": template},
            )

    def _firewall(self, settings: DeploymentSettings) -> None:
        stage = settings.stage
        # With the execute-api URL the stage leads the path; behind a custom domain it does not.
        # Both rate limits answer the same problem+json body (the response body key below).
        too_many_requests = wafv2.CfnWebACL.RuleActionProperty(
            block=wafv2.CfnWebACL.BlockActionProperty(
                custom_response=wafv2.CfnWebACL.CustomResponseProperty(
                    response_code=429, custom_response_body_key="TooManyRequests"
                )
            )
        )
        anonymous_paths = _paths_starting_with(ANONYMOUS_PREFIXES, stage)
        # POSTs to `/app/<slug>/sign-in` and `.../sign-in/code`: each sends or checks an e-mailed code.
        sign_in_posts = wafv2.CfnWebACL.StatementProperty(
            and_statement=wafv2.CfnWebACL.AndStatementProperty(
                statements=[
                    wafv2.CfnWebACL.StatementProperty(
                        byte_match_statement=wafv2.CfnWebACL.ByteMatchStatementProperty(
                            field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(method={}),
                            positional_constraint="EXACTLY",
                            search_string="POST",
                            text_transformations=[
                                wafv2.CfnWebACL.TextTransformationProperty(priority=0, type="NONE")
                            ],
                        )
                    ),
                    wafv2.CfnWebACL.StatementProperty(
                        regex_match_statement=wafv2.CfnWebACL.RegexMatchStatementProperty(
                            field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(uri_path={}),
                            regex_string=sign_in_path_pattern(stage),
                            text_transformations=[
                                wafv2.CfnWebACL.TextTransformationProperty(priority=0, type="URL_DECODE"),
                                wafv2.CfnWebACL.TextTransformationProperty(priority=1, type="LOWERCASE"),
                            ],
                        )
                    ),
                ]
            )
        )
        self.web_acl = wafv2.CfnWebACL(
            self,
            "Firewall",
            name=f"{settings.prefix}-api",
            scope="REGIONAL",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            visibility_config=_visibility(f"{settings.prefix}-api"),
            custom_response_bodies={
                "TooManyRequests": wafv2.CfnWebACL.CustomResponseBodyProperty(
                    content_type="APPLICATION_JSON",
                    content=json.dumps(
                        {
                            "type": "about:blank",
                            "title": "Too Many Requests",
                            "status": 429,
                            "detail": "Too many requests from you; try again in a few minutes.",
                        }
                    ),
                )
            },
            rules=[
                wafv2.CfnWebACL.RuleProperty(
                    name="AnonymousRateLimit",
                    priority=0,
                    action=too_many_requests,
                    statement=wafv2.CfnWebACL.StatementProperty(
                        rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                            aggregate_key_type="IP",
                            limit=ANONYMOUS_RATE_LIMIT,
                            evaluation_window_sec=300,
                            scope_down_statement=wafv2.CfnWebACL.StatementProperty(
                                or_statement=wafv2.CfnWebACL.OrStatementProperty(statements=anonymous_paths)
                            ),
                        )
                    ),
                    visibility_config=_visibility("AnonymousRateLimit"),
                ),
                wafv2.CfnWebACL.RuleProperty(
                    name="SignInRateLimit",
                    priority=1,
                    action=too_many_requests,
                    statement=wafv2.CfnWebACL.StatementProperty(
                        rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                            # Per address: whoever signs in has no session yet to count by.
                            aggregate_key_type="IP",
                            limit=SIGN_IN_RATE_LIMIT,
                            evaluation_window_sec=300,
                            scope_down_statement=sign_in_posts,
                        )
                    ),
                    visibility_config=_visibility("SignInRateLimit"),
                ),
                wafv2.CfnWebACL.RuleProperty(
                    name="SignedInRateLimit",
                    priority=2,
                    action=too_many_requests,
                    statement=wafv2.CfnWebACL.StatementProperty(
                        rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                            # Per user: the bearer token identifies the signed-in caller (many people of a
                            # municipality may share one office address). A request without the header is
                            # not counted here; API Gateway answers it 401.
                            aggregate_key_type="CUSTOM_KEYS",
                            custom_keys=[
                                wafv2.CfnWebACL.RateBasedStatementCustomKeyProperty(
                                    header=wafv2.CfnWebACL.RateLimitHeaderProperty(
                                        name="authorization",
                                        text_transformations=[
                                            wafv2.CfnWebACL.TextTransformationProperty(
                                                priority=0, type="NONE"
                                            )
                                        ],
                                    )
                                )
                            ],
                            limit=SIGNED_IN_RATE_LIMIT,
                            evaluation_window_sec=300,
                            scope_down_statement=wafv2.CfnWebACL.StatementProperty(
                                not_statement=wafv2.CfnWebACL.NotStatementProperty(
                                    statement=wafv2.CfnWebACL.StatementProperty(
                                        or_statement=wafv2.CfnWebACL.OrStatementProperty(
                                            statements=anonymous_paths
                                        )
                                    )
                                )
                            ),
                        )
                    ),
                    visibility_config=_visibility("SignedInRateLimit"),
                ),
                wafv2.CfnWebACL.RuleProperty(
                    name="WebSessionRateLimit",
                    priority=3,
                    action=too_many_requests,
                    statement=wafv2.CfnWebACL.StatementProperty(
                        rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                            # Per session on the pages: the id token's cookie names the person as the bearer
                            # token does on the API. Without the cookie (signing in) it is not counted here;
                            # the sign-in rule above counts those posts per address.
                            aggregate_key_type="CUSTOM_KEYS",
                            custom_keys=[
                                wafv2.CfnWebACL.RateBasedStatementCustomKeyProperty(
                                    cookie=wafv2.CfnWebACL.RateLimitCookieProperty(
                                        name=ID_COOKIE,
                                        text_transformations=[
                                            wafv2.CfnWebACL.TextTransformationProperty(
                                                priority=0, type="NONE"
                                            )
                                        ],
                                    )
                                )
                            ],
                            limit=WEB_SESSION_RATE_LIMIT,
                            evaluation_window_sec=300,
                            scope_down_statement=wafv2.CfnWebACL.StatementProperty(
                                or_statement=wafv2.CfnWebACL.OrStatementProperty(
                                    statements=_paths_starting_with((f"{WEB_PREFIX}/",), stage)
                                )
                            ),
                        )
                    ),
                    visibility_config=_visibility("WebSessionRateLimit"),
                ),
                wafv2.CfnWebACL.RuleProperty(
                    name="AWSManagedRulesCommonRuleSet",
                    priority=4,
                    override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
                    statement=wafv2.CfnWebACL.StatementProperty(
                        managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                            vendor_name="AWS",
                            name="AWSManagedRulesCommonRuleSet",
                            # Diary entries and notes may pass 8 KB; API Gateway's own limit applies.
                            rule_action_overrides=[
                                wafv2.CfnWebACL.RuleActionOverrideProperty(
                                    name="SizeRestrictions_BODY",
                                    action_to_use=wafv2.CfnWebACL.RuleActionProperty(count={}),
                                )
                            ],
                        )
                    ),
                    visibility_config=_visibility("AWSManagedRulesCommonRuleSet"),
                ),
            ],
        )
        wafv2.CfnWebACLAssociation(
            self,
            "FirewallAssociation",
            resource_arn=self.api.deployment_stage.stage_arn,
            web_acl_arn=self.web_acl.attr_arn,
        )


def _paths_starting_with(prefixes: tuple[str, ...], stage: str) -> list[wafv2.CfnWebACL.StatementProperty]:
    """Each prefix with and without the stage in front (execute-api URL or custom domain)."""
    return [
        wafv2.CfnWebACL.StatementProperty(
            byte_match_statement=wafv2.CfnWebACL.ByteMatchStatementProperty(
                field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(uri_path={}),
                positional_constraint="STARTS_WITH",
                search_string=path,
                text_transformations=[
                    wafv2.CfnWebACL.TextTransformationProperty(priority=0, type="URL_DECODE"),
                    wafv2.CfnWebACL.TextTransformationProperty(priority=1, type="LOWERCASE"),
                ],
            )
        )
        for prefix in prefixes
        for path in (prefix, f"/{stage}{prefix}")
    ]


def sign_in_path_pattern(stage: str) -> str:
    """The sign-in pages' paths, with or without the stage in front (execute-api URL or custom domain)."""
    return rf"^(/{stage})?/app/[^/]+/sign-in(/code)?/?$"


def _visibility(metric_name: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    return wafv2.CfnWebACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, metric_name=metric_name, sampled_requests_enabled=True
    )
