"""Participants and mentor training, and what matching learns of a participant."""

from __future__ import annotations

from datetime import UTC, datetime

from services.intake import personality
from services.intake.logic.ports import ParticipantsPort
from services.intake.models import Application, Participant, Programme, TrainingRecord
from services.intake.schemas import TrainingCreate
from shared import audit
from shared.auth import Principal, Role
from shared.errors import NotFound, RuleViolation
from shared.events.catalog import MatchingFacts, MatchingWishes, MentorQualified, ParticipantAccepted
from shared.events.publisher import OutgoingEvent, Publisher


def participant_accepted(participant: Participant, application: Application) -> ParticipantAccepted:
    return ParticipantAccepted(
        participant_id=participant.participant_id,
        person_id=participant.person_id,
        programme_id=participant.programme_id,
        application_id=application.application_id,
        role=participant.role,
        eligible=participant.eligible,
        profile=matching_facts(application),
    )


def matching_facts(application: Application) -> MatchingFacts:
    """What matching may know: choices and short tags from the form, never the applicant's prose."""
    p, profile = application.person, application.profile
    return MatchingFacts(
        birth_year=p.birth_year,
        gender=p.gender,
        languages=p.languages,
        interests=profile.interests,
        industry=profile.industry,
        education=profile.education,
        life_experience=profile.life_experience,
        values=profile.values,
        communication_style=profile.communication_style,
        availability=profile.availability,
        preferred_mode=profile.preferred_mode,
        wishes=MatchingWishes(**application.wishes.model_dump()) if application.wishes else None,
        skills=application.skills or [],
        capacity=application.capacity,
        # The self-assessments as numbers: the traits scored from the answers, never the answers.
        skill_ratings=application.skill_ratings or {},
        personality=personality.traits(application.personality) if application.personality else None,
    )


def mentor_eligible(role: str, programme: Programme, training: list[TrainingRecord]) -> bool:
    """A mentor is matchable once every required module is completed with its assessment passed."""
    if role != "mentor" or not programme.mentor_training_required:
        return True
    passed = {t.module for t in training if t.assessment_passed}
    return set(programme.required_training_modules) <= passed


def list_participants(
    caller: Principal, store: ParticipantsPort, *, programme_id: str | None, role: str | None
) -> list[Participant]:
    tenant_id = caller.require_tenant()
    if caller.has(Role.MANAGER):
        return _shown(caller, store.participants(tenant_id, programme_id=programme_id, role=role))
    caller.require(Role.TRAINER, Role.MENTOR, Role.MENTEE)
    seen: dict[str, Participant] = {}
    if caller.has(Role.TRAINER) and role in (None, "mentor"):
        # Trainers train mentors: they see mentors (names, programme, training), never mentees.
        for p in store.participants(tenant_id, programme_id=programme_id, role="mentor"):
            seen[p.participant_id] = p
    if caller.has(Role.MENTOR, Role.MENTEE):
        # Mentors and mentees see only their own participations.
        for p in store.participants(
            tenant_id, programme_id=programme_id, role=role, person_id=caller.person_id or "-"
        ):
            seen[p.participant_id] = p
    return _shown(caller, list(seen.values()))


def _shown(caller: Principal, participants: list[Participant]) -> list[Participant]:
    audit.record_many(
        caller, "read", "participant", [(p.participant_id, p.participant_id) for p in participants]
    )
    return participants


def read_participant(caller: Principal, participant_id: str, store: ParticipantsPort) -> Participant:
    tenant_id = caller.require_tenant()
    caller.require(Role.MANAGER, Role.TRAINER, Role.MENTOR, Role.MENTEE)
    participant = store.participant(tenant_id, participant_id)
    visible = participant is not None and (
        caller.has(Role.MANAGER)
        or participant.person_id == caller.person_id
        or (caller.has(Role.TRAINER) and participant.role == "mentor")
    )
    if participant is None or not visible:
        # A mentee is, to a trainer, indistinguishable from a participant that does not exist.
        raise NotFound("No such participant.")
    audit.record(caller, "read", "participant", participant_id, participant_id)
    return participant


def record_training(
    caller: Principal,
    participant_id: str,
    body: TrainingCreate,
    store: ParticipantsPort,
    publisher: Publisher,
) -> Participant:
    caller.require(Role.MANAGER, Role.TRAINER)
    participant = read_participant(caller, participant_id, store)
    if participant.role != "mentor":
        raise RuleViolation(
            "Mentor training is recorded for mentors.", rule="mentors_only", field="participant_id"
        )
    if body.completed_on > datetime.now(UTC).date():
        raise RuleViolation(
            "A module cannot be completed in the future.", rule="not_in_future", field="completed_on"
        )
    programme = store.programme(participant.tenant_id, participant.programme_id)
    if programme is None:
        raise NotFound("The participant's programme no longer exists.")
    record = TrainingRecord(
        module=body.module,
        completed_on=body.completed_on,
        assessment_passed=body.assessment_passed,
        recorded_by=caller.person_id or caller.user_id,
        recorded_at=datetime.now(UTC),
    )
    saved = add_training(participant, programme, record, store, publisher)
    audit.record(caller, "change", "participant", participant_id, participant_id)
    return saved


def add_training(
    participant: Participant,
    programme: Programme,
    record: TrainingRecord,
    store: ParticipantsPort,
    publisher: Publisher,
) -> Participant:
    """A mentor's module recorded (by a trainer, or by passing its online assessment); the mentor qualifies
    when it completes the programme's required modules."""
    was_eligible = participant.eligible
    training = [*participant.training, record]
    changed = participant.model_copy(
        update={"training": training, "eligible": mentor_eligible("mentor", programme, training)}
    )
    # A participation waiting for its account's owner is not known to matching yet; the confirmation
    # tells matching everything, eligibility included.
    events: list[OutgoingEvent] = []
    if changed.eligible and not was_eligible and changed.account_link is None:
        qualified = MentorQualified(participant_id=changed.participant_id, programme_id=changed.programme_id)
        events.append(OutgoingEvent(changed.tenant_id, qualified))
    with publisher.along(events):
        return store.replace_participant(changed)
