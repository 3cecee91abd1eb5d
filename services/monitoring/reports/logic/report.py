"""The programme's report, its CSV and its risks, read from the projections (a manager of the programme's
municipality only: another municipality's programme is not found, as if it did not exist)."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import secrets
from datetime import UTC, date, datetime
from typing import get_args
from zoneinfo import ZoneInfo

from services.monitoring.reports.logic.change import load
from services.monitoring.reports.logic.ports import ReportStore, Write
from services.monitoring.reports.logic.risks import reasons
from services.monitoring.reports.models import (
    RATINGS,
    Counters,
    PersonRow,
    PseudonymKey,
    RelationshipRow,
    Summary,
    people_prefix,
    relationships_prefix,
    summary_key,
)
from services.monitoring.reports.schemas import (
    Completion,
    GoalRatings,
    MentorGrowth,
    MonthAttendance,
    OutcomeCount,
    Outcomes,
    ProgrammeReport,
    QuestionnaireCompletion,
    RatingCount,
    Ratings,
    RelationshipAtRisk,
    RelationshipCounts,
    Risks,
    RoleCounts,
    SessionCounts,
)
from shared.auth import Principal, Role
from shared.errors import NotFound
from shared.events.catalog.monitoring import OutcomeStatus, QuestionnaireKind

#: What a spreadsheet would run as a formula when a cell starts with it (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def programme_summary(principal: Principal, programme_id: str, store: ReportStore) -> Summary:
    principal.require(Role.MANAGER)
    tenant_id = principal.require_tenant()
    summary = load(store, tenant_id, Summary, summary_key(programme_id))
    if summary is None or not summary.known:
        raise NotFound("No such programme.")
    return summary


def rate(done: float, due: float) -> float | None:
    return round(done / due, 4) if due else None


def _median(histogram: dict[int, int]) -> float | None:
    values = [rating for rating, n in sorted(histogram.items()) for _ in range(n)]
    if not values:
        return None
    middle = len(values) // 2
    return float(values[middle]) if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def _int(counters: Counters, name: str) -> int:
    return round(counters.get(name, 0.0))


def ratings(c: Counters) -> Ratings:
    rated = _int(c, "rating.rated")
    start = {r: _int(c, f"rating.start.{r}") for r in RATINGS}
    now = {r: _int(c, f"rating.now.{r}") for r in RATINGS}
    return Ratings(
        rated=rated,
        mean_start=round(c.get("rating.start_sum", 0.0) / rated, 2) if rated else None,
        mean_now=round(c.get("rating.now_sum", 0.0) / rated, 2) if rated else None,
        median_start=_median(start),
        median_now=_median(now),
        distribution=[RatingCount(rating=r, at_start=start[r], now=now[r]) for r in RATINGS],
        improved=_int(c, "rating.improved"),
        same=_int(c, "rating.same"),
        fell=_int(c, "rating.fell"),
        share_improved=rate(c.get("rating.improved", 0.0), rated),
        goals=goal_ratings(c),
    )


def goal_ratings(c: Counters) -> GoalRatings:
    rated = _int(c, "goal.rated")
    return GoalRatings(
        rated=rated,
        mean_start=round(c.get("goal.start_sum", 0.0) / rated, 2) if rated else None,
        mean_now=round(c.get("goal.now_sum", 0.0) / rated, 2) if rated else None,
        improved=_int(c, "goal.improved"),
    )


def outcomes(c: Counters) -> Outcomes:
    return Outcomes(
        with_baseline=_int(c, "outcome.with_baseline"),
        compared=_int(c, "outcome.compared"),
        living_at_start=_int(c, "outcome.living_at_start"),
        living_now=_int(c, "outcome.living_now"),
        moved_into_living=_int(c, "outcome.moved_into_living"),
        by_status=[
            OutcomeCount(
                status=s, at_start=_int(c, f"outcome.baseline.{s}"), latest=_int(c, f"outcome.latest.{s}")
            )
            for s in get_args(OutcomeStatus)
        ],
    )


def attendance(c: Counters) -> list[MonthAttendance]:
    months = sorted({name.split(".")[1] for name in c if name.startswith("month.")})
    return [
        MonthAttendance(
            month=m,
            expected=_int(c, f"month.{m}.expected"),
            present=_int(c, f"month.{m}.present"),
            rate=rate(c.get(f"month.{m}.present", 0.0), c.get(f"month.{m}.expected", 0.0)),
        )
        for m in months
    ]


def build(summary: Summary) -> ProgrammeReport:
    c = summary.counters
    measured = _int(c, "growth.measured")
    return ProgrammeReport(
        programme_id=summary.programme_id,
        name=summary.name,
        applications=RoleCounts(
            mentees=_int(c, "applications.mentee"), mentors=_int(c, "applications.mentor")
        ),
        accepted=RoleCounts(mentees=_int(c, "accepted.mentee"), mentors=_int(c, "accepted.mentor")),
        matched=RoleCounts(mentees=_int(c, "matched.mentee"), mentors=_int(c, "matched.mentor")),
        relationships=RelationshipCounts(
            active=_int(c, "relationships.active"),
            completed=_int(c, "relationships.completed"),
            ended_early=_int(c, "relationships.ended_early"),
        ),
        sessions=SessionCounts(planned=_int(c, "sessions.planned"), held=_int(c, "sessions.held")),
        attendance_rate=rate(c.get("attendance.present", 0.0), c.get("attendance.expected", 0.0)),
        attendance=attendance(c),
        late_mentor_absences=_int(c, "absences.late_mentor"),
        diary_completion=Completion(
            done=_int(c, "diary.written"),
            due=_int(c, "diary.due"),
            rate=rate(c.get("diary.written", 0.0), c.get("diary.due", 0.0)),
        ),
        questionnaire_completion=Completion(
            done=_int(c, "questionnaires.submitted"),
            due=_int(c, "questionnaires.assigned"),
            rate=rate(c.get("questionnaires.submitted", 0.0), c.get("questionnaires.assigned", 0.0)),
        ),
        questionnaires=[
            QuestionnaireCompletion(
                kind=k,
                submitted=_int(c, f"questionnaires.submitted.{k}"),
                assigned=_int(c, f"questionnaires.assigned.{k}"),
                rate=rate(
                    c.get(f"questionnaires.submitted.{k}", 0.0), c.get(f"questionnaires.assigned.{k}", 0.0)
                ),
            )
            for k in get_args(QuestionnaireKind)
        ],
        ratings=ratings(c),
        outcomes=outcomes(c),
        mentor_growth=MentorGrowth(
            measured=measured,
            mean_start=round(c.get("growth.start_sum", 0.0) / measured, 2) if measured else None,
            mean_end=round(c.get("growth.end_sum", 0.0) / measured, 2) if measured else None,
            improved=_int(c, "growth.improved"),
        ),
    )


def programme_report(principal: Principal, programme_id: str, store: ReportStore) -> ProgrammeReport:
    return build(programme_summary(principal, programme_id, store))


# --- the CSV: one row per mentee -------------------------------------------------------------------

CSV_COLUMNS = (
    "mentee",
    "relationship",
    "sessions_expected",
    "sessions_attended",
    "diaries_written",
    "questionnaires_assigned",
    "questionnaires_submitted",
    "rating_start",
    "rating_now",
    "status_at_start",
    "living_at_start",
    "status_latest",
    "living_latest",
    "moved_into_living",
)


def spreadsheet_safe(value: object) -> str:
    """A cell a spreadsheet shows as text: one that starts like a formula is prefixed with `'`."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def pseudonym(secret: str, participant_id: str) -> str:
    """A keyed hash of the participant id (HMAC-SHA256 with the municipality's own secret)."""
    digest = hmac.new(secret.encode(), participant_id.encode(), hashlib.sha256).hexdigest()
    return f"p{digest[:16]}"


def pseudonym_secret(store: ReportStore, tenant_id: str) -> str:
    found = load(store, tenant_id, PseudonymKey, PseudonymKey(secret="").key())
    if found is not None:
        return found.secret
    made = PseudonymKey(secret=secrets.token_hex(32))
    try:
        store.commit([Write(tenant_id, made.key(), made.model_dump(mode="json"), 0)])
    except Exception:
        again = load(store, tenant_id, PseudonymKey, made.key())  # made by a concurrent request
        if again is None:
            raise
        return again.secret
    return made.secret


def _row(secret: str, person: PersonRow) -> list[str]:
    base, latest = person.baseline, person.latest
    moved = (latest.living_work and not base.living_work) if base and latest else None
    values: list[object] = [
        pseudonym(secret, person.participant_id),
        person.relationship or "",
        person.sessions_expected,
        person.sessions_attended,
        person.diaries_written,
        person.questionnaires_assigned,
        person.questionnaires_submitted,
        person.rating_start,
        person.rating_now,
        base.status if base else None,
        base.secures_living if base else None,
        latest.status if latest else None,
        latest.secures_living if latest else None,
        moved,
    ]
    return [spreadsheet_safe(v) for v in values]


def programme_csv(principal: Principal, programme_id: str, store: ReportStore) -> str:
    programme_summary(principal, programme_id, store)  # the caller's own programme, or 404
    tenant_id = principal.require_tenant()
    secret = pseudonym_secret(store, tenant_id)
    people = [
        PersonRow.model_validate(s.document) for s in store.query(tenant_id, people_prefix(programme_id))
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    rows = [_row(secret, p) for p in people if p.role == "mentee"]
    writer.writerows(sorted(rows))  # by pseudonym: the order says nothing about who joined when
    return out.getvalue()


# --- risks ------------------------------------------------------------------------------------------


def today_in(summary: Summary, now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(ZoneInfo(summary.timezone)).date()


def programme_risks(
    principal: Principal, programme_id: str, store: ReportStore, now: datetime | None = None
) -> Risks:
    summary = programme_summary(principal, programme_id, store)
    tenant_id = principal.require_tenant()
    today = today_in(summary, now)
    found = []
    for stored in store.query(tenant_id, relationships_prefix(programme_id)):
        relationship = RelationshipRow.model_validate(stored.document)
        current = reasons(relationship, summary.cadence_days, today)
        if current:
            found.append(
                RelationshipAtRisk(
                    match_id=relationship.match_id,
                    reasons=current,
                    mentee_count=len(relationship.mentee_ids),
                    started_on=relationship.started_on,
                    last_session_on=relationship.last_held_on,
                    last_diary_on=relationship.last_diary_on,
                )
            )
    found.sort(key=lambda r: (-len(r.reasons), r.match_id))
    return Risks(programme_id=programme_id, evaluated_on=today, relationships=found)
