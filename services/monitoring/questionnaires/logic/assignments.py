"""Monitoring's projections (programmes, participants, relationships) and the questionnaires they give:
the initial one when the agreement is signed, the mid-term at the relationship's midpoint, the final one
7 days before its end, or at closure if that comes first (issue 12, "Assignments")."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from services.monitoring.questionnaires.logic.common import assignment_id, current_template, in_use
from services.monitoring.questionnaires.logic.ports import QuestionnaireRecords, Scheduler
from services.monitoring.questionnaires.models import (
    GROUP_GOALS,
    Assignment,
    Participant,
    Programme,
    Relationship,
)
from shared.events.catalog import (
    AgreementSigned,
    GoalsSet,
    MatchConfirmed,
    MatchEnded,
    ParticipantAccepted,
    ProgrammeFacts,
    QuestionnaireAssigned,
    QuestionnaireKind,
    QuestionnairesDue,
)
from shared.events.envelope import Metadata
from shared.events.publisher import OutgoingEvent, Publisher

#: Days a participant has for a questionnaire (issue 12: the initial one is due in 7 days).
DAYS_TO_ANSWER = 7
#: The final questionnaire comes this many days before the relationship's end.
FINAL_BEFORE_END = timedelta(days=7)
#: The local hour a timed questionnaire arrives (a person reads the mail in the morning).
ARRIVES_AT = time(8, 0)


def project_programme(
    meta: Metadata, data: ProgrammeFacts, store: QuestionnaireRecords, version: int = 0
) -> None:
    known = store.programme(meta.tenant_id, data.programme_id)
    if known is not None and known.version > version:
        return  # an older change arriving late must not undo a newer one
    store.save_programme(
        Programme(
            tenant_id=meta.tenant_id,
            programme_id=data.programme_id,
            languages=list(data.languages),
            starts_on=data.starts_on,
            ends_on=data.ends_on,
            timezone=data.timezone,
            version=version,
        )
    )


def project_participant(meta: Metadata, data: ParticipantAccepted, store: QuestionnaireRecords) -> None:
    store.save_participant(
        Participant(
            tenant_id=meta.tenant_id,
            participant_id=data.participant_id,
            person_id=data.person_id,
            programme_id=data.programme_id,
            role=data.role,
        )
    )


def open_relationship(meta: Metadata, data: MatchConfirmed, store: QuestionnaireRecords) -> None:
    if store.relationship(meta.tenant_id, data.match_id) is not None:
        return  # a replay
    persons: dict[str, str] = {}
    for participant_id in (data.mentor_id, *data.mentee_ids):
        participant = store.participant(meta.tenant_id, participant_id)
        if participant is None:
            raise LookupError(f"MatchConfirmed arrived before {participant_id}'s ParticipantAccepted")
        persons[participant_id] = participant.person_id
    store.save_relationship(
        Relationship(
            tenant_id=meta.tenant_id,
            match_id=data.match_id,
            programme_id=data.programme_id,
            mentor_id=data.mentor_id,
            mentee_ids=list(data.mentee_ids),
            persons=persons,
        )
    )


def _known(store: QuestionnaireRecords, tenant_id: str, match_id: str, event: str) -> Relationship:
    relationship = store.relationship(tenant_id, match_id)
    if relationship is None:
        raise LookupError(f"{event} arrived before MatchConfirmed; retry later")
    return relationship


def assign(
    relationship: Relationship,
    kind: QuestionnaireKind,
    participant_ids: list[str],
    store: QuestionnaireRecords,
    publisher: Publisher,
    *,
    today: date,
    due_on: date | None = None,
    round: str = "",
) -> list[Assignment]:
    """Gives each participant the programme's current version of `kind` (if the programme uses it), once."""
    tenant_id, programme_id = relationship.tenant_id, relationship.programme_id
    if not in_use(store, tenant_id, programme_id, kind):
        return []
    template = current_template(store, tenant_id, programme_id, kind)
    made: list[Assignment] = []
    for participant_id in participant_ids:
        assignment = Assignment(
            tenant_id=tenant_id,
            # A second round of a kind (the mentor's self-assessment at the end) has an id of its own.
            assignment_id=assignment_id(
                relationship.match_id, participant_id, f"{kind}#{round}" if round else kind
            ),
            match_id=relationship.match_id,
            programme_id=programme_id,
            participant_id=participant_id,
            person_id=relationship.persons[participant_id],
            kind=kind,
            template_id=template.template_id,
            template_version=template.version,
            assigned_on=today,
            due_on=due_on or today + timedelta(days=DAYS_TO_ANSWER),
        )
        assigned = QuestionnaireAssigned(
            assignment_id=assignment.assignment_id,
            match_id=assignment.match_id,
            programme_id=programme_id,
            participant_id=participant_id,
            kind=kind,
            template_id=template.template_id,
            template_version=template.version,
            due_on=assignment.due_on,
        )
        try:
            with publisher.along([OutgoingEvent(tenant_id, assigned)]):
                if not store.add_assignment(assignment):
                    raise _GivenAlready
        except _GivenAlready:
            continue
        made.append(assignment)
    return made


class _GivenAlready(Exception):
    """The assignment exists already: the block ends, and its event is not written."""


def _at(day: date, zone: str) -> datetime:
    return datetime.combine(day, ARRIVES_AT, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def midpoint(starts_on: date, ends_on: date) -> date:
    return starts_on + (ends_on - starts_on) / 2


def agreement_signed(
    meta: Metadata,
    data: AgreementSigned,
    store: QuestionnaireRecords,
    publisher: Publisher,
    scheduler: Scheduler,
    *,
    today: date,
) -> None:
    """The initial questionnaire to each mentee (and the mentor's self-assessment), due in 7 days; the
    mid-term and final ones scheduled by the agreement's dates (the programme's, for older events)."""
    relationship = _known(store, meta.tenant_id, data.match_id, "AgreementSigned")
    programme = store.programme(meta.tenant_id, relationship.programme_id)
    starts_on = data.starts_on or (programme.starts_on if programme else None)
    ends_on = data.ends_on or (programme.ends_on if programme else None)
    zone = programme.timezone if programme else "Europe/Berlin"
    if data.agreement_version >= relationship.agreement_version:
        relationship = relationship.model_copy(
            update={"starts_on": starts_on, "ends_on": ends_on, "agreement_version": data.agreement_version}
        )
        store.save_relationship(relationship)
    assign(relationship, "initial", relationship.mentee_ids, store, publisher, today=today)
    assign(relationship, "mentor_self_assessment", [relationship.mentor_id], store, publisher, today=today)
    if starts_on is None or ends_on is None or relationship.status != "active":
        return
    timers: list[tuple[QuestionnaireKind, date]] = [
        ("midterm", midpoint(starts_on, ends_on)),
        ("final", max(starts_on, ends_on - FINAL_BEFORE_END)),
    ]
    for kind, day in timers:
        due = QuestionnairesDue(
            match_id=data.match_id,
            programme_id=relationship.programme_id,
            kind=kind,
            agreement_version=data.agreement_version,
        )
        # ≤ 64 characters: the kind's letter, the version and a digest of the match (ids are long).
        name = f"q{kind[0]}-{data.agreement_version}-{assignment_id(data.match_id, '', kind)[3:]}"
        scheduler.send_at(name, _at(day, zone), meta.tenant_id, due, meta.correlation_id)


def questionnaires_due(
    meta: Metadata, data: QuestionnairesDue, store: QuestionnaireRecords, publisher: Publisher, *, today: date
) -> None:
    relationship = _known(store, meta.tenant_id, data.match_id, "QuestionnairesDue")
    if data.agreement_version != relationship.agreement_version or relationship.status != "active":
        return  # a timer of an agreement since replaced, or a relationship already over
    if data.kind == "midterm":
        assign(relationship, "midterm", relationship.mentee_ids, store, publisher, today=today)
        return
    assign_final(relationship, store, publisher, today=today)


def assign_final(
    relationship: Relationship, store: QuestionnaireRecords, publisher: Publisher, *, today: date
) -> None:
    """The final questionnaire to the mentees, the satisfaction survey to everyone, and the mentor's
    self-assessment at the end (seed 000: at the start and the end); each once, at 7 days before the end
    or at closure, whichever comes first."""
    due_on = max(today + timedelta(days=DAYS_TO_ANSWER), relationship.ends_on or today)
    mentees, mentor = relationship.mentee_ids, [relationship.mentor_id]
    assign(relationship, "final", mentees, store, publisher, today=today, due_on=due_on)
    assign(relationship, "satisfaction", [*mentees, *mentor], store, publisher, today=today, due_on=due_on)
    assign(
        relationship,
        "mentor_self_assessment",
        mentor,
        store,
        publisher,
        today=today,
        due_on=due_on,
        round="end",
    )


def match_ended(
    meta: Metadata, data: MatchEnded, store: QuestionnaireRecords, publisher: Publisher, *, today: date
) -> None:
    """Ended early (or as planned by matching): the final questionnaires come now, if not given yet."""
    relationship = _known(store, meta.tenant_id, data.match_id, "MatchEnded")
    if relationship.status == "active":
        relationship = relationship.model_copy(update={"status": "ended", "closed_on": today})
        store.save_relationship(relationship)
    if relationship.agreement_version:
        assign_final(relationship, store, publisher, today=today)


def goals_set(meta: Metadata, data: GoalsSet, store: QuestionnaireRecords) -> None:
    """How many goals a mentee (or the group) has now, for the mid-term review's per-goal ratings. A later
    version wins; an older one arriving late changes nothing. An employer's goals (seed 002) are not the
    mentee's own, which the review rates: they are left out."""
    if data.set_by == "employer":
        return
    relationship = _known(store, meta.tenant_id, data.match_id, "GoalsSet")
    whose = data.mentee_id or GROUP_GOALS
    known = relationship.goals.get(whose)
    if known is not None and known[0] >= data.goals_version:
        return
    goals = {**relationship.goals, whose: (data.goals_version, data.goal_count)}
    store.save_relationship(relationship.model_copy(update={"goals": goals}))
