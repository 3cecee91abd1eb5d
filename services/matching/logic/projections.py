"""Matching's projections of intake's programmes, participants and people's names (from their events)."""

from __future__ import annotations

from services.matching.logic.ports import MatchingRecords
from services.matching.models import (
    MatchingConfig,
    MatchingProfile,
    MenteeWishes,
    ParticipantProfile,
    PersonName,
    ProgrammeSettings,
)
from shared.events.catalog import (
    ContactDetailsRecorded,
    MentorQualified,
    ParticipantAccepted,
    ProgrammeFacts,
)
from shared.events.envelope import Metadata

#: The programme's settings matching keeps besides its matching rules (weights, min_score).
_PROGRAMME_SETTINGS = {"kind", "max_group_size", "mode", "mentor_training_required"}


def project_programme(meta: Metadata, data: ProgrammeFacts, store: MatchingRecords, version: int = 0) -> None:
    known = store.programme(meta.tenant_id, data.programme_id)
    if known is not None and known.version > version:
        return  # an older change arriving late must not undo a newer one
    settings = data.model_dump(include=_PROGRAMME_SETTINGS)
    # What the programme leaves out (the team's weight, its age band) takes matching's defaults.
    config = MatchingConfig(**data.matching.model_dump(exclude_none=True), **settings)
    known_as = data.model_dump(include={"programme_id", "name", "kind", "starts_on", "ends_on"})
    store.save_programme(
        ProgrammeSettings(**known_as, tenant_id=meta.tenant_id, config=config, version=version)
    )


def project_participant(meta: Metadata, data: ParticipantAccepted, store: MatchingRecords) -> None:
    facts = data.profile
    profile = MatchingProfile(
        **facts.model_dump(exclude={"wishes", "capacity"}),
        participant_id=data.participant_id,
        role=data.role,
        wishes=MenteeWishes(**facts.wishes.model_dump()) if facts.wishes and data.role == "mentee" else None,
        capacity=facts.capacity or 1,
        eligible=data.eligible,
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


def record_name(meta: Metadata, data: ContactDetailsRecorded, store: MatchingRecords) -> None:
    """Keeps a person's given and family name, and nothing else of the event (no e-mail, no phone).

    A replayed event writes the same again; an older one arriving after a newer one is ignored
    (`save_name` keeps the newest by the time intake recorded it). Only mentors' and mentees' names:
    matching shows nobody else's."""
    if data.role not in ("mentor", "mentee"):
        return
    store.save_name(
        PersonName(
            tenant_id=meta.tenant_id,
            person_id=data.person_id,
            given_name=data.given_name,
            family_name=data.family_name,
            recorded_at=meta.occurred_at,
        )
    )
