"""An EventBridge client (the boto3 `events` client's `put_events`) that can refuse entries."""

from __future__ import annotations

from typing import Any


class RefusingEventBridge:
    """Refuses the entries whose index is in `refuse[attempt]` (attempts count from 0)."""

    def __init__(self, refuse: dict[int, set[int]] | None = None) -> None:
        self.calls: list[list[dict[str, Any]]] = []
        self.refuse = refuse or {}

    def put_events(self, *, Entries: list[dict[str, Any]]) -> dict[str, Any]:
        attempt = len(self.calls)
        self.calls.append(Entries)
        bad = self.refuse.get(attempt, set())
        results = [
            {"ErrorCode": "InternalFailure"} if i in bad else {"EventId": str(i)} for i in range(len(Entries))
        ]
        return {"FailedEntryCount": len(bad), "Entries": results}
