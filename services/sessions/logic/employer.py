"""A linked employer's view of a mentee (seed 002): their own goals for the mentee's relationship, and its
progress — goal status, attendance, the mid-term rating trend. Sessions learns the links from intake's
EmployerLinked / EmployerLinkEnded and the ratings from monitoring's MidtermReviewRecorded.

An employer without a live link to the mentee gets 404, never 403: whether the mentee exists is not theirs
to learn. The diary, answers, remarks and reflections are never read here."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

from services.sessions.employer_schemas import (
    AttendanceCount,
    EmployerMentee,
    EmployerProgress,
    GoalProgress,
    GoalRatingTrend,
    RatingPoint,
    RatingTrend,
)
from services.sessions.logic.goals import save_goals
from services.sessions.logic.ports import SessionsRecords
from services.sessions.models import EmployerLink, Goals, MenteeReview, MidtermRatings, Relationship
from services.sessions.schemas import GoalsWrite
from shared import audit
from shared.auth import Principal, Role
from shared.errors import NotFound, RuleViolation
from shared.events.catalog import EmployerLinked, EmployerLinkEnded, MidtermReviewRecorded
from shared.events.envelope import Metadata
from shared.events.publisher import Publisher

_NOT_LINKED = "No such mentee."


class EmployerRecords(SessionsRecords, Protocol):
    def save_employer_link(self, link: EmployerLink) -> None: ...
    def employer_link(
        self, tenant_id: str, employer_user_id: str, participant_id: str
    ) -> EmployerLink | None: ...
    def employer_links_of(self, tenant_id: str, employer_user_id: str) -> list[EmployerLink]: ...
    def midterm_ratings(self, tenant_id: str, match_id: str) -> MidtermRatings: ...
    def save_midterm_ratings(self, tenant_id: str, ratings: MidtermRatings) -> None: ...
    def relationships_with(self, tenant_id: str, participant_id: str) -> list[Relationship]: ...


# --- projections ------------------------------------------------------------------------------------


def project_link(meta: Metadata, data: EmployerLinked | EmployerLinkEnded, store: EmployerRecords) -> None:
    known = store.employer_link(meta.tenant_id, data.employer_user_id, data.participant_id)
    ending = isinstance(data, EmployerLinkEnded)
    if not ending and known is not None and known.link_id == data.link_id and not known.active:
        return  # the end of this very link arrived first: it stays ended
    store.save_employer_link(
        EmployerLink(
            tenant_id=meta.tenant_id,
            link_id=data.link_id,
            participant_id=data.participant_id,
            employer_user_id=data.employer_user_id,
            active=not ending,
        )
    )


def project_midterm(meta: Metadata, data: MidtermReviewRecorded, store: EmployerRecords) -> None:
    """Each review's numbers join the relationship's series (the consumer sees each event once)."""
    held = store.midterm_ratings(meta.tenant_id, data.match_id)
    for rating in data.ratings:
        series = held.mentees.setdefault(rating.mentee_id, [])
        series.append(
            MenteeReview(
                recorded_on=data.recorded_on,
                rating_start=rating.rating_start,
                rating_now=rating.rating_now,
                goals=[(g.goal, g.rating_start, g.rating_now) for g in rating.goals],
            )
        )
        series.sort(key=lambda r: r.recorded_on)
    store.save_midterm_ratings(meta.tenant_id, held)


# --- the employer's reads and writes ------------------------------------------------------------------


def _linked(
    principal: Principal, participant_id: str, store: EmployerRecords
) -> tuple[str, Relationship | None]:
    """The tenant and the mentee's current relationship (None before a match), for a live link only."""
    principal.require(Role.EMPLOYER)
    tenant_id = principal.require_tenant()
    link = store.employer_link(tenant_id, principal.user_id, participant_id)
    if link is None or not link.active:
        raise NotFound(_NOT_LINKED)
    return tenant_id, current_relationship(store.relationships_with(tenant_id, participant_id))


def current_relationship(relationships: list[Relationship]) -> Relationship | None:
    """The active relationship, else the one that closed last."""
    active = [r for r in relationships if r.status == "active"]
    if active:
        return active[0]
    closed = sorted(relationships, key=lambda r: r.ended_at or datetime.min.replace(tzinfo=UTC))
    return closed[-1] if closed else None


def my_mentees(principal: Principal, store: EmployerRecords) -> list[EmployerMentee]:
    principal.require(Role.EMPLOYER)
    tenant_id = principal.require_tenant()
    out = []
    for link in store.employer_links_of(tenant_id, principal.user_id):
        if not link.active:
            continue
        relationship = current_relationship(store.relationships_with(tenant_id, link.participant_id))
        out.append(
            EmployerMentee(
                participant_id=link.participant_id,
                programme_id=relationship.programme_id if relationship else None,
                match_id=relationship.match_id if relationship else None,
            )
        )
    return out


def write_employer_goals(
    principal: Principal, participant_id: str, body: GoalsWrite, store: EmployerRecords, publisher: Publisher
) -> Goals:
    tenant_id, relationship = _linked(principal, participant_id, store)
    if relationship is None or relationship.status != "active":
        raise RuleViolation(
            "Goals are set for a running relationship; the mentee has none now.", rule="relationship_required"
        )
    saved = save_goals(
        tenant_id,
        relationship.match_id,
        relationship.programme_id,
        participant_id,
        body,
        store,
        publisher,
        set_by="employer",
        set_by_person_id=principal.person_id,
    )
    audit.record(principal, "change", "goals", participant_id, relationship.match_id)
    return saved


def progress(principal: Principal, participant_id: str, store: EmployerRecords) -> EmployerProgress:
    tenant_id, relationship = _linked(principal, participant_id, store)
    if relationship is None:
        return EmployerProgress(
            participant_id=participant_id,
            match_id=None,
            relationship_status="not_matched",
            goals=[],
            attendance=AttendanceCount(sessions_held=0, attended=0, missed=0, sessions_planned=0),
            ratings=RatingTrend(overall=[]),
        )
    match_id = relationship.match_id
    every = store.goals(tenant_id, match_id)
    goals: list[GoalProgress] = []
    for setter in ("employer", "mentee"):
        of = next((g for g in every if g.mentee_id == participant_id and g.set_by == setter), None)
        for number, goal in enumerate(of.goals if of else [], start=1):
            goals.append(
                GoalProgress(
                    number=number,
                    set_by=of.set_by if of and of.set_by else "mentee",
                    # The employer reads the titles they wrote; the mentee's own goals stay theirs.
                    title=goal.title if setter == "employer" else None,
                    status=goal.status,
                    target_date=goal.target_date,
                )
            )
    sessions = store.plan(tenant_id, match_id).sessions
    held = [s for s in sessions if s.status == "held"]
    attended = sum(1 for s in held if participant_id in s.present)
    planned = sum(1 for s in sessions if s.status == "planned")
    reviews = store.midterm_ratings(tenant_id, match_id).mentees.get(participant_id, [])
    numbers = sorted({g for r in reviews for g, _, _ in r.goals})
    trend = RatingTrend(
        overall=[
            RatingPoint(recorded_on=r.recorded_on, rating_start=r.rating_start, rating_now=r.rating_now)
            for r in reviews
        ],
        goals=[
            GoalRatingTrend(
                goal=n,
                points=[
                    RatingPoint(recorded_on=r.recorded_on, rating_start=s, rating_now=w)
                    for r in reviews
                    for g, s, w in r.goals
                    if g == n
                ],
            )
            for n in numbers
        ],
    )
    audit.record(principal, "read", "progress", participant_id, match_id)
    return EmployerProgress(
        participant_id=participant_id,
        match_id=match_id,
        relationship_status=relationship.status,
        goals=goals,
        attendance=AttendanceCount(
            sessions_held=len(held), attended=attended, missed=len(held) - attended, sessions_planned=planned
        ),
        ratings=trend,
    )


def own_goals(principal: Principal, participant_id: str, store: EmployerRecords) -> Goals | None:
    """The goals this employer set for the mentee's current relationship (their form starts from them)."""
    tenant_id, relationship = _linked(principal, participant_id, store)
    if relationship is None:
        return None
    every = store.goals(tenant_id, relationship.match_id)
    return next((g for g in every if g.mentee_id == participant_id and g.set_by == "employer"), None)
