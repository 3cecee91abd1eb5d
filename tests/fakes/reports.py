"""Monitoring reports: an in-memory table with the store's promise (a change saves whole, each document at
the revision it was read, else Conflict and nothing saved), and a feeder that plays a programme's events."""

from __future__ import annotations

import copy
import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any

from services.monitoring.reports.logic.ports import Stored, Write
from services.monitoring.reports.logic.projection import Projector
from shared.errors import Conflict
from shared.events.catalog import (
    ApplicationDecided,
    ApplicationSubmitted,
    MatchConfirmed,
    ParticipantAccepted,
    ProgrammeOpened,
    SessionHeld,
    SessionScheduled,
    TenantCreated,
)
from shared.events.catalog.profile import MatchingFacts
from shared.events.envelope import EventData, Metadata
from tests.fakes.publisher import RecordingPublisher

START = datetime(2027, 1, 4, 9, tzinfo=UTC)


class InMemoryReportStore:
    def __init__(self) -> None:
        self.items: dict[tuple[str, str], Stored] = {}
        self.commits = 0

    def read(self, tenant_id: str, key: str) -> Stored | None:
        found = self.items.get((tenant_id, key))
        return copy.deepcopy(found) if found else None

    def query(self, tenant_id: str, prefix: str) -> list[Stored]:
        return [
            copy.deepcopy(v)
            for (t, k), v in sorted(self.items.items())
            if t == tenant_id and k.startswith(prefix)
        ]

    def commit(self, writes: list[Write]) -> None:
        for w in writes:
            known = self.items.get((w.tenant_id, w.key))
            if (known.revision if known else 0) != w.revision:
                raise Conflict("stale")
        for w in writes:
            self.items[(w.tenant_id, w.key)] = Stored(copy.deepcopy(w.document), w.revision + 1)
        self.commits += 1


class Feeder:
    """Plays events into a `Projector` as the consumer would, one event id each."""

    def __init__(self, store: InMemoryReportStore | Any | None = None, tenant_id: str = "t-town") -> None:
        self.store = store if store is not None else InMemoryReportStore()
        self.publisher = RecordingPublisher()
        self.projector = Projector(self.store, self.publisher)
        self.tenant_id = tenant_id
        self._ids = itertools.count(1)
        self.now = START

    def play(self, data: EventData, at: datetime | None = None, tenant_id: str | None = None) -> None:
        meta = Metadata(
            event_id=f"e{next(self._ids)}",
            event_type=data.event_type(),
            version=1,
            tenant_id=tenant_id or self.tenant_id,
            occurred_at=at or self.now,
            correlation_id="c",
            producer=data.producer,
        )
        self.projector.apply(meta, data)

    # --- the usual beginnings ---
    def municipality(self, name: str = "Town", slug: str = "town") -> None:
        self.play(TenantCreated(slug=slug, name=name, default_language="en", languages=["en"]))

    def programme(self, programme_id: str = "prg_1", cadence_days: int = 14) -> None:
        self.play(
            ProgrammeOpened(
                programme_id=programme_id,
                tenant_slug="town",
                name="Work that pays",
                kind="group",
                mode="blended",
                cadence_days=cadence_days,
                languages=["en"],
                starts_on=date(2027, 1, 1),
                ends_on=date(2027, 12, 31),
                intake_open=True,
                opened_by="p_mgr",
                timezone="Europe/Berlin",
            )
        )

    def participant(self, programme_id: str, n: str, role: str = "mentee") -> str:
        pid = f"par_{n}"
        self.play(
            ApplicationSubmitted(
                application_id=f"app_{n}", programme_id=programme_id, person_id=f"per_{n}", role=role
            )
        )  # type: ignore[arg-type]
        self.play(
            ApplicationDecided(
                application_id=f"app_{n}",
                programme_id=programme_id,
                person_id=f"per_{n}",
                role=role,  # type: ignore[arg-type]
                decision="accepted",
                participant_id=pid,
            )
        )
        self.play(
            ParticipantAccepted(
                participant_id=pid,
                person_id=f"per_{n}",
                programme_id=programme_id,
                application_id=f"app_{n}",
                role=role,  # type: ignore[arg-type]
                eligible=True,
                profile=MatchingFacts(birth_year=1990, languages=["en"]),
            )
        )
        return pid

    def relationship(self, programme_id: str, match_id: str, mentor: str, mentees: list[str]) -> None:
        self.play(
            MatchConfirmed(
                match_id=match_id,
                programme_id=programme_id,
                kind="group" if len(mentees) > 1 else "pair",
                mentor_id=mentor,
                mentee_ids=mentees,
            )
        )

    def held(
        self, programme_id: str, match_id: str, session_id: str, present: list[str], days: int = 0
    ) -> None:
        at = self.now + timedelta(days=days)
        self.play(
            SessionScheduled(
                session_id=session_id,
                match_id=match_id,
                programme_id=programme_id,
                starts_at=at,
                duration_minutes=60,
                mode="in_person",
            ),
            at=at - timedelta(days=7),
        )
        self.play(
            SessionHeld(session_id=session_id, match_id=match_id, programme_id=programme_id, present=present),
            at=at,
        )
