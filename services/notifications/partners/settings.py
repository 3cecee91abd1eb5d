"""The partners part's settings: where the bus, its archive and the partners' dead letters are."""

from __future__ import annotations

from typing import Literal

from shared.config import Settings, load_settings


class PartnerSettings(Settings):
    event_bus_name: str
    #: `local` (infra/local only): endpoints on 127.0.0.1 over http are accepted, and nothing else is, so
    #: nothing on this machine dials out. `cloud`: https only, to a host that resolves to public addresses.
    partner_endpoints: Literal["cloud", "local"] = "cloud"
    #: The bus's archive (replay), the queue undeliverable partner events go to, and the role EventBridge
    #: assumes to invoke an API destination or a partner's bus (infra/cloud sets them).
    event_archive_arn: str = ""
    partner_dead_letter_arn: str = ""
    partner_invoke_role_arn: str = ""
    #: Names of the rules, connections and API destinations start with this (one deployment, one prefix).
    partner_resource_prefix: str = "tandem"


def settings() -> PartnerSettings:
    return load_settings(PartnerSettings)
