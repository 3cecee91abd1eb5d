"""Intake's retention part: `router` (routing.py) carries its API routes (intake's api.py loads
them at their first request), `HANDLERS` the daily sweep's (intake's events.py joins them, each imported at
the first event of its type). Importing `rules` or `logic` needs no settings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shared.events.consumer import HandlerName


#: Its event handlers, named (intake's events.py joins them; each is imported at its event's first arrival).
HANDLERS: dict[str, HandlerName] = {
    "TenantCreated": "services.intake.retention.events:on_tenant_created",
    "RetentionSweepDue": "services.intake.retention.events:on_sweep_due",
}
