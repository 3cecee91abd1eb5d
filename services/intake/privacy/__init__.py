"""Intake's privacy part (issue 14): a person's export and erasure across every service.

`router` (routing.py) carries its routes and pages (services/intake/api.py loads them at their first
request), `HANDLERS` its event handlers (services/intake/events.py joins them, each imported at the first
event of its type).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared.privacy import answering_names

if TYPE_CHECKING:
    from shared.events.consumer import HandlerName


#: Its event handlers, named (intake's events.py joins them; each is imported at its event's first arrival):
#: intake's own share of an export or erasure, and every service's answers.
HANDLERS: dict[str, HandlerName] = {
    **answering_names("services.intake.privacy.events"),
    "PersonExportWritten": "services.intake.privacy.events:on_export_written",
    "PersonErased": "services.intake.privacy.events:on_erased",
}
