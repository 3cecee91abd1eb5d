"""The deployment: one stack holding the shared core and one construct per service.

One stack, not a core stack plus service stacks: API Gateway methods must live with the REST API's
deployment, and cross-stack references would pin exports that block later changes.
"""

from __future__ import annotations

from collections.abc import Sequence

import aws_cdk as cdk
from constructs import Construct

from infra.cloud.bundling import dependency_layer
from infra.cloud.core import Core
from infra.cloud.service import ServiceConstruct
from infra.cloud.settings import DeploymentSettings
from shared.manifest import ServiceSpec

#: Cognito's CustomMessage trigger: (the service whose asset holds it, its handler). It words the sign-in
#: code e-mail in the person's language; the local runtime uses the same module (infra/local/passwordless.py).
SIGN_IN_MAIL = ("intake", "services.intake.sign_in_mail.handler")


class TandemStack(cdk.Stack):
    def __init__(
        self,
        scope: Construct,
        *,
        settings: DeploymentSettings,
        services: Sequence[ServiceSpec],
        env: cdk.Environment | None = None,
    ) -> None:
        super().__init__(
            scope, settings.stack_name, description=f"Tandem social mentoring ({settings.stage})", env=env
        )
        cdk.Tags.of(self).add("tandem:stage", settings.stage)
        self.core = Core(self, "Core", settings=settings)
        # The core layer for every function; the scientific one (numpy, scipy) only where a manifest asks.
        core_layer = dependency_layer(self, "Dependencies", "core")
        scientific_layer = (
            dependency_layer(self, "ScientificDependencies", "scientific")
            if any(spec.scientific_functions for spec in services)
            else None
        )
        self.services = {
            spec.name: ServiceConstruct(
                self, spec, core=self.core, layer=core_layer, scientific_layer=scientific_layer
            )
            for spec in services
        }
        service, handler = SIGN_IN_MAIL
        if service in self.services:
            self.core.word_sign_in_mail(self.services[service].cognito_trigger("SignInMail", handler))
        cdk.CfnOutput(self, "ApiUrl", value=self.core.public_base_url)
        cdk.CfnOutput(self, "UserPoolId", value=self.core.user_pool.user_pool_id)
        cdk.CfnOutput(self, "UserPoolClientId", value=self.core.user_pool_client.user_pool_client_id)
        cdk.CfnOutput(self, "EventBusName", value=self.core.bus.event_bus_name)
        cdk.CfnOutput(self, "EventBusArn", value=self.core.bus.event_bus_arn)
        cdk.CfnOutput(self, "AlarmTopicArn", value=self.core.alarm_topic.topic_arn)
