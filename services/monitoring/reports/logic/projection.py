"""The events the reports project, each applied as one `Change` (see change.py and models.py).

After the change is made, the relationships it touched are evaluated for risks: a relationship that
newly is at risk, or gains a reason, raises `RiskFlagRaised` before the change is saved (so a failed
save retries the event and the flag with it: at least once; notifications mails once a day at most). One
that no longer is at risk (its reasons passed, or it ended) raises `RiskFlagCleared` (intake counts them).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from statistics import fmean
from typing import Any
from zoneinfo import ZoneInfo

from services.monitoring.reports.logic import risks
from services.monitoring.reports.logic import sweep as daily
from services.monitoring.reports.logic.change import Change
from services.monitoring.reports.logic.ports import Publisher, ReportStore
from services.monitoring.reports.logic.sweep import Scheduler
from services.monitoring.reports.models import (
    ApplicationRow,
    AssignmentRow,
    Outcome,
    ParticipantIndex,
    PersonRow,
    RelationshipRow,
    RelationshipStatus,
    SessionRow,
    TenantTotals,
    person_key,
    relationship_key,
    tenant_key,
)
from shared.events.catalog import (
    AbsenceNoticed,
    AgreementSigned,
    ApplicationDecided,
    ApplicationSubmitted,
    DiaryEntrySubmitted,
    MatchConfirmed,
    MatchEnded,
    MidtermReviewRecorded,
    OutcomeRecorded,
    ParticipantAccepted,
    ProgrammeChanged,
    ProgrammeOpened,
    QuestionnaireAssigned,
    QuestionnaireSubmitted,
    RelationshipClosed,
    RiskFlagCleared,
    RiskFlagRaised,
    RiskSweepDue,
    SessionCancelled,
    SessionHeld,
    SessionRescheduled,
    SessionScheduled,
    TenantCreated,
)
from shared.events.envelope import EventData, Metadata
from shared.events.publisher import OutgoingEvent
from shared.storage import NETWORK


class Projector:
    """Applies one event to the projections of its tenant."""

    def __init__(self, store: ReportStore, publisher: Publisher, scheduler: Scheduler | None = None) -> None:
        self.store = store
        self.publisher = publisher
        self.scheduler = scheduler  # the next day's risk sweep; None: swept on events only (tests)

    def apply(self, meta: Metadata, data: EventData) -> None:
        if not isinstance(data, TenantCreated):
            self.sweep(meta.tenant_id, meta.occurred_at.date())
        APPLY[type(data)](self, meta, data)

    # --- the daily sweep (sweep.py) ---
    def sweep(self, tenant_id: str, today: date) -> None:
        daily.sweep(self, tenant_id, today)

    # --- helpers ---
    def finish(self, change: Change, today: date, cadence: int | None = None) -> None:
        summary = change.summary
        if cadence is None:
            cadence = summary.cadence_days if summary is not None else 14
        flags: list[OutgoingEvent] = []
        for relationship in change.documents(RelationshipRow):
            current = risks.reasons(relationship, cadence, today)
            if risks.newly_raised(relationship, current):
                raised = RiskFlagRaised(
                    match_id=relationship.match_id, programme_id=relationship.programme_id, reasons=current
                )
                flags.append(OutgoingEvent(change.tenant_id, raised))
            elif relationship.flagged and not current:
                cleared = RiskFlagCleared(
                    match_id=relationship.match_id, programme_id=relationship.programme_id
                )
                flags.append(OutgoingEvent(change.tenant_id, cleared))
            relationship.flagged = current
        # A change is one relationship's documents: its flags fit in the same transaction.
        with self.publisher.along(flags):
            change.commit()

    @staticmethod
    def _person(change: Change, programme_id: str, participant_id: str, role: str = "mentee") -> PersonRow:
        return change.get_or(
            PersonRow,
            person_key(programme_id, participant_id),
            participant_id=participant_id,
            programme_id=programme_id,
            role=role,
        )

    @staticmethod
    def _relationship(change: Change, programme_id: str, match_id: str) -> RelationshipRow:
        return change.get_or(
            RelationshipRow,
            relationship_key(programme_id, match_id),
            match_id=match_id,
            programme_id=programme_id,
        )

    @staticmethod
    def _session(change: Change, programme_id: str, session_id: str, match_id: str) -> SessionRow:
        return change.get_or(
            SessionRow,
            f"report#session#{programme_id}#{session_id}",
            session_id=session_id,
            match_id=match_id,
            programme_id=programme_id,
            month="",
        )

    @staticmethod
    def _month(change: Change, at: datetime) -> str:
        zone = change.summary.timezone if change.summary is not None else "UTC"
        return at.astimezone(ZoneInfo(zone)).strftime("%Y-%m")

    # --- the registry ---
    def tenant_created(self, meta: Metadata, data: TenantCreated) -> None:
        change = Change(self.store, NETWORK)
        totals = change.get_or(TenantTotals, tenant_key(meta.tenant_id), tenant_id=meta.tenant_id)
        totals.slug, totals.name = data.slug, data.name
        change.commit()

    def programme(self, meta: Metadata, data: ProgrammeOpened | ProgrammeChanged) -> None:
        change = Change(self.store, meta.tenant_id, data.programme_id)
        summary = change.summary
        assert summary is not None
        summary.name, summary.tenant_slug, summary.known = data.name, data.tenant_slug, True
        summary.cadence_days, summary.timezone = data.cadence_days, data.timezone
        change.commit()

    def application_submitted(self, meta: Metadata, data: ApplicationSubmitted) -> None:
        change = Change(self.store, meta.tenant_id, data.programme_id)
        key = f"report#application#{data.programme_id}#{data.application_id}"
        change.get_or(
            ApplicationRow,
            key,
            application_id=data.application_id,
            programme_id=data.programme_id,
            role=data.role,
        )
        change.commit()

    def application_decided(self, meta: Metadata, data: ApplicationDecided) -> None:
        change = Change(self.store, meta.tenant_id, data.programme_id)
        key = f"report#application#{data.programme_id}#{data.application_id}"
        row = change.get_or(
            ApplicationRow,
            key,
            application_id=data.application_id,
            programme_id=data.programme_id,
            role=data.role,
        )
        row.decision = data.decision
        change.commit()

    def participant_accepted(self, meta: Metadata, data: ParticipantAccepted) -> None:
        change = Change(self.store, meta.tenant_id, data.programme_id)
        change.get_or(
            ParticipantIndex,
            f"report#participant#{data.participant_id}",
            participant_id=data.participant_id,
            programme_id=data.programme_id,
            role=data.role,
        )
        self._person(change, data.programme_id, data.participant_id, data.role).role = data.role
        change.commit()

    # --- relationships ---
    def match_confirmed(self, meta: Metadata, data: MatchConfirmed) -> None:
        change = Change(self.store, meta.tenant_id, data.programme_id)
        relationship = self._relationship(change, data.programme_id, data.match_id)
        relationship.mentor_id, relationship.mentee_ids = data.mentor_id, list(data.mentee_ids)
        relationship.started_on = relationship.started_on or meta.occurred_at.date()
        for participant_id in (data.mentor_id, *data.mentee_ids):
            role = "mentor" if participant_id == data.mentor_id else "mentee"
            person = self._person(change, data.programme_id, participant_id, role)
            person.match_id, person.relationship = data.match_id, relationship.status
        self.finish(change, meta.occurred_at.date())

    def _status(self, meta: Metadata, programme_id: str, match_id: str, status: RelationshipStatus) -> None:
        change = Change(self.store, meta.tenant_id, programme_id)
        relationship = self._relationship(change, programme_id, match_id)
        if status == "ended_early" and relationship.status == "completed":
            return  # matching ends the match after the final review closed it: completed as planned
        relationship.status = status
        for participant_id in (relationship.mentor_id, *relationship.mentee_ids):
            if participant_id:
                self._person(change, programme_id, participant_id).relationship = status
        self.finish(change, meta.occurred_at.date())

    def match_ended(self, meta: Metadata, data: MatchEnded) -> None:
        self._status(meta, data.programme_id, data.match_id, "ended_early")

    def relationship_closed(self, meta: Metadata, data: RelationshipClosed) -> None:
        self._status(meta, data.programme_id, data.match_id, "completed")

    def agreement_signed(self, meta: Metadata, data: AgreementSigned) -> None:
        change = Change(self.store, meta.tenant_id, data.programme_id)
        relationship = self._relationship(change, data.programme_id, data.match_id)
        if data.starts_on is not None:
            relationship.started_on = data.starts_on
        self.finish(change, meta.occurred_at.date())

    # --- sessions ---
    def session_scheduled(self, meta: Metadata, data: SessionScheduled | SessionRescheduled) -> None:
        change = Change(self.store, meta.tenant_id, data.programme_id)
        session = self._session(change, data.programme_id, data.session_id, data.match_id)
        session.month = self._month(change, data.starts_at)
        change.commit()

    def session_cancelled(self, meta: Metadata, data: SessionCancelled) -> None:
        change = Change(self.store, meta.tenant_id, data.programme_id)
        self._session(change, data.programme_id, data.session_id, data.match_id).status = "cancelled"
        change.commit()

    def absence_noticed(self, meta: Metadata, data: AbsenceNoticed) -> None:
        change = Change(self.store, meta.tenant_id, data.programme_id)
        session = self._session(change, data.programme_id, data.session_id, data.match_id)
        if data.participant_id not in session.noticed:
            session.noticed.append(data.participant_id)
        if data.role == "mentor" and data.late:
            session.late_mentor_absences += 1
            self._relationship(change, data.programme_id, data.match_id).late_mentor_absences += 1
        self.finish(change, meta.occurred_at.date())

    def session_held(self, meta: Metadata, data: SessionHeld) -> None:
        change = Change(self.store, meta.tenant_id, data.programme_id)
        session = self._session(change, data.programme_id, data.session_id, data.match_id)
        relationship = self._relationship(change, data.programme_id, data.match_id)
        if not session.month:
            session.month = self._month(change, meta.occurred_at)
        if session.status == "held":  # attendance recorded again: take back what the first record added
            for mentee in session.expected:
                person = self._person(change, data.programme_id, mentee)
                person.sessions_expected -= 1
                person.sessions_attended -= int(mentee in session.present)
        expected = list(dict.fromkeys([*relationship.mentee_ids, *data.present]))
        session.status, session.expected, session.present = "held", expected, list(data.present)
        for mentee in expected:
            person = self._person(change, data.programme_id, mentee)
            person.sessions_expected += 1
            came = mentee in data.present
            person.sessions_attended += int(came)
            missed = not came and mentee not in session.noticed
            relationship.missed_in_a_row[mentee] = (
                relationship.missed_in_a_row.get(mentee, 0) + 1 if missed else 0
            )
        held_on = meta.occurred_at.date()
        relationship.last_held_on = max(relationship.last_held_on or held_on, held_on)
        self.finish(change, held_on)

    def diary_submitted(self, meta: Metadata, data: DiaryEntrySubmitted) -> None:
        change = Change(self.store, meta.tenant_id, data.programme_id)
        session = self._session(change, data.programme_id, data.session_id, data.match_id)
        if not session.diary:
            session.diary = True
            self._person(change, data.programme_id, data.writer_id).diaries_written += 1
        relationship = self._relationship(change, data.programme_id, data.match_id)
        written = meta.occurred_at.date()
        relationship.last_diary_on = max(relationship.last_diary_on or written, written)
        self.finish(change, written)

    # --- monitoring's own ---
    def questionnaire_assigned(self, meta: Metadata, data: QuestionnaireAssigned) -> None:
        change = Change(self.store, meta.tenant_id, data.programme_id)
        key = f"report#assignment#{data.programme_id}#{data.assignment_id}"
        if change.get(AssignmentRow, key) is None:
            change.get_or(
                AssignmentRow,
                key,
                assignment_id=data.assignment_id,
                programme_id=data.programme_id,
                match_id=data.match_id,
                participant_id=data.participant_id,
                kind=data.kind,
                due_on=data.due_on,
            )
            self._person(change, data.programme_id, data.participant_id).questionnaires_assigned += 1
            relationship = self._relationship(change, data.programme_id, data.match_id)
            relationship.open_questionnaires[data.assignment_id] = data.due_on
        self.finish(change, meta.occurred_at.date())

    def questionnaire_submitted(self, meta: Metadata, data: QuestionnaireSubmitted) -> None:
        change = Change(self.store, meta.tenant_id, data.programme_id)
        key = f"report#assignment#{data.programme_id}#{data.assignment_id}"
        assignment = change.get_or(
            AssignmentRow,
            key,
            assignment_id=data.assignment_id,
            programme_id=data.programme_id,
            match_id=data.match_id,
            participant_id=data.participant_id,
            kind=data.kind,
        )
        person = self._person(change, data.programme_id, data.participant_id)
        if not assignment.submitted:
            if assignment.revision == 0:  # its assignment's event has not arrived: count it as assigned too
                person.questionnaires_assigned += 1
            assignment.submitted = True
            person.questionnaires_submitted += 1
        self._relationship(change, data.programme_id, data.match_id).open_questionnaires.pop(
            data.assignment_id, None
        )
        if data.kind == "mentor_self_assessment" and data.scale_answers:
            mean = round(fmean(data.scale_answers.values()), 3)
            if person.growth_start is None:
                person.growth_start = mean
            else:
                person.growth_end = mean
        self.finish(change, meta.occurred_at.date())

    def midterm_review(self, meta: Metadata, data: MidtermReviewRecorded) -> None:
        change = Change(self.store, meta.tenant_id, data.programme_id)
        relationship = self._relationship(change, data.programme_id, data.match_id)
        for rating in data.ratings:
            person = self._person(change, data.programme_id, rating.mentee_id)
            person.rating_start, person.rating_now = rating.rating_start, rating.rating_now
            person.goal_ratings = [(g.goal, g.rating_start, g.rating_now) for g in rating.goals]
            relationship.ratings[rating.mentee_id] = (rating.rating_start, rating.rating_now)
        self.finish(change, data.recorded_on)

    def outcome(self, meta: Metadata, data: OutcomeRecorded) -> None:
        programme_id = data.programme_id
        if programme_id is None:
            index = Change(self.store, meta.tenant_id).get(
                ParticipantIndex, f"report#participant#{data.participant_id}"
            )
            if index is None:
                return  # a participant this projection never saw accepted: nothing to count it in
            programme_id = index.programme_id
        change = Change(self.store, meta.tenant_id, programme_id)
        person = self._person(change, programme_id, data.participant_id)
        outcome = Outcome(
            status=data.status, secures_living=data.secures_living, recorded_on=data.recorded_on
        )
        if data.baseline:
            person.baseline = outcome
        elif person.latest is None or person.latest.recorded_on <= data.recorded_on:
            person.latest = outcome
        change.commit()


_Apply = Callable[[Projector, Metadata, Any], None]
APPLY: dict[type[EventData], _Apply] = {
    TenantCreated: Projector.tenant_created,
    ProgrammeOpened: Projector.programme,
    ProgrammeChanged: Projector.programme,
    ApplicationSubmitted: Projector.application_submitted,
    ApplicationDecided: Projector.application_decided,
    ParticipantAccepted: Projector.participant_accepted,
    MatchConfirmed: Projector.match_confirmed,
    MatchEnded: Projector.match_ended,
    AgreementSigned: Projector.agreement_signed,
    SessionScheduled: Projector.session_scheduled,
    SessionRescheduled: Projector.session_scheduled,
    SessionCancelled: Projector.session_cancelled,
    AbsenceNoticed: Projector.absence_noticed,
    SessionHeld: Projector.session_held,
    DiaryEntrySubmitted: Projector.diary_submitted,
    QuestionnaireAssigned: Projector.questionnaire_assigned,
    QuestionnaireSubmitted: Projector.questionnaire_submitted,
    MidtermReviewRecorded: Projector.midterm_review,
    RelationshipClosed: Projector.relationship_closed,
    OutcomeRecorded: Projector.outcome,
    # Nothing to project: `apply` sweeps the municipality's day before any event (sweep.py).
    RiskSweepDue: lambda projector, meta, data: None,
}
