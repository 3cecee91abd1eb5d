"""The items of the matching table, one class per kind, and how each turns back into the domain.

Only `store.py` uses them: nothing outside matching's storage knows the table's layout.
"""

from __future__ import annotations

from datetime import datetime

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute

from services.matching.models import Match, ParticipantProfile, PersonName
from services.matching.settings import settings
from shared.storage import (
    ChildItem,
    TenantModel,
    VersionedDocument,
)


class MatchingItem(TenantModel):
    class Meta:
        table_name = settings.matching_table_name


class ProgrammeRecord(MatchingItem):
    KIND = "PROGRAMME"
    document = JSONAttribute()


class ProfileRecord(MatchingItem, VersionedDocument):
    KIND = "PROFILE"  # sk: <programme>#<participant>; `document` is the MatchingProfile
    status = UnicodeAttribute()
    load = NumberAttribute(default=0)
    person_id = UnicodeAttribute()

    @classmethod
    def of(cls, participant: ParticipantProfile) -> ProfileRecord:
        return cls.new_in(
            participant.tenant_id,
            profile_key(participant.programme_id, participant.participant_id),
            status=participant.status,
            load=participant.load,
            person_id=participant.person_id,
            document=participant.profile.model_dump(mode="json"),
        )

    @classmethod
    def in_transaction(cls, tenant_id: str, programme_id: str, participant_id: str) -> ProfileRecord:
        """A profile a transaction updates (status, load): PynamoDB adds 1 to the stored version, as any
        change must show to a reader's snapshot. The version set here only says "exists"; pass
        `add_version_condition=False`: the update's own condition (status, room) decides, not the version."""
        record = cls.new_in(tenant_id, profile_key(programme_id, participant_id))
        record.version = 0
        return record

    def to_domain(self) -> ParticipantProfile:
        programme_id = self.sk.split("#", 1)[0]
        return ParticipantProfile.model_validate(
            {
                "tenant_id": self.tenant_id,
                "programme_id": programme_id,
                "person_id": self.person_id,
                "profile": self.document,
                "status": self.status,
                "load": int(self.load or 0),
                "version": int(self.version or 0),
            }
        )


class NameRecord(MatchingItem):
    KIND = "NAME"  # sk: <person>: the names only, never how to reach the person
    given_name = UnicodeAttribute()
    family_name = UnicodeAttribute()
    recorded_at = UnicodeAttribute()  # ISO 8601, UTC: sorts and compares as text

    def to_domain(self) -> PersonName:
        return PersonName(
            tenant_id=self.tenant_id,
            person_id=self.sk,
            given_name=self.given_name,
            family_name=self.family_name,
            recorded_at=datetime.fromisoformat(self.recorded_at),
        )


class ExclusionRecord(MatchingItem):
    KIND = "EXCLUSION"  # sk: <programme>#<mentor>#<mentee>
    mentor_id = UnicodeAttribute()
    mentee_id = UnicodeAttribute()


class RunRecord(MatchingItem):
    KIND = "RUN"
    status = UnicodeAttribute()
    document = JSONAttribute()


class RunningRunRecord(MatchingItem):
    KIND = "RUNNING"  # sk: <programme>: the one run of the programme now running
    run_id = UnicodeAttribute()
    requested_at = UnicodeAttribute()  # ISO 8601, UTC: sorts and compares as text


class RunPartRecord(MatchingItem):
    KIND = "RUNPART"  # sk: <run>#<P|U><chunk>
    document = JSONAttribute()


class MatchRecord(MatchingItem, ChildItem):
    """A match, also listed under its programme (sorted by when it was made, not by `new_under`'s id)."""

    KIND = "MATCH"
    status = UnicodeAttribute()
    document = JSONAttribute()

    def to_domain(self) -> Match:
        return Match.model_validate(self.document)


class MemberRecord(MatchingItem):
    KIND = "MEMBER"  # sk: <person>#<match>: a person's relationships, for "my matches"
    match_id = UnicodeAttribute()


def profile_key(programme_id: str, participant_id: str) -> str:
    return f"{programme_id}#{participant_id}"
