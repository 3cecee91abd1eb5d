"""In-memory stand-ins for matching's ports, and builders of its callers and records.

`InMemoryMatchingRecords` keeps the promises of `services.matching.store.MatchingStore` that logic
relies on (the conditions of a confirmed match, one running run per programme, profile versions),
so logic can be tested without moto; the store's own tests (tests/integration/matching) check the
same promises on moto.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from services.matching.logic.common import event_from
from services.matching.models import (
    Exclusion,
    Match,
    MatchingConfig,
    MatchingProfile,
    ParticipantProfile,
    PersonName,
    ProgrammeSettings,
)
from services.matching.run_models import MatchingRun
from shared.auth import Principal
from shared.errors import Conflict
from shared.events.catalog import MatchingRunRequested
from shared.events.envelope import Metadata
from shared.events.publisher import OutgoingEvent
from tests.fakes.principals import signed_in

TENANT = "t-town"


class InMemoryMatchingRecords:
    """Matching's table in dictionaries."""

    def __init__(self) -> None:
        self.programmes: dict[tuple[str, str], ProgrammeSettings] = {}
        self.participants: dict[tuple[str, str, str], ParticipantProfile] = {}
        self.excluded: dict[tuple[str, str], list[Exclusion]] = {}
        self.runs: dict[tuple[str, str], MatchingRun] = {}
        self.running: dict[tuple[str, str], str] = {}
        self.matches_by_id: dict[tuple[str, str], Match] = {}
        self.people: dict[tuple[str, str], PersonName] = {}

    # --- programmes and profiles ---
    def save_programme(self, programme: ProgrammeSettings) -> None:
        self.programmes[(programme.tenant_id, programme.programme_id)] = programme

    def programme(self, tenant_id: str, programme_id: str) -> ProgrammeSettings | None:
        return self.programmes.get((tenant_id, programme_id))

    def add_profile(self, participant: ParticipantProfile) -> bool:
        key = (participant.tenant_id, participant.programme_id, participant.participant_id)
        if key in self.participants:
            return False
        self.participants[key] = participant.model_copy(update={"version": 1})
        return True

    def profile(self, tenant_id: str, programme_id: str, participant_id: str) -> ParticipantProfile | None:
        return self.participants.get((tenant_id, programme_id, participant_id))

    def profiles(self, tenant_id: str, programme_id: str) -> list[ParticipantProfile]:
        return [p for (t, g, _), p in self.participants.items() if (t, g) == (tenant_id, programme_id)]

    def replace_profile_document(self, participant: ParticipantProfile) -> None:
        key = (participant.tenant_id, participant.programme_id, participant.participant_id)
        if self.participants[key].version != participant.version:
            raise Conflict("The participant changed at the same time; try again.")
        self._bump(key, profile=participant.profile)

    def _bump(self, key: tuple[str, str, str], **changes: Any) -> None:
        known = self.participants[key]
        self.participants[key] = known.model_copy(update={**changes, "version": known.version + 1})

    def profiles_of_person(self, tenant_id: str, person_id: str) -> list[ParticipantProfile]:
        return [
            p for (t, _, _), p in self.participants.items() if t == tenant_id and p.person_id == person_id
        ]

    # --- names ---
    def save_name(self, name: PersonName) -> None:
        known = self.people.get((name.tenant_id, name.person_id))
        if known is None or known.recorded_at <= name.recorded_at:
            self.people[(name.tenant_id, name.person_id)] = name

    def names(self, tenant_id: str, person_ids: list[str]) -> dict[str, PersonName]:
        return {p: self.people[(tenant_id, p)] for p in person_ids if (tenant_id, p) in self.people}

    # --- exclusions ---
    def add_exclusion(self, tenant_id: str, programme_id: str, exclusion: Exclusion) -> None:
        listed = self.excluded.setdefault((tenant_id, programme_id), [])
        if exclusion not in listed:
            listed.append(exclusion)

    def exclusions(self, tenant_id: str, programme_id: str) -> list[Exclusion]:
        return list(self.excluded.get((tenant_id, programme_id), []))

    # --- runs ---
    def add_run(self, run: MatchingRun) -> None:
        if (run.tenant_id, run.programme_id) in self.running:
            raise Conflict("A matching run of this programme is running.", rule="run_in_progress")
        self.running[(run.tenant_id, run.programme_id)] = run.run_id
        self.runs[(run.tenant_id, run.run_id)] = run

    def finish_run(self, run: MatchingRun) -> None:
        if self.runs[(run.tenant_id, run.run_id)].status != "running":
            raise Conflict("The run is finished already.")
        self.runs[(run.tenant_id, run.run_id)] = run
        if self.running.get((run.tenant_id, run.programme_id)) == run.run_id:
            del self.running[(run.tenant_id, run.programme_id)]

    def run(self, tenant_id: str, run_id: str, *, with_results: bool = True) -> MatchingRun | None:
        run = self.runs.get((tenant_id, run_id))
        if run is None or with_results:
            return run
        return run.model_copy(update={"proposals": [], "unmatched": []})

    def runs_of_programme(self, tenant_id: str, programme_id: str) -> list[MatchingRun]:
        return [
            r.model_copy(update={"proposals": [], "unmatched": []})
            for (t, _), r in self.runs.items()
            if t == tenant_id and r.programme_id == programme_id
        ]

    def mark_published(self, tenant_id: str, run_id: str, proposal_ids: list[str]) -> None:
        run = self.runs[(tenant_id, run_id)]
        published = sorted({*run.published_proposals, *proposal_ids})
        self.runs[(tenant_id, run_id)] = run.model_copy(update={"published_proposals": published})

    # --- matches ---
    def confirm_match(
        self, match: Match, *, mentor: ParticipantProfile, mentees: list[ParticipantProfile], slots: int
    ) -> None:
        keys = [(match.tenant_id, match.programme_id, m.participant_id) for m in mentees]
        mentor_key = (match.tenant_id, match.programme_id, mentor.participant_id)
        current = self.participants[mentor_key]
        if any(self.participants[k].status != "available" for k in keys) or (
            current.status != "available" or current.load > slots - len(mentees)
        ):
            raise Conflict("Someone in this match was matched meanwhile, or the mentor is full.")
        for key in keys:
            self._bump(key, status="matched")
        self._bump(mentor_key, load=current.load + len(mentees))
        self.matches_by_id[(match.tenant_id, match.match_id)] = match

    def end_match(self, ended: Match) -> None:
        if self.matches_by_id[(ended.tenant_id, ended.match_id)].status != "active":
            raise Conflict("This match has ended already.", rule="already_ended")
        self.matches_by_id[(ended.tenant_id, ended.match_id)] = ended
        for mentee_id in ended.mentee_ids:
            self._bump((ended.tenant_id, ended.programme_id, mentee_id), status="available")
        mentor_key = (ended.tenant_id, ended.programme_id, ended.mentor_id)
        self._bump(mentor_key, load=self.participants[mentor_key].load - len(ended.mentee_ids))

    def match(self, tenant_id: str, match_id: str) -> Match | None:
        return self.matches_by_id.get((tenant_id, match_id))

    def matches(self, tenant_id: str, programme_id: str | None) -> list[Match]:
        return [
            m
            for (t, _), m in self.matches_by_id.items()
            if t == tenant_id and programme_id in (None, m.programme_id)
        ]

    def matches_of_person(self, tenant_id: str, person_id: str) -> list[Match]:
        return [m for m in self.matches(tenant_id, None) if person_id in m.member_person_ids]


class RecordingPublisher:
    """The bus: keeps what was published, as (tenant, event data)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, Any]] = []

    def publish_one(self, tenant_id: str, data: Any) -> None:
        self.sent.append((tenant_id, data))

    @contextmanager
    def along(self, events: Iterable[OutgoingEvent]) -> Iterator[None]:
        yield  # kept only when the write inside the block succeeded, as the outbox does
        self.sent += [(e.tenant_id, e.data) for e in events]

    def types(self) -> list[str]:
        return [type(data).__name__ for _, data in self.sent]


# --- builders ---------------------------------------------------------------------------------------


def manager(tenant_id: str = TENANT) -> Principal:
    return signed_in(f"mgr-{tenant_id}", "manager", tenant_id=tenant_id)


def member(person_id: str, role: str, tenant_id: str = TENANT) -> Principal:
    """A mentor or mentee (`role`) signed in as the person `person_id`."""
    return signed_in(f"u-{person_id}", role, tenant_id=tenant_id, person_id=person_id)


def meta(tenant_id: str = TENANT, event_type: str = "MatchingRunRequested") -> Metadata:
    return Metadata(
        event_id=f"evt-{datetime.now(UTC).timestamp()}",
        event_type=event_type,
        version=1,
        tenant_id=tenant_id,
        occurred_at=datetime.now(UTC),
        correlation_id="corr",
        producer="matching",
    )


def run_requested(run: MatchingRun) -> MatchingRunRequested:
    """The event a requested run puts on the bus, as matching's own consumer receives it."""
    return event_from(MatchingRunRequested, run)


def programme(
    programme_id: str = "prg_1", tenant_id: str = TENANT, kind: str = "group", **config: Any
) -> ProgrammeSettings:
    return ProgrammeSettings(
        tenant_id=tenant_id,
        programme_id=programme_id,
        name="Mentoring",
        kind=kind,  # type: ignore[arg-type]
        config=MatchingConfig(kind=kind, reference_year=2026, **config),  # type: ignore[arg-type]
    )


def participant(
    participant_id: str,
    role: str,
    *,
    programme_id: str = "prg_1",
    tenant_id: str = TENANT,
    languages: tuple[str, ...] = ("de",),
    interests: tuple[str, ...] = ("IT",),
    **profile: Any,
) -> ParticipantProfile:
    return ParticipantProfile(
        tenant_id=tenant_id,
        programme_id=programme_id,
        person_id=f"person-{participant_id}",
        profile=MatchingProfile(
            participant_id=participant_id,
            role=role,  # type: ignore[arg-type]
            birth_year=1990,
            languages=list(languages),
            interests=list(interests),
            **profile,
        ),
    )


def seeded(store: InMemoryMatchingRecords, prog: ProgrammeSettings, *people: ParticipantProfile) -> None:
    store.save_programme(prog)
    for person in people:
        store.add_profile(person)
