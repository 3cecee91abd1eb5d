"""Reminders' items in the notifications table: live schedules, held sessions, questionnaires, ended
relationships and the daily risk digests. With the projections of `NotificationsStore`, which it extends."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from pynamodb.attributes import BooleanAttribute, UnicodeAttribute, UnicodeSetAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import UpdateError

from services.notifications.models import MatchInfo, SessionInfo
from services.notifications.reminders.models import Assignment, HeldSession, Reminder, RiskDigest
from services.notifications.store import (
    MatchRecord,
    NotificationsItem,
    NotificationsStore,
    SessionRecord,
)
from shared.storage import condition_failed, tenant_key

#: A held session counts in a weekly digest; kept a little longer than the week it is counted in.
KEEP_HELD = timedelta(days=35)
#: A questionnaire is counted as overdue in the weekly digests until a year after it was due.
KEEP_ASSIGNMENT = timedelta(days=365)


class ReminderRecord(NotificationsItem):
    KIND = "REMINDER"  # sk: <match>#<subject>#<schedule name>
    at = UTCDateTimeAttribute()

    @staticmethod
    def key(match_id: str, subject: str, name: str) -> str:
        return f"{match_id}#{subject}#{name}"


class HeldRecord(NotificationsItem):
    KIND = "HELD"  # sk: the session id
    match_id = UnicodeAttribute(null=True)
    programme_id = UnicodeAttribute(null=True)
    held_at = UTCDateTimeAttribute(null=True)
    writer_id = UnicodeAttribute(null=True)
    diary_written = BooleanAttribute(null=True)


class AssignmentRecord(NotificationsItem):
    KIND = "ASSIGNMENT"  # sk: the assignment id
    match_id = UnicodeAttribute(null=True)
    programme_id = UnicodeAttribute(null=True)
    participant_id = UnicodeAttribute(null=True)
    kind = UnicodeAttribute(null=True)
    due_on = UnicodeAttribute(null=True)
    submitted = BooleanAttribute(null=True)


class EndedRecord(NotificationsItem):
    KIND = "MATCH_ENDED"  # sk: the match id


class RiskDigestRecord(NotificationsItem):
    KIND = "RISK_DIGEST"  # sk: <programme>#<day, YYYYMMDD>
    programme_id = UnicodeAttribute(null=True)
    day = UnicodeAttribute(null=True)
    entries = UnicodeSetAttribute(null=True)
    scheduled = BooleanAttribute(null=True)
    sent = BooleanAttribute(null=True)

    def to_domain(self) -> RiskDigest:
        return RiskDigest(
            tenant_id=self.tenant_id,
            programme_id=str(self.programme_id),
            day=date.fromisoformat(str(self.day)),
            entries=set(self.entries or ()),
            scheduled=bool(self.scheduled),
            sent=bool(self.sent),
        )


class RemindersStore(NotificationsStore):
    # --- live schedules ---
    def save_reminder(self, reminder: Reminder) -> None:
        ReminderRecord.new_in(
            reminder.tenant_id,
            ReminderRecord.key(reminder.match_id, reminder.subject, reminder.name),
            at=reminder.at,
            ttl=reminder.at + timedelta(days=2),
        ).save()

    def reminders(self, tenant_id: str, match_id: str, subject: str | None = None) -> list[Reminder]:
        prefix = f"{match_id}#{subject}#" if subject else f"{match_id}#"
        found = []
        for record in ReminderRecord.query_in(tenant_id, sk_prefix=prefix, consistent_read=True):
            match, subject_of, name = str(record.sk).split("#", 2)
            found.append(
                Reminder(tenant_id=tenant_id, match_id=match, subject=subject_of, name=name, at=record.at)
            )
        return found

    def forget_reminder(self, reminder: Reminder) -> None:
        ReminderRecord.new_in(
            reminder.tenant_id, ReminderRecord.key(reminder.match_id, reminder.subject, reminder.name)
        ).delete()

    # --- held sessions and their diaries (either event may come first) ---
    def save_held(self, held: HeldSession) -> None:
        HeldRecord.new_in(held.tenant_id, held.session_id).update(
            actions=[
                HeldRecord.match_id.set(held.match_id),
                HeldRecord.programme_id.set(held.programme_id),
                HeldRecord.held_at.set(held.held_at),
                HeldRecord.writer_id.set(held.writer_id) if held.writer_id else HeldRecord.writer_id.remove(),
                HeldRecord.ttl.set(held.held_at + KEEP_HELD),
            ]
        )

    def diary_written(self, tenant_id: str, session_id: str) -> None:
        HeldRecord.new_in(tenant_id, session_id).update(actions=[HeldRecord.diary_written.set(True)])

    def held(self, tenant_id: str, session_id: str) -> HeldSession | None:
        record = HeldRecord.get_in(tenant_id, session_id, consistent_read=True)
        return _held(record) if record and record.held_at else None

    def held_sessions(self, tenant_id: str) -> list[HeldSession]:
        return [_held(r) for r in HeldRecord.query_in(tenant_id) if r.held_at]

    # --- questionnaires (assigned and submitted may arrive in either order) ---
    def save_assignment(self, assignment: Assignment) -> None:
        AssignmentRecord.new_in(assignment.tenant_id, assignment.assignment_id).update(
            actions=[
                AssignmentRecord.match_id.set(assignment.match_id),
                AssignmentRecord.programme_id.set(assignment.programme_id),
                AssignmentRecord.participant_id.set(assignment.participant_id),
                AssignmentRecord.kind.set(assignment.kind),
                AssignmentRecord.due_on.set(assignment.due_on.isoformat()),
                AssignmentRecord.ttl.set(
                    datetime.combine(assignment.due_on, datetime.min.time(), UTC) + KEEP_ASSIGNMENT
                ),
            ]
        )

    def assignment_submitted(self, tenant_id: str, assignment_id: str) -> None:
        AssignmentRecord.new_in(tenant_id, assignment_id).update(
            actions=[AssignmentRecord.submitted.set(True)]
        )

    def assignment(self, tenant_id: str, assignment_id: str) -> Assignment | None:
        record = AssignmentRecord.get_in(tenant_id, assignment_id, consistent_read=True)
        return _assignment(record) if record and record.due_on else None

    def assignments(self, tenant_id: str) -> list[Assignment]:
        return [_assignment(r) for r in AssignmentRecord.query_in(tenant_id) if r.due_on]

    # --- relationships ---
    def match_ended(self, tenant_id: str, match_id: str) -> None:
        EndedRecord.new_in(tenant_id, match_id).save()

    def ended(self, tenant_id: str, match_id: str) -> bool:
        return EndedRecord.get_in(tenant_id, match_id, consistent_read=True) is not None

    def ended_matches(self, tenant_id: str) -> set[str]:
        return {str(r.sk) for r in EndedRecord.query_in(tenant_id)}

    def matches_of(self, tenant_id: str) -> list[MatchInfo]:
        return [MatchInfo.model_validate(r.document) for r in MatchRecord.query_in(tenant_id)]

    def sessions_of(self, tenant_id: str) -> list[SessionInfo]:
        return [SessionInfo.model_validate(r.document) for r in SessionRecord.query_in(tenant_id)]

    # --- the daily mail of relationships newly at risk (as the hourly application digest) ---
    def _risk(self, tenant_id: str, programme_id: str, day: date) -> RiskDigestRecord:
        return RiskDigestRecord(tenant_key(tenant_id, RiskDigestRecord.KIND), f"{programme_id}#{day:%Y%m%d}")

    def add_to_risk_digest(
        self, tenant_id: str, programme_id: str, day: date, entries: set[str]
    ) -> RiskDigest | None:
        """Lists relationships in the digest of `day`; `None` when that digest was sent already."""
        record = self._risk(tenant_id, programme_id, day)
        try:
            record.update(
                actions=[
                    RiskDigestRecord.entries.add(entries),
                    RiskDigestRecord.programme_id.set(programme_id),
                    RiskDigestRecord.day.set(day.isoformat()),
                    RiskDigestRecord.ttl.set(
                        datetime.combine(day, datetime.min.time(), UTC) + timedelta(days=3)
                    ),
                ],
                condition=RiskDigestRecord.sent.does_not_exist(),
            )
        except UpdateError as exc:
            if condition_failed(exc):
                return None
            raise
        return record.to_domain()

    def risk_digest_scheduled(self, tenant_id: str, programme_id: str, day: date) -> None:
        self._risk(tenant_id, programme_id, day).update(actions=[RiskDigestRecord.scheduled.set(True)])

    def close_risk_digest(self, tenant_id: str, programme_id: str, day: date) -> RiskDigest | None:
        record = self._risk(tenant_id, programme_id, day)
        try:
            record.update(actions=[RiskDigestRecord.sent.set(True)], condition=RiskDigestRecord.pk.exists())
        except UpdateError as exc:
            if condition_failed(exc):
                return None
            raise
        return record.to_domain()


def _held(record: HeldRecord) -> HeldSession:
    assert record.held_at is not None
    return HeldSession(
        tenant_id=record.tenant_id,
        session_id=str(record.sk),
        match_id=str(record.match_id),
        programme_id=str(record.programme_id),
        held_at=record.held_at,
        writer_id=record.writer_id,
        diary_written=bool(record.diary_written),
    )


def _assignment(record: AssignmentRecord) -> Assignment:
    return Assignment(
        tenant_id=record.tenant_id,
        assignment_id=str(record.sk),
        match_id=str(record.match_id),
        programme_id=str(record.programme_id),
        participant_id=str(record.participant_id),
        kind=str(record.kind),
        due_on=date.fromisoformat(str(record.due_on)),
        submitted=bool(record.submitted),
    )
