from pydantic import AliasChoices, Field

from shared.config import Settings, load_settings


class IntakeSettings(Settings):
    intake_table_name: str
    event_bus_name: str
    user_pool_id: str
    public_base_url: str = ""
    #: Where partner systems ask for an access token (the pool domain's `/oauth2/token`): in their answer.
    oauth_token_url: str = ""
    #: How long an application (and its applicant claim) is kept after submission; DynamoDB's TTL
    #: deletes it then. The mechanism is here; the privacy issue sets the final period.
    application_retention_days: int = 730
    #: Where the daily retention sweep is scheduled (EventBridge Scheduler, `uses_scheduler`). The local
    #: runtime holds every service in one process, so it also names them with the service's prefix.
    schedule_group_name: str = Field(
        default="", validation_alias=AliasChoices("intake_schedule_group_name", "schedule_group_name")
    )
    scheduler_role_arn: str = Field(
        default="", validation_alias=AliasChoices("intake_scheduler_role_arn", "scheduler_role_arn")
    )
    schedule_target_arn: str = Field(
        default="", validation_alias=AliasChoices("intake_schedule_target_arn", "schedule_target_arn")
    )


settings = load_settings(IntakeSettings)
