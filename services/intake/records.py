"""The items of the intake table, one class per kind, and how each turns back into the domain.

Only `store.py` uses them: nothing outside intake's storage knows the table's layout.
"""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    ListAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)

from services.intake.models import Application, MatchState, Participant, Programme, Tenant
from services.intake.schemas import ApplicationSummary
from services.intake.settings import settings
from shared.storage import ChildItem, RememberedAnswer, TenantModel, VersionedDocument


class IntakeItem(TenantModel):
    class Meta:
        table_name = settings.intake_table_name


class TenantRecord(IntakeItem):
    KIND = "TENANT"  # under NETWORK: the registry the network admin lists
    slug = UnicodeAttribute()
    name = UnicodeAttribute()
    default_language = UnicodeAttribute()
    languages = ListAttribute(of=UnicodeAttribute)
    timezone = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()

    def to_domain(self) -> Tenant:
        return Tenant(
            tenant_id=self.sk,
            slug=self.slug,
            name=self.name,
            default_language=self.default_language,
            languages=list(self.languages),
            timezone=self.timezone,
            created_at=self.created_at,
        )


class SlugClaim(IntakeItem):
    KIND = "SLUG"  # under NETWORK: one item per slug keeps slugs unique and resolves public links
    tenant_id_of = UnicodeAttribute()


class UserRecord(IntakeItem):
    KIND = "USER"  # sk: person id; `user_id` is empty while the account is being made (reserved)
    user_id = UnicodeAttribute(null=True)
    email = UnicodeAttribute()
    role = UnicodeAttribute()
    given_name = UnicodeAttribute()
    family_name = UnicodeAttribute()
    language = UnicodeAttribute()


class AccountClaim(IntakeItem):
    KIND = "ACCOUNT"  # sk: lower-cased e-mail: one account per e-mail and municipality
    person_id = UnicodeAttribute()


class AuditRecord(IntakeItem):
    KIND = "AUDIT"  # sk: <when>#<audit id>: who did what to whom, oldest first
    document = JSONAttribute()


class LinkRecord(IntakeItem):
    KIND = "LINK"  # sk: link id: a participation waiting for an existing account's owner to claim it
    account_person_id = UnicodeAttribute()
    status = UnicodeAttribute()
    document = JSONAttribute()


class ProgrammeRecord(IntakeItem, VersionedDocument):
    KIND = "PROGRAMME"  # one document: the programme is always read and written whole

    def to_domain(self) -> Programme:
        return Programme.model_validate({**self.document, "version": self.document_version})


# --- applications, notes, participants ---------------------------------------------------------------


class ApplicationRecord(IntakeItem, ChildItem, VersionedDocument):
    KIND = "APPLICATION"  # sk: application id, which sorts by submission time; parent: its programme
    programme_id = UnicodeAttribute()
    role = UnicodeAttribute()
    status = UnicodeAttribute()
    given_name = UnicodeAttribute()
    family_name = UnicodeAttribute()
    language = UnicodeAttribute()
    submitted_at = UTCDateTimeAttribute()
    # document: the whole application as the applicant sent it, with its consent

    def to_domain(self) -> Application:
        return Application.model_validate(self.document)

    def to_summary(self) -> ApplicationSummary:
        return ApplicationSummary(
            application_id=self.sk,
            programme_id=self.programme_id,
            role=self.role,
            status=self.status,
            given_name=self.given_name,
            family_name=self.family_name,
            language=self.language,
            submitted_at=self.submitted_at,
        )


class ApplicantClaim(IntakeItem):
    KIND = "APPLICANT"  # sk: <programme>#<role>#<e-mail>: one application per person, programme and role
    application_id = UnicodeAttribute()


class IdempotencyRecord(IntakeItem, RememberedAnswer):
    """The answer to an application's Idempotency-Key (sk: <programme>#<key>)."""


class NoteRecord(IntakeItem):
    KIND = "NOTE"  # sk: <application>#<note id>
    note_id = UnicodeAttribute()
    author_id = UnicodeAttribute()
    text = UnicodeAttribute()
    written_at = UTCDateTimeAttribute()


class ParticipantRecord(IntakeItem, ChildItem, VersionedDocument):
    KIND = "PARTICIPANT"  # parent: the programme
    person_id = UnicodeAttribute()

    def to_domain(self) -> Participant:
        return Participant.model_validate({**self.document, "version": self.document_version})


class SignInRecord(IntakeItem):
    """A sign-in under way (sk: its random id, which the person's cookie holds): whose account, the
    provider's challenge (none when the e-mail has no account: the pages answer the same), wrong codes so
    far. It goes with the code; `ttl` removes what is left."""

    KIND = "SIGNIN"
    username = UnicodeAttribute()
    email = UnicodeAttribute()
    challenge = UnicodeAttribute(null=True)
    wrong_codes = NumberAttribute(default=0)
    expires_at = UTCDateTimeAttribute()


class RiskStateRecord(IntakeItem, ChildItem):
    """Whether monitoring last said a match is at risk (sk: the match id; parent: the programme), as
    of the event that said so: a flag and its clearing may come in either order, the later one wins."""

    KIND = "MATCHRISK"
    at_risk = BooleanAttribute()
    as_of = UTCDateTimeAttribute()


class MatchStateRecord(IntakeItem, ChildItem):
    """A match as matching announced it (sk: match id; parent: the programme). Ended is final: a late
    MatchConfirmed never brings an ended match back."""

    KIND = "MATCH"
    mentor_id = UnicodeAttribute()
    mentee_ids = ListAttribute(of=UnicodeAttribute)
    status = UnicodeAttribute()

    def to_domain(self) -> MatchState:
        return MatchState(
            match_id=self.sk,
            programme_id=self.gsi1pk.rsplit("#", 1)[-1],
            mentor_id=self.mentor_id,
            mentee_ids=list(self.mentee_ids),
            status=self.status,
        )


# --- privacy: consents, erasure requests, retention settings (services/intake/store/privacy.py) -----------


class ConsentsRecord(IntakeItem, VersionedDocument):
    KIND = "CONSENTS"  # sk: person id; one document: the purposes as they stand and their history


class ErasureRequestRecord(IntakeItem):
    KIND = "ERASURE_REQUEST"  # sk: participant id: one request per participation, whatever asked first
    document = JSONAttribute()


class RetentionRecord(IntakeItem, VersionedDocument):
    KIND = "RETENTION"  # sk: "settings": the municipality's retention periods (defaults until saved)
