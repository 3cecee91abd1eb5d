"""The notifications table: contact directory, delivery log and digests. The only code that touches it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.exceptions import UpdateError

from services.notifications.models import (
    Contact,
    Delivery,
    Digest,
    MatchInfo,
    Member,
    ProgrammeInfo,
    SessionInfo,
)
from services.notifications.people.store import PeopleStore
from services.notifications.settings import settings
from shared.events.catalog.facts import DEFAULT_TIMEZONE
from shared.storage import TenantModel, condition_failed, tenant_key

#: A digest's record outlives its hour only to answer a repeated delivery of its schedule.
KEEP_DIGEST = timedelta(days=2)


class NotificationsItem(TenantModel):
    class Meta:
        table_name = settings.notifications_table_name


class ContactRecord(NotificationsItem):
    KIND = "CONTACT"
    role = UnicodeAttribute()
    email = UnicodeAttribute()
    given_name = UnicodeAttribute()
    family_name = UnicodeAttribute()
    language = UnicodeAttribute()
    phone = UnicodeAttribute(null=True)
    contact_email = BooleanAttribute(default=True)
    contact_sms = BooleanAttribute(default=False)
    # The person's own choice (the preferences page), kept when the application's details come again.
    preferred_email = BooleanAttribute(null=True)
    preferred_sms = BooleanAttribute(null=True)
    preferred_language = UnicodeAttribute(null=True)
    email_bounced = BooleanAttribute(null=True)
    # The person's consent per channel (ConsentChanged), the ceiling of the choices above; absent: given.
    consent_email = BooleanAttribute(null=True)
    consent_sms = BooleanAttribute(null=True)

    def to_domain(self) -> Contact:
        chosen = self.preferred_email is not None
        email_consent, sms_consent = self.consent_email is not False, self.consent_sms is not False
        return Contact(
            tenant_id=self.tenant_id,
            person_id=self.sk,
            role=self.role,
            email=self.email,
            given_name=self.given_name,
            family_name=self.family_name,
            language=self.preferred_language or self.language,
            phone=self.phone,
            contact_email=email_consent and bool(self.preferred_email if chosen else self.contact_email),
            contact_sms=sms_consent and bool(self.preferred_sms if chosen else self.contact_sms),
            preferences_set=chosen,
            email_bounced=bool(self.email_bounced),
            email_consent=email_consent,
            sms_consent=sms_consent,
        )


class DeliveryRecord(NotificationsItem):
    KIND = "DELIVERY"  # sk: <event_id>:<person_id>:<template>, one per message
    delivery_id = UnicodeAttribute()
    person_id = UnicodeAttribute()
    channel = UnicodeAttribute()
    template = UnicodeAttribute()
    language = UnicodeAttribute()
    status = UnicodeAttribute()
    provider_message_id = UnicodeAttribute(null=True)
    sent_at = UTCDateTimeAttribute()
    event_id = UnicodeAttribute()


class ProgrammeRecord(NotificationsItem):
    KIND = "PROGRAMME"
    name = UnicodeAttribute()
    tenant_slug = UnicodeAttribute()
    timezone = UnicodeAttribute(null=True)  # absent in items written before 2026-12: Berlin's
    programme_version = NumberAttribute(null=True)
    session_reminder_hours = NumberAttribute(null=True)


class MemberRecord(NotificationsItem):
    KIND = "MEMBER"  # sk: the participant id
    person_id = UnicodeAttribute()
    # Set by the person's erasure (services/notifications/privacy.py): their contact is gone for good.
    erased_at = UnicodeAttribute(null=True)


class ErasedRecord(NotificationsItem):
    # sk: an erased person's (or participant's) id, and nothing else: a message or contact details that
    # arrive after the erasure find it and are dropped instead of waiting, or bringing the address back.
    KIND = "ERASED"
    erased_at = UnicodeAttribute()


class MatchRecord(NotificationsItem):
    KIND = "MATCH"  # sk: the match id
    document = JSONAttribute()


class SessionRecord(NotificationsItem):
    KIND = "SESSION"  # sk: the session id
    document = JSONAttribute()


class DigestRecord(NotificationsItem):
    KIND = "DIGEST"  # sk: <programme>#<hour, UTC, YYYYMMDDHH>
    programme_id = UnicodeAttribute(null=True)
    hour = UTCDateTimeAttribute(null=True)
    entries = UnicodeSetAttribute(null=True)
    scheduled = BooleanAttribute(null=True)
    sent = BooleanAttribute(null=True)

    @staticmethod
    def key(programme_id: str, hour: datetime) -> str:
        return f"{programme_id}#{hour:%Y%m%d%H}"

    def to_domain(self) -> Digest:
        return Digest(
            tenant_id=self.tenant_id,
            programme_id=str(self.programme_id),
            hour=self.hour or datetime.min.replace(tzinfo=UTC),
            entries=set(self.entries or ()),
            scheduled=bool(self.scheduled),
            sent=bool(self.sent),
        )


def _programme_info(record: ProgrammeRecord) -> ProgrammeInfo:
    return ProgrammeInfo(
        tenant_id=record.tenant_id,
        programme_id=record.sk,
        name=record.name,
        tenant_slug=record.tenant_slug,
        timezone=record.timezone or DEFAULT_TIMEZONE,
        version=int(record.programme_version or 0),
        session_reminder_hours=int(record.session_reminder_hours or 24),
    )


class NotificationsStore(PeopleStore):
    def __init__(self, *, contact_retention: timedelta | None = None) -> None:
        self._contact_retention = contact_retention or timedelta(days=settings.contact_retention_days)

    def save_contact(self, contact: Contact) -> None:
        """The application's (or account's) details; the person's own preferences and a bounce mark stay.
        A new address clears the mark (the person gave one that may work)."""
        if self.erased(contact.tenant_id, contact.person_id):
            return  # details sent before the erasure and delivered after it: not kept again
        record = ContactRecord.new_in(contact.tenant_id, contact.person_id)
        before = ContactRecord.get_in(contact.tenant_id, contact.person_id, consistent_read=True)
        fields = contact.model_dump(
            exclude={
                "tenant_id",
                "person_id",
                "preferences_set",
                "email_bounced",
                "email_consent",
                "sms_consent",
            },
            exclude_none=True,
        )
        actions = [getattr(ContactRecord, name).set(value) for name, value in fields.items()]
        if contact.phone is None:
            actions.append(ContactRecord.phone.remove())
        if before is not None and before.email != contact.email:
            actions.append(ContactRecord.email_bounced.remove())
        # Retention (issue 8, item 13): each write sets the time the record may be deleted by TTL.
        actions.append(ContactRecord.ttl.set(datetime.now(UTC) + self._contact_retention))
        record.update(actions=actions)

    def save_preferences(self, tenant_id: str, person_id: str, email: bool, sms: bool, language: str) -> None:
        ContactRecord.new_in(tenant_id, person_id).update(
            actions=[
                ContactRecord.preferred_email.set(email),
                ContactRecord.preferred_sms.set(sms),
                ContactRecord.preferred_language.set(language),
            ],
            condition=ContactRecord.pk.exists(),
        )

    def save_consent(self, tenant_id: str, person_id: str, channel: str, granted: bool) -> None:
        """The person's consent for `email` or `sms`; a person notifications does not know yet is skipped
        (nothing can be sent to them) and the event is not retried for it."""
        attribute = ContactRecord.consent_email if channel == "email" else ContactRecord.consent_sms
        try:
            ContactRecord.new_in(tenant_id, person_id).update(
                actions=[attribute.set(granted)], condition=ContactRecord.pk.exists()
            )
        except UpdateError as exc:
            if not condition_failed(exc):
                raise

    def mark_bounced(self, tenant_id: str, person_id: str) -> None:
        ContactRecord.new_in(tenant_id, person_id).update(
            actions=[ContactRecord.email_bounced.set(True)], condition=ContactRecord.pk.exists()
        )

    # --- the managers' hourly digest ---
    def _digest(self, tenant_id: str, programme_id: str, hour: datetime) -> DigestRecord:
        return DigestRecord(tenant_key(tenant_id, DigestRecord.KIND), DigestRecord.key(programme_id, hour))

    def add_to_digest(self, tenant_id: str, programme_id: str, hour: datetime, entry: str) -> Digest | None:
        """Counts an application in its hour's digest; `None` when that digest was sent already."""
        record = self._digest(tenant_id, programme_id, hour)
        try:
            record.update(
                actions=[
                    DigestRecord.entries.add({entry}),
                    DigestRecord.programme_id.set(programme_id),
                    DigestRecord.hour.set(hour),
                    DigestRecord.ttl.set(hour + KEEP_DIGEST),
                ],
                # Once sent, a digest's set is frozen: a late arrival goes into the next hour's.
                condition=DigestRecord.sent.does_not_exist(),
            )
        except UpdateError as exc:
            if condition_failed(exc):
                return None
            raise
        return record.to_domain()

    def digest_scheduled(self, tenant_id: str, programme_id: str, hour: datetime) -> None:
        self._digest(tenant_id, programme_id, hour).update(actions=[DigestRecord.scheduled.set(True)])

    def close_digest(self, tenant_id: str, programme_id: str, hour: datetime) -> Digest | None:
        """Marks the digest sent and returns what it counts (the same on a repeated delivery)."""
        record = self._digest(tenant_id, programme_id, hour)
        try:
            record.update(actions=[DigestRecord.sent.set(True)], condition=DigestRecord.pk.exists())
        except UpdateError as exc:
            if condition_failed(exc):
                return None
            raise
        return record.to_domain()

    def contact(self, tenant_id: str, person_id: str) -> Contact | None:
        record = ContactRecord.get_in(tenant_id, person_id, consistent_read=True)
        return record.to_domain() if record else None

    def erased(self, tenant_id: str, person_id: str) -> bool:
        return ErasedRecord.get_in(tenant_id, person_id, consistent_read=True) is not None

    def save_programme(self, programme: ProgrammeInfo) -> None:
        ProgrammeRecord.new_in(
            programme.tenant_id,
            programme.programme_id,
            name=programme.name,
            tenant_slug=programme.tenant_slug,
            timezone=programme.timezone,
            programme_version=programme.version,
            session_reminder_hours=programme.session_reminder_hours,
        ).save()

    def programme(self, tenant_id: str, programme_id: str) -> ProgrammeInfo | None:
        record = ProgrammeRecord.get_in(tenant_id, programme_id, consistent_read=True)
        if record is None:
            return None
        return _programme_info(record)

    def programmes_of(self, tenant_id: str) -> list[ProgrammeInfo]:
        return [_programme_info(r) for r in ProgrammeRecord.query_in(tenant_id)]

    # --- who is in a relationship, and when its sessions are (for the sessions' mail) ---
    def save_member(self, member: Member) -> None:
        MemberRecord.new_in(member.tenant_id, member.participant_id, person_id=member.person_id).save()

    def member(self, tenant_id: str, participant_id: str) -> Member | None:
        record = MemberRecord.get_in(tenant_id, participant_id, consistent_read=True)
        if record is None:
            return None
        return Member(
            tenant_id=tenant_id,
            participant_id=participant_id,
            person_id=record.person_id,
            erased=record.erased_at is not None,
        )

    def save_match(self, match: MatchInfo) -> None:
        MatchRecord.new_in(match.tenant_id, match.match_id, document=match.model_dump(mode="json")).save()

    def match(self, tenant_id: str, match_id: str) -> MatchInfo | None:
        record = MatchRecord.get_in(tenant_id, match_id, consistent_read=True)
        return MatchInfo.model_validate(record.document) if record else None

    def save_session(self, session: SessionInfo) -> None:
        SessionRecord.new_in(
            session.tenant_id, session.session_id, document=session.model_dump(mode="json")
        ).save()

    def session(self, tenant_id: str, session_id: str) -> SessionInfo | None:
        record = SessionRecord.get_in(tenant_id, session_id, consistent_read=True)
        return SessionInfo.model_validate(record.document) if record else None

    def contacts_with_role(self, tenant_id: str, role: str) -> list[Contact]:
        records = ContactRecord.query_in(tenant_id, filter_condition=ContactRecord.role == role)
        return [r.to_domain() for r in records]

    def log_delivery(self, delivery: Delivery) -> None:
        DeliveryRecord.new_in(
            delivery.tenant_id,
            delivery.delivery_id,
            **delivery.model_dump(include=set(DeliveryRecord.get_attributes()) - {"pk", "sk", "ttl"}),
        ).save()
        self.log_entry(delivery)  # the person's log, which the managers read (people/store.py)

    def delivered(self, tenant_id: str, delivery_id: str) -> bool:
        return DeliveryRecord.get_in(tenant_id, delivery_id, consistent_read=True) is not None

    def deliveries(self, tenant_id: str) -> list[Delivery]:
        return [
            Delivery(
                tenant_id=r.tenant_id,
                delivery_id=r.delivery_id,
                person_id=r.person_id,
                channel=r.channel,
                template=r.template,
                language=r.language,
                status=r.status,
                provider_message_id=r.provider_message_id,
                sent_at=r.sent_at,
                event_id=r.event_id,
            )
            for r in DeliveryRecord.query_in(tenant_id)
        ]
