from shared.config import Settings, load_settings


class MonitoringSettings(Settings):
    monitoring_table_name: str
    event_bus_name: str
    #: Where links in the service's pages and charts point (the deployment's own address).
    public_base_url: str = ""


settings = load_settings(MonitoringSettings)
