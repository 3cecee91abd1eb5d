"""Event builders: a valid event with sensible defaults; a test states only what it cares about."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from shared.events.catalog import ProgrammeOpened
from shared.events.envelope import Metadata


def programme_opened(n: int = 0, **changes: Any) -> ProgrammeOpened:
    """Programme `prg_<n>` of the tenant `demo`, a pair programme open for applications."""
    fields: dict[str, Any] = {
        "programme_id": f"prg_{n}",
        "tenant_slug": "demo",
        "name": f"P{n}",
        "kind": "pair",
        "mode": "blended",
        "languages": ["de"],
        "starts_on": date(2027, 1, 1),
        "ends_on": date(2027, 6, 1),
        "intake_open": True,
        "opened_by": "p_1",
    }
    return ProgrammeOpened(**{**fields, **changes})


def metadata(event_type: str, *, tenant_id: str = "t_1", **changes: Any) -> Metadata:
    """An envelope's metadata as the publisher would write it."""
    fields: dict[str, Any] = {
        "event_id": "e1",
        "event_type": event_type,
        "version": 1,
        "tenant_id": tenant_id,
        "occurred_at": datetime.now(UTC),
        "correlation_id": "c",
        "producer": "intake",
    }
    return Metadata(**{**fields, **changes})
