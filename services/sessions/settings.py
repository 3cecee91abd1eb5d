from shared.config import Settings, load_settings


class SessionsSettings(Settings):
    sessions_table_name: str
    event_bus_name: str
    #: Where the private calendar feeds' URLs point (the deployment's own address).
    public_base_url: str = ""


settings = load_settings(SessionsSettings)
