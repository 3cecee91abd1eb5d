"""The privacy part's event handlers: intake's own part of an export or erasure, and every service's
answer recorded (with the last export part, the export is put together)."""

from __future__ import annotations

from services.intake.deps import publisher
from services.intake.privacy import logic
from services.intake.privacy.data import PERSON_DATA
from services.intake.privacy.deps import privacy_store
from shared.events.catalog.privacy import PersonErased, PersonExportWritten
from shared.events.consumer import Handler
from shared.events.envelope import EventData, Metadata
from shared.privacy import answering_handlers


def on_export_written(meta: Metadata, data: PersonExportWritten) -> None:
    logic.export_written(meta.tenant_id, data.export_id, data.service, privacy_store())


def on_erased(meta: Metadata, data: PersonErased) -> None:
    privacy_store().erased(meta.tenant_id, data.erasure_id, data.service)


HANDLERS: dict[type[EventData], Handler] = {
    **answering_handlers(PERSON_DATA, publisher),
    PersonExportWritten: on_export_written,
    PersonErased: on_erased,
}
