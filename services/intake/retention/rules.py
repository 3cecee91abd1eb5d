"""How long each class of personal data is kept, and when an item's time is up. Pure functions over a
given `now`, so the rules are tested with a fixed clock."""

from __future__ import annotations

import calendar
from datetime import date, datetime

from pydantic import Field

from services.intake.models import Participant, Programme
from shared.model import BaseModel

#: Configurable per municipality, within bounds (months): (default, lowest, highest).
RETENTION_BOUNDS: dict[str, tuple[int, int, int]] = {
    "rejected_applications_months": (6, 1, 12),
    "programme_data_months": (24, 6, 60),
}
#: Fixed for every municipality: the delivery log (notifications) and exports (privacy).
DELIVERY_LOG_MONTHS = 12
EXPORT_DAYS = 7


class RetentionPeriods(BaseModel):
    """A municipality's periods (the defaults until its managers change them)."""

    rejected_applications_months: int = Field(
        default=RETENTION_BOUNDS["rejected_applications_months"][0],
        description="a rejected application is deleted this many months after the decision",
    )
    programme_data_months: int = Field(
        default=RETENTION_BOUNDS["programme_data_months"][0],
        description="a programme's participants are erased this many months after the programme's end",
    )
    delivery_log_months: int = Field(default=DELIVERY_LOG_MONTHS, description="fixed: the delivery log")
    export_days: int = Field(default=EXPORT_DAYS, description="fixed: a person's export")
    version: int = 0


def months_after(moment: datetime, months: int) -> datetime:
    """The same day `months` later (the month's last day when it is shorter), same time of day."""
    month0 = moment.month - 1 + months
    year, month = moment.year + month0 // 12, month0 % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def rejected_application_expires(decided_at: datetime, periods: RetentionPeriods) -> datetime:
    return months_after(decided_at, periods.rejected_applications_months)


def programme_data_expires(ends_on: date, periods: RetentionPeriods) -> date:
    end = datetime(ends_on.year, ends_on.month, ends_on.day)  # noqa: DTZ001 - a calendar day, no instant
    return months_after(end, periods.programme_data_months).date()


def programmes_past_retention(
    programmes: list[Programme], periods: RetentionPeriods, now: datetime
) -> list[Programme]:
    """Programmes whose end lies more than the period back: their participants' data is due for erasure."""
    return [p for p in programmes if programme_data_expires(p.ends_on, periods) < now.date()]


def participants_due(
    programmes: list[Programme], participants: list[Participant], periods: RetentionPeriods, now: datetime
) -> list[Participant]:
    ended = {p.programme_id for p in programmes_past_retention(programmes, periods, now)}
    return [p for p in participants if p.programme_id in ended]
