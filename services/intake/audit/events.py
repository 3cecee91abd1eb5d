"""The audit part's event handler: every service's PersonalDataAccessed, chained into the trail."""

from __future__ import annotations

from services.intake.audit import logic
from services.intake.audit.routing import trail
from shared.events.catalog.audit import PersonalDataAccessed
from shared.events.envelope import Metadata


def on_personal_data_accessed(meta: Metadata, data: PersonalDataAccessed) -> None:
    logic.keep(meta, data, trail())
