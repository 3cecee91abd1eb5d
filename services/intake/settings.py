from shared.config import Settings, load_settings


class IntakeSettings(Settings):
    intake_table_name: str
    event_bus_name: str
    user_pool_id: str
    public_base_url: str = ""
    #: How long an application (and its applicant claim) is kept after submission; DynamoDB's TTL
    #: deletes it then. The mechanism is here; the privacy issue sets the final period.
    application_retention_days: int = 730


settings = load_settings(IntakeSettings)
