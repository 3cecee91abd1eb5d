"""What reminders keep of the programme, beyond the projections the relationship mail keeps."""

from __future__ import annotations

from datetime import date, datetime

from shared.model import BaseModel


class Reminder(BaseModel):
    """A schedule made and not yet fired or deleted: found again by the relationship and its subject."""

    tenant_id: str
    match_id: str
    #: `session:<id>`, `diary:<id>` or `questionnaire:<id>`.
    subject: str
    name: str
    at: datetime


class HeldSession(BaseModel):
    """A session that took place (`SessionHeld`), and whether its diary is written yet."""

    tenant_id: str
    session_id: str
    match_id: str
    programme_id: str
    held_at: datetime
    writer_id: str | None = None
    diary_written: bool = False


class Assignment(BaseModel):
    """A questionnaire given to a participant (`QuestionnaireAssigned`), and whether it is submitted."""

    tenant_id: str
    assignment_id: str
    match_id: str
    programme_id: str
    participant_id: str
    kind: str
    due_on: date
    submitted: bool = False


class RiskDigest(BaseModel):
    """One programme's relationships newly at risk, told to its managers in the morning of `day`."""

    tenant_id: str
    programme_id: str
    day: date
    #: `<match id>:<reason>`: a set, so a repeated flag is listed once.
    entries: set[str]
    scheduled: bool = False
    sent: bool = False

    def by_relationship(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for entry in sorted(self.entries):
            match_id, _, reason = entry.partition(":")
            out.setdefault(match_id, []).append(reason)
        return out
