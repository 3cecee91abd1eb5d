"""The privacy part's event handlers: intake's own part of an export or erasure, and every service's
answer recorded (with the last export part, the export is put together)."""

from __future__ import annotations

from services.intake.deps import publisher
from services.intake.privacy import logic
from services.intake.privacy.data import PERSON_DATA
from services.intake.privacy.deps import privacy_store
from shared.events.catalog.privacy import PersonErased, PersonExportWritten
from shared.events.envelope import Metadata
from shared.privacy import answering

#: Intake's own share of a person's export and erasure, then its answer (as every service's).
on_export_requested, on_erasure_requested = answering(PERSON_DATA, publisher)


def on_export_written(meta: Metadata, data: PersonExportWritten) -> None:
    logic.export_written(meta.tenant_id, data.export_id, data.service, privacy_store())


def on_erased(meta: Metadata, data: PersonErased) -> None:
    privacy_store().erased(meta.tenant_id, data.erasure_id, data.service)
