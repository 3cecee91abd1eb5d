"""What matching's logic needs from the outside: its table. The bus is `shared.events.publisher`."""

from __future__ import annotations

from typing import Protocol

from services.matching.models import Exclusion, Match, ParticipantProfile, PersonName, ProgrammeSettings
from services.matching.run_models import MatchingRun


class MatchingRecords(Protocol):
    """Matching's table (`store.MatchingStore`; `tests.fakes.matching.InMemoryMatchingRecords`)."""

    def save_programme(self, programme: ProgrammeSettings) -> None: ...
    def programme(self, tenant_id: str, programme_id: str) -> ProgrammeSettings | None: ...
    def add_profile(self, participant: ParticipantProfile) -> bool: ...
    def profile(
        self, tenant_id: str, programme_id: str, participant_id: str
    ) -> ParticipantProfile | None: ...
    def profiles(self, tenant_id: str, programme_id: str) -> list[ParticipantProfile]: ...
    def replace_profile_document(self, participant: ParticipantProfile) -> None: ...
    def profiles_of_person(self, tenant_id: str, person_id: str) -> list[ParticipantProfile]:
        """Every programme's profile of one person (their home page)."""

    def save_name(self, name: PersonName) -> None:
        """Keep a person's name, unless a newer one (by `recorded_at`) is kept already."""

    def names(self, tenant_id: str, person_ids: list[str]) -> dict[str, PersonName]:
        """The known names of these people, by person id (unknown people are left out)."""

    def add_exclusion(self, tenant_id: str, programme_id: str, exclusion: Exclusion) -> None: ...
    def exclusions(self, tenant_id: str, programme_id: str) -> list[Exclusion]: ...
    def add_run(self, run: MatchingRun) -> None:
        """Store a new running run; Conflict (rule `run_in_progress`) while another run of the same
        programme is running."""

    def finish_run(self, run: MatchingRun) -> None:
        """Store a completed or failed run, and let the programme run again."""

    def run(self, tenant_id: str, run_id: str, *, with_results: bool = True) -> MatchingRun | None: ...
    def runs_of_programme(self, tenant_id: str, programme_id: str) -> list[MatchingRun]:
        """A programme's runs without their proposals and unmatched lists (the manager's list)."""

    def mark_published(self, tenant_id: str, run_id: str, proposal_ids: list[str]) -> None: ...
    def confirm_match(
        self, match: Match, *, mentor: ParticipantProfile, mentees: list[ParticipantProfile], slots: int
    ) -> None: ...
    def end_match(self, ended: Match) -> None: ...
    def match(self, tenant_id: str, match_id: str) -> Match | None: ...
    def matches(self, tenant_id: str, programme_id: str | None) -> list[Match]: ...
    def matches_of_person(self, tenant_id: str, person_id: str) -> list[Match]: ...
