"""The few things that differ between deployments, read from CDK context."""

from __future__ import annotations

import re
from dataclasses import dataclass

import aws_cdk as cdk

DEFAULT_SENDER_EMAIL = "no-reply@tandem.example"
_STAGE = re.compile(r"^[a-z][a-z0-9-]{0,19}$")


@dataclass(frozen=True)
class DeploymentSettings:
    stage: str
    sender_email: str = DEFAULT_SENDER_EMAIL
    #: Where people reach the API (a custom domain); default: the API's own execute-api URL.
    public_base_url: str | None = None
    #: Subscribed to the alarm topic when given.
    alarm_email: str | None = None
    #: A custom domain for the API, with the stage at its root (the signed-in pages and the forms link to
    #: `/app/...` and `/forms/...` from the root, which the execute-api URL's `/<stage>` prefix breaks), and
    #: the ARN of its ACM certificate in the stack's region. Both or neither.
    domain_name: str | None = None
    certificate_arn: str | None = None

    def __post_init__(self) -> None:
        if bool(self.domain_name) != bool(self.certificate_arn):
            raise ValueError("domain_name and certificate_arn go together: give both or neither")
        if self.certificate_arn and not self.certificate_arn.startswith("arn:"):
            raise ValueError(f"certificate_arn {self.certificate_arn!r} is not an ARN")
        if not _STAGE.match(self.stage):
            raise ValueError(f"stage {self.stage!r}: lower-case letters, digits and '-', at most 20")
        if "@" not in self.sender_email:
            raise ValueError(f"sender_email {self.sender_email!r} is not an e-mail address")

    @property
    def prefix(self) -> str:
        """Starts every name this deployment gives, so two stages can share an account."""
        return f"tandem-{self.stage}"

    @property
    def stack_name(self) -> str:
        return f"Tandem-{self.stage}"

    @property
    def sender_domain(self) -> str:
        return self.sender_email.rsplit("@", 1)[1]

    @classmethod
    def from_context(cls, app: cdk.App, stage: str | None = None) -> DeploymentSettings:
        def context(key: str) -> str | None:
            value = app.node.try_get_context(key)
            return str(value) if value not in (None, "") else None

        chosen = stage or context("stage")
        if chosen is None:
            raise ValueError("no stage: pass --stage or -c stage=<name> (cdk.json sets dev)")
        return cls(
            stage=chosen,
            sender_email=context("sender_email") or DEFAULT_SENDER_EMAIL,
            public_base_url=context("public_base_url"),
            alarm_email=context("alarm_email"),
            domain_name=context("domain_name"),
            certificate_arn=context("certificate_arn"),
        )
