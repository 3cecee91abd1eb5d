from shared.config import Settings, load_settings


class SessionsSettings(Settings):
    sessions_table_name: str
    event_bus_name: str


settings = load_settings(SessionsSettings)
