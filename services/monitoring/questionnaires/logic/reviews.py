"""The mid-term review (the manager, with mentor and mentees) and the final review that closes a
relationship (the manager or its mentor)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TypeVar

from services.monitoring.questionnaires.logic.assignments import assign_final
from services.monitoring.questionnaires.logic.common import assignment_id, managed_relationship
from services.monitoring.questionnaires.logic.ports import QuestionnaireRecords
from services.monitoring.questionnaires.models import (
    FinalReview,
    MenteeConclusion,
    MenteeReview,
    MidtermReview,
    Relationship,
    ReviewComments,
)
from services.monitoring.questionnaires.schemas import FinalReviewWrite, MidtermReviewWrite
from shared import audit
from shared.auth import Principal, Role
from shared.errors import Conflict, Forbidden, NotFound, RuleViolation
from shared.events.catalog import GoalRating, MenteeRating, MidtermReviewRecorded, RelationshipClosed
from shared.events.publisher import OutgoingEvent, Publisher
from shared.idempotency import IdempotencyRace, IdempotentRequest


def _each_mentee_once(relationship: Relationship, named: list[str], field: str) -> None:
    """The review names every mentee of the relationship, each once, and nobody else."""
    for position, mentee_id in enumerate(named):
        if mentee_id not in relationship.mentee_ids or named.index(mentee_id) != position:
            raise RuleViolation(
                "Name each mentee of this relationship once.",
                rule="not_a_mentee_here",
                field=f"{field}.{position}.mentee_id",
            )
    if set(named) != set(relationship.mentee_ids):
        raise RuleViolation(
            "Every mentee of this relationship is needed.", rule="mentee_missing", field=field
        )


Recorded = TypeVar("Recorded", MidtermReview, FinalReview)


def _recalled(
    request: IdempotentRequest, store: QuestionnaireRecords, tenant_id: str, model: type[Recorded]
) -> Recorded:
    """The answer the request that won the race with the same key stored."""
    earlier = request.recall(store, tenant_id, model)
    assert earlier is not None
    return earlier


def _goals_known(relationship: Relationship, body: MidtermReviewWrite) -> None:
    """Each goal rated is one the mentee has (sessions' count), each once."""
    for position, mentee in enumerate(body.mentees):
        count, seen = relationship.goal_count(mentee.mentee_id), set()
        for index, rated in enumerate(mentee.goals):
            if rated.goal > count or rated.goal in seen:
                raise RuleViolation(
                    f"Rate each of the mentee's {count} goals at most once.",
                    rule="no_such_goal",
                    field=f"mentees.{position}.goals.{index}.goal",
                )
            seen.add(rated.goal)


def _still_open(relationship: Relationship) -> None:
    if relationship.status != "active":
        raise Conflict(
            "The relationship is over: nothing can be reviewed any more.", rule="relationship_over"
        )


def midterm_prefill(
    principal: Principal, match_id: str, store: QuestionnaireRecords
) -> tuple[Relationship, dict[str, dict[str, int]], MidtermReview | None]:
    """The relationship, each mentee's own mid-term self-rating where they gave one, and the review if it
    was recorded."""
    relationship = managed_relationship(principal, match_id, store)
    ratings: dict[str, dict[str, int]] = {}
    for mentee_id in relationship.mentee_ids:
        given = store.assignment(relationship.tenant_id, assignment_id(match_id, mentee_id, "midterm"))
        if given is not None and given.status == "submitted":
            ratings[mentee_id] = {
                k: int(v)
                for k, v in given.answers.items()
                if k in ("rating_start", "rating_now") and isinstance(v, int)
            }
    return relationship, ratings, store.midterm_review(relationship.tenant_id, match_id)


def record_midterm_review(
    principal: Principal,
    match_id: str,
    body: MidtermReviewWrite,
    store: QuestionnaireRecords,
    publisher: Publisher,
    today: date | None = None,
    *,
    idempotency_key: str | None = None,
) -> MidtermReview:
    relationship = managed_relationship(principal, match_id, store)
    request = IdempotentRequest.of(idempotency_key, scope=f"midterm-review#{match_id}", body=body)
    if request and (earlier := request.recall(store, relationship.tenant_id, MidtermReview)):
        return earlier
    _still_open(relationship)
    _each_mentee_once(relationship, [m.mentee_id for m in body.mentees], "mentees")
    _goals_known(relationship, body)
    review = MidtermReview(
        match_id=match_id,
        programme_id=relationship.programme_id,
        mentees=[MenteeReview.model_validate(m.model_dump()) for m in body.mentees],
        topics_until_end=body.topics_until_end,
        comments=ReviewComments.model_validate(body.comments.model_dump()),
        improvements=body.improvements,
        recorded_on=today or datetime.now(UTC).date(),
        recorded_by=principal.person_id or principal.user_id,
    )
    recorded = MidtermReviewRecorded(
        match_id=match_id,
        programme_id=relationship.programme_id,
        ratings=[
            MenteeRating(
                mentee_id=m.mentee_id,
                rating_start=m.rating_start,
                rating_now=m.rating_now,
                goals=[GoalRating.model_validate(g.model_dump()) for g in m.goals],
            )
            for m in review.mentees
        ],
        recorded_on=review.recorded_on,
    )
    try:
        with publisher.along([OutgoingEvent(relationship.tenant_id, recorded)]):
            added = store.add_midterm_review(
                relationship.tenant_id, review, idempotency=request.answered(review) if request else None
            )
            if not added:  # raised inside the block: the event is not written
                raise Conflict("The mid-term review was recorded already.", rule="midterm_review_recorded")
    except IdempotencyRace:
        assert request is not None  # only a request with a key can race
        return _recalled(request, store, relationship.tenant_id, MidtermReview)
    audit.record_many(principal, "change", "review", [(m, match_id) for m in relationship.mentee_ids])
    return review


def final_relationship(principal: Principal, match_id: str, store: QuestionnaireRecords) -> Relationship:
    """A relationship its manager or its mentor may close (mentees: 403; not one's own: 404)."""
    principal.require(Role.MANAGER, Role.MENTOR, Role.MENTEE)
    tenant_id = principal.require_tenant()
    relationship = store.relationship(tenant_id, match_id)
    if relationship is None:
        raise NotFound("No such relationship.")
    if principal.has(Role.MANAGER):
        return relationship
    member = relationship.participant_of(principal.person_id)
    if member is None:
        raise NotFound("No such relationship.")
    if member != relationship.mentor_id:
        raise Forbidden("The manager or the mentor records the final review.", rule="not_the_mentor")
    return relationship


def record_final_review(
    principal: Principal,
    match_id: str,
    body: FinalReviewWrite,
    store: QuestionnaireRecords,
    publisher: Publisher,
    today: date | None = None,
    *,
    idempotency_key: str | None = None,
) -> FinalReview:
    relationship = final_relationship(principal, match_id, store)
    request = IdempotentRequest.of(idempotency_key, scope=f"final-review#{match_id}", body=body)
    if request and (earlier := request.recall(store, relationship.tenant_id, FinalReview)):
        return earlier
    _each_mentee_once(relationship, [c.mentee_id for c in body.conclusions], "conclusions")
    if store.final_review(relationship.tenant_id, match_id) is not None:
        raise Conflict("The final review was recorded already.", rule="final_review_recorded")
    _still_open(relationship)
    today = today or datetime.now(UTC).date()
    review = FinalReview(
        match_id=match_id,
        programme_id=relationship.programme_id,
        conclusions=[MenteeConclusion.model_validate(c.model_dump()) for c in body.conclusions],
        closed_on=body.closed_on or today,
        recorded_by=principal.person_id or principal.user_id,
    )
    closing = RelationshipClosed(
        match_id=match_id,
        programme_id=relationship.programme_id,
        mentor_id=relationship.mentor_id,
        mentee_ids=list(relationship.mentee_ids),
        closed_on=review.closed_on,
    )
    # The event commits with the review (the fact it announces); monitoring's copy of the relationship after.
    try:
        with publisher.along([OutgoingEvent(relationship.tenant_id, closing)]):
            added = store.add_final_review(
                relationship.tenant_id, review, idempotency=request.answered(review) if request else None
            )
            if not added:  # raised inside the block: the event is not written
                raise Conflict("The final review was recorded already.", rule="final_review_recorded")
    except IdempotencyRace:
        assert request is not None  # only a request with a key can race
        return _recalled(request, store, relationship.tenant_id, FinalReview)
    closed = relationship.model_copy(update={"status": "closed", "closed_on": review.closed_on})
    store.save_relationship(closed)
    # Closed before the final questionnaire's time: it comes now (each once).
    assign_final(closed, store, publisher, today=today)
    audit.record_many(principal, "change", "review", [(m, match_id) for m in relationship.mentee_ids])
    return review
