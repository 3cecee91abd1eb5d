"""Which relationships are at risk, and why (issue 12, "Risks"); codes only, never a description.

Reasons are evaluated on the relationship's projection and a day: when an event changes the
relationship (a flag is raised at once), and when the risks are read (today's view, raising nothing).
"""

from __future__ import annotations

from datetime import date, timedelta

from services.monitoring.reports.models import RelationshipRow
from shared.events.catalog.monitoring import RiskReason

#: Sessions in a row a mentee missed without notice, and late mentor absences, that make a risk.
IN_A_ROW = 2
LATE_ABSENCES = 2
#: Cadence periods without a diary or a session that make a risk.
PERIODS = 2
OVERDUE_DAYS = 14


def reasons(relationship: RelationshipRow, cadence_days: int, today: date) -> list[RiskReason]:
    if relationship.status != "active" or not relationship.mentor_id:
        return []
    found: list[RiskReason] = []
    if any(missed >= IN_A_ROW for missed in relationship.missed_in_a_row.values()):
        found.append("missed_sessions")
    if relationship.late_mentor_absences >= LATE_ABSENCES:
        found.append("late_mentor_absences")
    start = relationship.started_on
    if start is not None and start < today:
        quiet = timedelta(days=PERIODS * max(cadence_days, 1))
        if today - (relationship.last_diary_on or start) > quiet:
            found.append("no_diary")
        if today - (relationship.last_held_on or start) > quiet:
            found.append("no_session")
    if any(now < first for first, now in relationship.ratings.values()):
        found.append("rating_fell")
    overdue = timedelta(days=OVERDUE_DAYS)
    if any(today > due + overdue for due in relationship.open_questionnaires.values()):
        found.append("questionnaire_overdue")
    return found


def newly_raised(relationship: RelationshipRow, current: list[RiskReason]) -> bool:
    """Whether `current` names a reason the last flag did not (then a new flag is raised)."""
    return bool(set(current) - set(relationship.flagged))
