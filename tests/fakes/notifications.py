"""Notifications' store and mailer in memory."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import ClientError

from services.notifications.models import Contact, Digest, ProgrammeInfo
from services.notifications.reminders.models import HeldSession, RiskDigest


class InMemoryContacts:
    """Contacts and the delivery log (a delivery id logged once is never mailed again)."""

    def __init__(self, contacts: list[Any]) -> None:
        self.contacts = contacts
        self.log: dict[str, Any] = {}

    def save_contact(self, contact: Any) -> None:
        self.contacts.append(contact)

    def contacts_with_role(self, tenant_id: str, role: str) -> list[Any]:
        return [c for c in self.contacts if c.tenant_id == tenant_id and c.role == role]

    def log_delivery(self, delivery: Any) -> None:
        self.log[delivery.delivery_id] = delivery

    def delivered(self, tenant_id: str, delivery_id: str) -> bool:
        return delivery_id in self.log


class FlakyMailer:
    """Sends (records) every e-mail except those to an address in `fail_for`, which raise as SES would."""

    def __init__(self, fail_for: Iterable[str] = ()) -> None:
        self.sent: list[Any] = []
        self.fail_for = set(fail_for)

    def send(self, email: Any) -> str:
        if email.to in self.fail_for:
            raise ConnectionError("SES down")
        self.sent.append(email)
        return f"m{len(self.sent)}"


class ApplicantStore(InMemoryContacts):
    """Contacts, the programme `prg_1` of `t_1`, and the hourly digests (sent ones stay frozen)."""

    def __init__(self, contacts):
        super().__init__(contacts)
        self.programmes = {
            ("t_1", "prg_1"): ProgrammeInfo(
                tenant_id="t_1", programme_id="prg_1", name="Start", tenant_slug="demo"
            )
        }
        self.digests: dict = {}
        self.erased_ids: set[tuple[str, str]] = set()

    def erased(self, tenant_id, person_id):
        return (tenant_id, person_id) in self.erased_ids

    def contact(self, tenant_id, person_id):
        return next((c for c in self.contacts if (c.tenant_id, c.person_id) == (tenant_id, person_id)), None)

    def programme(self, tenant_id, programme_id):
        return self.programmes.get((tenant_id, programme_id))

    def save_programme(self, programme):
        self.programmes[(programme.tenant_id, programme.programme_id)] = programme

    def add_to_digest(self, tenant_id, programme_id, hour, entry):
        key = (tenant_id, programme_id, hour)
        digest = self.digests.setdefault(
            key, Digest(tenant_id=tenant_id, programme_id=programme_id, hour=hour, entries=set())
        )
        if digest.sent:
            return None
        digest.entries.add(entry)
        return digest.model_copy(deep=True)

    def digest_scheduled(self, tenant_id, programme_id, hour):
        self.digests[(tenant_id, programme_id, hour)].scheduled = True

    def close_digest(self, tenant_id, programme_id, hour):
        digest = self.digests.get((tenant_id, programme_id, hour))
        if digest is None:
            return None
        digest.sent = True
        return digest.model_copy(deep=True)


class FakeScheduler:
    """Keeps one schedule per name, as EventBridge Scheduler keeps one per name."""

    def __init__(self):
        self.schedules = {}

    def send_at(self, name, at, tenant_id, data, correlation_id):
        self.schedules.setdefault(name, (at, tenant_id, data))

    def cancel(self, name):
        self.schedules.pop(name, None)


def contact(person_id: str = "p_ola", **changes: Any) -> Contact:
    """One person's contact details as notifications keeps them: by default Ola, a manager of `t_1`,
    reached at `<person_id>@example.org`; a test changes what it is about."""
    fields = {
        "tenant_id": "t_1",
        "person_id": person_id,
        "role": "manager",
        "email": f"{person_id}@example.org",
        "given_name": "Ola",
        "family_name": "N",
        "language": "pl",
    }
    return Contact(**{**fields, **changes})


class RelationshipStore(ApplicantStore):
    """`ApplicantStore` with notifications' projections of participants, matches and sessions."""

    def __init__(self, contacts):
        super().__init__(contacts)
        self.members: dict = {}
        self.matches: dict = {}
        self.sessions: dict = {}

    def save_member(self, member):
        self.members[(member.tenant_id, member.participant_id)] = member

    def member(self, tenant_id, participant_id):
        return self.members.get((tenant_id, participant_id))

    def save_match(self, match):
        self.matches[(match.tenant_id, match.match_id)] = match

    def match(self, tenant_id, match_id):
        return self.matches.get((tenant_id, match_id))

    def save_session(self, session):
        self.sessions[(session.tenant_id, session.session_id)] = session

    def session(self, tenant_id, session_id):
        return self.sessions.get((tenant_id, session_id))


class PeopleStore(RelationshipStore):
    """`RelationshipStore` with the people part: the municipality, preferences, the log, feedback pointers."""

    def __init__(self, contacts, tenants=()):
        super().__init__(contacts)
        self.tenants = {t.tenant_id: t for t in tenants}
        self.entries: list = []

    def tenant(self, tenant_id):
        return self.tenants.get(tenant_id)

    def save_tenant(self, tenant):
        self.tenants[tenant.tenant_id] = tenant

    def unsubscribe_key(self):
        return b"k" * 32

    def _replace(self, tenant_id, person_id, **changes):
        for i, c in enumerate(self.contacts):
            if (c.tenant_id, c.person_id) == (tenant_id, person_id):
                self.contacts[i] = c.model_copy(update=changes)

    def save_preferences(self, tenant_id, person_id, email, sms, language):
        self._replace(
            tenant_id,
            person_id,
            contact_email=email,
            contact_sms=sms,
            language=language,
            preferences_set=True,
        )

    def mark_bounced(self, tenant_id, person_id):
        self._replace(tenant_id, person_id, email_bounced=True)

    def save_consent(self, tenant_id, person_id, channel, granted):
        # As the table reads it: the consent is the ceiling of the choice (services/notifications/store.py).
        for c in self.contacts:
            if (c.tenant_id, c.person_id) == (tenant_id, person_id):
                chosen = getattr(c, f"contact_{channel}")
                self._replace(
                    tenant_id,
                    person_id,
                    **{f"{channel}_consent": granted, f"contact_{channel}": chosen and granted},
                )

    def log_delivery(self, delivery):
        super().log_delivery(delivery)
        self.entries.append(delivery)

    def log_of(self, tenant_id, person_id):
        found = [d for d in self.entries if (d.tenant_id, d.person_id) == (tenant_id, person_id)]
        return sorted(found, key=lambda d: d.sent_at, reverse=True)

    def entry_by_message(self, message_id):
        return next((d for d in self.entries if d.provider_message_id == message_id), None)

    def set_status(self, delivery, status, reason):
        for i, d in enumerate(self.entries):
            if d.delivery_id == delivery.delivery_id:
                self.entries[i] = d.model_copy(update={"status": status, "reason": reason})


class FakeTexter:
    """Records each SMS; a number in `refuse` is refused as SNS refuses one."""

    def __init__(self, refuse=()):
        self.sent: list = []
        self.refuse = set(refuse)

    def text(self, sms):
        if sms.to in self.refuse:
            raise ClientError({"Error": {"Code": "InvalidParameter", "Message": "bad"}}, "Publish")
        self.sent.append(sms)
        return f"sms{len(self.sent)}"


class ReminderStore(RelationshipStore):
    """`RelationshipStore` with what reminders keep: live schedules, held sessions, questionnaires, ended
    relationships and the daily risk digests."""

    def __init__(self, contacts):
        super().__init__(contacts)
        self.reminder_records: dict = {}
        self.held_sessions_: dict = {}
        self.assignments_: dict = {}
        self.ended_: set = set()
        self.risk_digests: dict = {}

    def programmes_of(self, tenant_id):
        return [p for (t, _), p in self.programmes.items() if t == tenant_id]

    def save_reminder(self, reminder):
        self.reminder_records[(reminder.tenant_id, reminder.match_id, reminder.subject, reminder.name)] = (
            reminder
        )

    def reminders(self, tenant_id, match_id, subject=None):
        return [
            r
            for (t, m, s, _), r in self.reminder_records.items()
            if (t, m) == (tenant_id, match_id) and subject in (None, s)
        ]

    def forget_reminder(self, reminder):
        self.reminder_records.pop(
            (reminder.tenant_id, reminder.match_id, reminder.subject, reminder.name), None
        )

    def save_held(self, held):
        before = self.held_sessions_.get((held.tenant_id, held.session_id))
        written = bool(before and before.diary_written)
        self.held_sessions_[(held.tenant_id, held.session_id)] = held.model_copy(
            update={"diary_written": written}
        )

    def diary_written(self, tenant_id, session_id):
        held = self.held_sessions_.get((tenant_id, session_id)) or HeldSession(
            tenant_id=tenant_id,
            session_id=session_id,
            match_id="?",
            programme_id="?",
            held_at=datetime.min.replace(tzinfo=UTC),
        )
        self.held_sessions_[(tenant_id, session_id)] = held.model_copy(update={"diary_written": True})

    def held(self, tenant_id, session_id):
        return self.held_sessions_.get((tenant_id, session_id))

    def held_sessions(self, tenant_id):
        return [h for (t, _), h in self.held_sessions_.items() if t == tenant_id]

    def save_assignment(self, assignment):
        before = self.assignments_.get((assignment.tenant_id, assignment.assignment_id))
        submitted = bool(before and before.submitted)
        self.assignments_[(assignment.tenant_id, assignment.assignment_id)] = assignment.model_copy(
            update={"submitted": submitted}
        )

    def assignment_submitted(self, tenant_id, assignment_id):
        self.assignments_[(tenant_id, assignment_id)] = self.assignments_[
            (tenant_id, assignment_id)
        ].model_copy(update={"submitted": True})

    def assignment(self, tenant_id, assignment_id):
        return self.assignments_.get((tenant_id, assignment_id))

    def assignments(self, tenant_id):
        return [a for (t, _), a in self.assignments_.items() if t == tenant_id]

    def match_ended(self, tenant_id, match_id):
        self.ended_.add((tenant_id, match_id))

    def ended(self, tenant_id, match_id):
        return (tenant_id, match_id) in self.ended_

    def ended_matches(self, tenant_id):
        return {m for t, m in self.ended_ if t == tenant_id}

    def matches_of(self, tenant_id):
        return [m for (t, _), m in self.matches.items() if t == tenant_id]

    def sessions_of(self, tenant_id):
        return [s for (t, _), s in self.sessions.items() if t == tenant_id]

    def add_to_risk_digest(self, tenant_id, programme_id, day, entries):
        digest = self.risk_digests.setdefault(
            (tenant_id, programme_id, day),
            RiskDigest(tenant_id=tenant_id, programme_id=programme_id, day=day, entries=set()),
        )
        if digest.sent:
            return None
        digest.entries |= entries
        return digest.model_copy(deep=True)

    def risk_digest_scheduled(self, tenant_id, programme_id, day):
        self.risk_digests[(tenant_id, programme_id, day)].scheduled = True

    def close_risk_digest(self, tenant_id, programme_id, day):
        digest = self.risk_digests.get((tenant_id, programme_id, day))
        if digest is None:
            return None
        digest.sent = True
        return digest.model_copy(deep=True)
