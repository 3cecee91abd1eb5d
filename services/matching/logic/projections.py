"""Matching's projections of intake's programmes and participants (from their events)."""

from __future__ import annotations

from services.matching.logic.ports import MatchingRecords
from services.matching.models import (
    MatchingConfig,
    MatchingProfile,
    MenteeWishes,
    ParticipantProfile,
    ProgrammeSettings,
)
from shared.events.catalog import MentorQualified, ParticipantAccepted, ProgrammeFacts
from shared.events.envelope import Metadata


def project_programme(meta: Metadata, data: ProgrammeFacts, store: MatchingRecords, version: int = 0) -> None:
    known = store.programme(meta.tenant_id, data.programme_id)
    if known is not None and known.version > version:
        return  # an older change arriving late must not undo a newer one
    config = MatchingConfig(
        weights=data.matching.weights,
        min_score=data.matching.min_score,
        kind=data.kind,
        max_group_size=data.max_group_size,
        mode=data.mode,
        mentor_training_required=data.mentor_training_required,
    )
    store.save_programme(
        ProgrammeSettings(
            tenant_id=meta.tenant_id,
            programme_id=data.programme_id,
            name=data.name,
            kind=data.kind,
            config=config,
            version=version,
        )
    )


def project_participant(meta: Metadata, data: ParticipantAccepted, store: MatchingRecords) -> None:
    facts = data.profile
    profile = MatchingProfile(
        participant_id=data.participant_id,
        role=data.role,
        birth_year=facts.birth_year,
        gender=facts.gender,
        languages=facts.languages,
        interests=facts.interests,
        industry=facts.industry,
        education=facts.education,
        life_experience=facts.life_experience,
        values=facts.values,
        communication_style=facts.communication_style,
        availability=facts.availability,
        preferred_mode=facts.preferred_mode,
        wishes=MenteeWishes(**facts.wishes.model_dump()) if facts.wishes and data.role == "mentee" else None,
        capacity=facts.capacity or 1,
        eligible=data.eligible,
        skills=facts.skills,
    )
    store.add_profile(
        ParticipantProfile(
            tenant_id=meta.tenant_id,
            programme_id=data.programme_id,
            person_id=data.person_id,
            profile=profile,
        )
    )


def qualify_mentor(meta: Metadata, data: MentorQualified, store: MatchingRecords) -> None:
    known = store.profile(meta.tenant_id, data.programme_id, data.participant_id)
    if known is None:
        raise LookupError("MentorQualified arrived before the mentor's ParticipantAccepted; retry later")
    if not known.profile.eligible:
        changed = known.profile.model_copy(update={"eligible": True})
        store.replace_profile_document(known.model_copy(update={"profile": changed}))
