"""Intake's audit part: the trail of every read and change of personal data (issue 14, accountability).

`router` (routing.py) carries its API routes and pages (intake's api.py loads them at their first request),
`HANDLERS` its event handler (intake's events.py joins it, imported at the first event of its type).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shared.events.consumer import HandlerName


#: Its event handlers, named (intake's events.py joins them; each is imported at its event's first arrival).
HANDLERS: dict[str, HandlerName] = {
    "PersonalDataAccessed": "services.intake.audit.events:on_personal_data_accessed",
}
