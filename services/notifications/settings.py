from shared.config import Settings, load_settings


class NotificationsSettings(Settings):
    notifications_table_name: str
    sender_email: str
    public_base_url: str = ""
    #: Where the managers' hourly digests are scheduled (EventBridge Scheduler, `uses_scheduler`).
    schedule_group_name: str
    scheduler_role_arn: str
    schedule_target_arn: str
    #: How long a contact record is kept after its last write (the privacy issue sets the final period).
    contact_retention_days: int = 730


settings = load_settings(NotificationsSettings)
