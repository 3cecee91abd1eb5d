"""The notifications service's domain: its contact directory and its delivery log.

Its HTTP API (the people and partners parts) keeps its schemas in each part's package.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from shared.events.catalog.facts import DEFAULT_TIMEZONE
from shared.model import BaseModel


class Contact(BaseModel):
    """How to reach one person; a projection of `ContactDetailsRecorded`."""

    tenant_id: str
    person_id: str
    role: str
    email: str
    given_name: str
    family_name: str
    language: str
    phone: str | None = None
    contact_email: bool = True
    contact_sms: bool = False
    #: The person chose on the preferences page (else the application's consent above stands).
    preferences_set: bool = False
    #: The mail server refused the address for good (a hard bounce or a complaint): no more mail to it.
    email_bounced: bool = False
    #: The person's consent to e-mail and to SMS (intake's `ConsentChanged`): the ceiling of the choices
    #: above; withdrawn, nothing goes on that channel but what is transactional (no SMS is).
    email_consent: bool = True
    sms_consent: bool = True


class TenantInfo(BaseModel):
    """What messages say about a municipality; a projection of `TenantCreated`."""

    tenant_id: str
    slug: str
    name: str
    languages: list[str]
    timezone: str = "Europe/Berlin"


class Attachment(BaseModel):
    filename: str
    content_type: str
    data: bytes


class Email(BaseModel):
    to: str
    subject: str
    body: str
    #: The same text as HTML (every mail is multipart/alternative).
    html: str = ""
    #: The municipality's name, shown as the sender's display name.
    sender_name: str | None = None
    #: One-click unsubscribe (RFC 8058) on everything that is not transactional.
    unsubscribe_url: str | None = None
    #: Attached after the text and HTML parts (an .ics for a planned or moved session).
    attachments: list[Attachment] = []
    #: False for reminders and digests: the person's preferences and List-Unsubscribe apply to them.
    transactional: bool = True


class Sms(BaseModel):
    to: str
    text: str


class Delivery(BaseModel):
    """One message sent (or refused), without its text: the log says who, what kind, when, how it went."""

    tenant_id: str
    delivery_id: str
    person_id: str
    channel: Literal["email", "sms"]
    template: str
    language: str
    status: Literal["sent", "delivered", "failed", "bounced", "complained", "held", "withheld"]
    provider_message_id: str | None = None
    sent_at: datetime
    event_id: str
    #: The address or number as the log shows it: masked, never in full.
    to_masked: str = ""
    #: Why it failed or was withheld, as a code (`not_e164`, `bounced`, `provider_error`, `consent_withdrawn`,
    #: ...), never a provider's text.
    reason: str | None = None
    #: Mail, or an SMS the person chose; a fallback took the other channel after this one failed.
    fallback: bool = False


class ProgrammeInfo(BaseModel):
    """What messages say about a programme; a projection of `ProgrammeOpened` / `ProgrammeChanged`."""

    tenant_id: str
    programme_id: str
    name: str
    tenant_slug: str
    #: The municipality's IANA zone: a session's time in a mail and its .ics are local times there.
    timezone: str = DEFAULT_TIMEZONE
    #: `ProgrammeChanged.programme_version` (0: as opened), so a late older change does not undo a newer.
    version: int = 0
    #: How long before a session its members are reminded (a setting of the programme; 24 h by default).
    session_reminder_hours: int = 24


class Digest(BaseModel):
    """One programme's applications of one hour, told to its managers in one e-mail (issue 8, item 3)."""

    tenant_id: str
    programme_id: str
    hour: datetime
    #: `<role>:<application id>`: a set, so a retried event is counted once.
    entries: set[str]
    scheduled: bool = False
    sent: bool = False

    def count(self, role: str) -> int:
        return sum(1 for e in self.entries if e.startswith(f"{role}:"))


class Member(BaseModel):
    """Whose account a participant is; a projection of `ParticipantAccepted`."""

    tenant_id: str
    participant_id: str
    person_id: str
    #: The person was erased: no message goes to them, and none waits for their contact.
    erased: bool = False


class MatchInfo(BaseModel):
    """Who is in a relationship; a projection of `MatchConfirmed`."""

    tenant_id: str
    match_id: str
    programme_id: str
    mentor_id: str
    mentee_ids: list[str]


class SessionInfo(BaseModel):
    """When a session is, for the .ics attached to its e-mails; a projection of the plan's events (never its
    topic or place, which people wrote)."""

    tenant_id: str
    session_id: str
    match_id: str
    starts_at: datetime
    duration_minutes: int
    mode: Literal["in_person", "online"]
    sequence: int = 0
    status: Literal["planned", "cancelled"] = "planned"
