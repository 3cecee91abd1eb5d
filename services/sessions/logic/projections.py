"""Sessions' projections: programmes and participants (intake), relationships (matching)."""

from __future__ import annotations

from datetime import UTC, datetime

from services.sessions.logic.ports import SessionsRecords
from services.sessions.models import (
    Participant,
    Programme,
    Relationship,
)
from shared.events.catalog import (
    MatchConfirmed,
    MatchEnded,
    ParticipantAccepted,
    ProgrammeFacts,
    RelationshipClosed,
    SessionCancelled,
)
from shared.events.envelope import Metadata
from shared.events.publisher import OutgoingEvent, Publisher


def project_programme(meta: Metadata, data: ProgrammeFacts, store: SessionsRecords, version: int = 0) -> None:
    known = store.programme(meta.tenant_id, data.programme_id)
    if known is not None and known.version > version:
        return  # an older change arriving late must not undo a newer one
    store.save_programme(
        Programme(
            **data.model_dump(
                include={
                    "programme_id",
                    "kind",
                    "mode",
                    "cadence_days",
                    "starts_on",
                    "ends_on",
                    "languages",
                    # The municipality's zone (an event before 2026-12 reads as Berlin's, as it was then).
                    "timezone",
                }
            ),
            tenant_id=meta.tenant_id,
            version=version,
        )
    )


def project_participant(meta: Metadata, data: ParticipantAccepted, store: SessionsRecords) -> None:
    store.save_participant(
        Participant(
            tenant_id=meta.tenant_id,
            participant_id=data.participant_id,
            person_id=data.person_id,
            programme_id=data.programme_id,
            role=data.role,
        )
    )


def open_relationship(meta: Metadata, data: MatchConfirmed, store: SessionsRecords) -> None:
    if store.relationship(meta.tenant_id, data.match_id) is not None:
        return  # a replay
    programme = store.programme(meta.tenant_id, data.programme_id)
    if programme is None:
        raise LookupError("MatchConfirmed arrived before its programme's facts; retry later")
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
            kind=data.kind,
            mode=programme.mode,
            programme_starts_on=programme.starts_on,
            programme_ends_on=programme.ends_on,
            cadence_days=programme.cadence_days,
            timezone=programme.timezone,
            languages=programme.languages,
            mentor_id=data.mentor_id,
            mentee_ids=list(data.mentee_ids),
            persons=persons,
        )
    )


def close_relationship(
    meta: Metadata,
    data: MatchEnded | RelationshipClosed,
    store: SessionsRecords,
    publisher: Publisher,
    now: datetime | None = None,
) -> None:
    """The relationship is closed: its sessions still ahead are cancelled, nothing is written any more.

    Monitoring's `RelationshipClosed` (the final review) completes it; `MatchEnded` ends it early, unless
    matching says it was completed (it ends a completed match too, so its people are free again). The first
    closure wins: a later one, in either order, changes nothing."""
    relationship = store.relationship(meta.tenant_id, data.match_id)
    if relationship is None:
        raise LookupError(f"{meta.event_type} arrived before MatchConfirmed; retry later")
    if relationship.status != "active":
        return  # closed already (a replay, or the other closing event)
    completed = isinstance(data, RelationshipClosed) or data.completed
    now = now or datetime.now(UTC)
    plan = store.plan(meta.tenant_id, data.match_id)
    ahead = [s for s in plan.sessions if s.status == "planned" and s.starts_at > now]
    if ahead:
        for session in ahead:
            session.status = "cancelled"
            session.sequence += 1
        cancelled = [
            OutgoingEvent(
                meta.tenant_id,
                SessionCancelled(
                    session_id=session.session_id,
                    match_id=data.match_id,
                    programme_id=data.programme_id,
                    reason="relationship_ended",
                ),
            )
            for session in ahead
        ]
        # One transaction holds at most MAX_ALONG events; a longer plan's others follow on their own. (Read
        # here: shared.storage loads PynamoDB and botocore, which the API's cold start need not pay for.)
        from shared.storage.outbox import MAX_ALONG

        with publisher.along(cancelled[:MAX_ALONG]):
            store.save_plan(meta.tenant_id, plan)
        if cancelled[MAX_ALONG:]:
            publisher.publish(cancelled[MAX_ALONG:])
    status = "completed" if completed else "ended"
    store.save_relationship(relationship.model_copy(update={"status": status, "ended_at": now}))
