"""The events matching produces: runs requested and completed, matches confirmed and ended."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from shared.events.catalog.facts import Language
from shared.events.envelope import EventData

#: How a run ended (a run that is still computing publishes nothing).
RunOutcome = Literal["completed", "failed"]


class MatchingRunRequested(EventData):
    producer = "matching"
    visibility = "internal"
    description = "A manager asked for a matching run; matching's own consumer computes it."

    run_id: str
    programme_id: str
    objective: Literal["max_total", "max_matched"]
    grouping: Literal["pairs", "groups"]
    language: Language = "en"


class MatchingRunCompleted(EventData):
    """`matched` and `unmatched` count mentees; the proposals stay in matching (its API's run)."""

    producer = "matching"
    description = "A matching run finished (or failed); its proposals wait for the manager."

    run_id: str
    programme_id: str
    status: RunOutcome
    matched: int = 0
    unmatched: int = 0


class MatchConfirmed(EventData):
    producer = "matching"
    description = "A mentoring relationship begins: a pair, or a group around one mentor."

    match_id: str
    programme_id: str
    kind: Literal["pair", "group"]
    mentor_id: str
    mentee_ids: list[str]


class MatchEnded(EventData):
    producer = "matching"
    description = "A relationship ended (early or as planned); its people are free to be matched again."

    match_id: str
    programme_id: str
    mentor_id: str
    mentee_ids: list[str]
    rematch: bool = False
    completed: bool = Field(
        default=False,
        description="true: completed as planned (after monitoring's RelationshipClosed), not ended early",
    )


EVENTS: tuple[type[EventData], ...] = (
    MatchingRunRequested,
    MatchingRunCompleted,
    MatchConfirmed,
    MatchEnded,
)
