from pydantic import AliasChoices, Field

from shared.config import Settings, load_settings


class MonitoringSettings(Settings):
    monitoring_table_name: str
    event_bus_name: str
    #: Where links in the service's pages and charts point (the deployment's own address).
    public_base_url: str = ""
    #: Where the questionnaires' timers are scheduled (EventBridge Scheduler, `uses_scheduler`). The local
    #: runtime holds every service in one process, so it also names them with the service's prefix.
    schedule_group_name: str = Field(
        default="", validation_alias=AliasChoices("monitoring_schedule_group_name", "schedule_group_name")
    )
    scheduler_role_arn: str = Field(
        default="", validation_alias=AliasChoices("monitoring_scheduler_role_arn", "scheduler_role_arn")
    )
    schedule_target_arn: str = Field(
        default="", validation_alias=AliasChoices("monitoring_schedule_target_arn", "schedule_target_arn")
    )


settings = load_settings(MonitoringSettings)
