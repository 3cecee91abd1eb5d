"""The manager's review forms, reached from a relationship's pages: the mid-term review
(`/app/{slug}/matches/{match_id}/midterm-review`, pre-filled from the mentees' own mid-term ratings), the
final review that closes the relationship (`.../final-review`, the manager or the mentor), and a
participant's outcome with its history (`/app/{slug}/participants/{participant_id}/outcome`)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from aws_lambda_powertools.event_handler import Response
from pydantic import ValidationError

from services.monitoring.deps import publisher
from services.monitoring.questionnaires import logic
from services.monitoring.questionnaires.deps import store
from services.monitoring.questionnaires.logic.reviews import final_relationship
from services.monitoring.questionnaires.models import Relationship
from services.monitoring.questionnaires.routing import router
from services.monitoring.questionnaires.schemas import FinalReviewWrite, MidtermReviewWrite, OutcomeWrite
from services.monitoring.questionnaires.web import web
from services.monitoring.questionnaires.web.common import (
    TAGS,
    Lang,
    event,
    field,
    member_name,
    rule_text,
    whole,
)
from shared.auth import Role
from shared.errors import Conflict, RuleViolation
from shared.web.pages import Visit, page_responses

RATINGS = range(4, 11)
STATUSES = ("employed", "self_employed", "education", "unemployed", "other")
MIDTERM_TEXTS = (
    "topics_until_end",
    "comments_mentees",
    "comments_mentor",
    "comments_manager",
    "improvements",
)


def _mentees(visit: Visit, relationship: Relationship) -> list[tuple[str, str, int]]:
    """Each mentee: id, name, and how many goals they have (each rated on its own, if the review wants)."""
    return [
        (m, member_name(visit, relationship, m), relationship.goal_count(m)) for m in relationship.mentee_ids
    ]


def _goal_ratings(
    visit: Visit,
    fields: Any,
    relationship: Relationship,
    mentee_id: str,
    values: dict[str, Any],
    errors: dict[str, str],
) -> list[dict[str, int | None]]:
    """A goal is rated with both numbers or left out (neither); one without the other is a mistake."""
    rated: list[dict[str, int | None]] = []
    for goal in range(1, relationship.goal_count(mentee_id) + 1):
        pair: dict[str, int | None] = {"goal": goal}
        names = {part: f"goal_{part}-{mentee_id}-{goal}" for part in ("start", "now")}
        for name in names.values():
            values[name] = field(fields, name)
        if not any(values[name] for name in names.values()):
            continue
        for part, name in names.items():
            number = whole(values[name])
            if number is None or number not in RATINGS:
                errors[name] = visit.t("error.goal_rating")
            pair[f"rating_{part}"] = number
        rated.append(pair)
    return rated


# --- the mid-term review ------------------------------------------------------------------------------


def _midterm_page(
    visit: Visit,
    match_id: str,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
) -> Response[str]:
    relationship, ratings, review = logic.midterm_prefill(visit.signed_in, match_id, store())
    if values is None:
        values = {}
        for mentee_id, given in ratings.items():
            values[f"rating_start-{mentee_id}"] = given.get("rating_start", "")
            values[f"rating_now-{mentee_id}"] = given.get("rating_now", "")
    return web.render(
        visit,
        "midterm_review.html",
        status=status,
        relationship=relationship,
        mentees=_mentees(visit, relationship),
        prefilled=bool(ratings),
        review=review,
        errors=errors or {},
        values=values,
        ratings=[(str(r), str(r)) for r in RATINGS],
    )


@router.get(
    "/app/<tenant_slug>/matches/<match_id>/midterm-review",
    tags=TAGS,
    summary="The mid-term review form (pre-filled from the mentees' self-ratings), or the review recorded",
    responses=page_responses("the mid-term review"),
)
def midterm_review_page(tenant_slug: str, match_id: str, lang: Lang = None) -> Response[str]:
    visit = web.visit(event(), tenant_slug, Role.MANAGER)
    return _midterm_page(visit, match_id)


@router.post(
    "/app/<tenant_slug>/matches/<match_id>/midterm-review",
    tags=TAGS,
    summary="Record the mid-term review",
    responses=page_responses(
        "recorded: back to the review",
        status=303,
        _409="the review again: it was recorded already, or the relationship is over",
        _422="the form again, with each mistake at its field",
    ),
)
def record_midterm_review(tenant_slug: str, match_id: str) -> Response[str]:
    visit = web.visit(event(), tenant_slug, Role.MANAGER)
    relationship, _, _ = logic.midterm_prefill(visit.signed_in, match_id, store())
    fields = web.form(visit)
    values: dict[str, Any] = {k: field(fields, k) for k in MIDTERM_TEXTS}
    errors: dict[str, str] = {}
    mentees = []
    for mentee_id in relationship.mentee_ids:
        row: dict[str, Any] = {"mentee_id": mentee_id, "next_steps": field(fields, f"next_steps-{mentee_id}")}
        values[f"next_steps-{mentee_id}"] = row["next_steps"]
        for part in ("rating_start", "rating_now"):
            name = f"{part}-{mentee_id}"
            values[name] = field(fields, name)
            number = whole(values[name])
            if number is None or number not in RATINGS:
                errors[name] = visit.t("error.rating")
            row[part] = number
        row["goals"] = _goal_ratings(visit, fields, relationship, mentee_id, values, errors)
        mentees.append(row)
    if errors:
        return _midterm_page(visit, match_id, status=422, errors=errors, values=values)
    try:
        body = MidtermReviewWrite.model_validate(
            {
                "mentees": mentees,
                "topics_until_end": values["topics_until_end"],
                "comments": {
                    "mentees": values["comments_mentees"],
                    "mentor": values["comments_mentor"],
                    "manager": values["comments_manager"],
                },
                "improvements": values["improvements"],
            }
        )
    except ValidationError:
        return _midterm_page(
            visit, match_id, status=422, errors={"topics_until_end": visit.t("error.text")}, values=values
        )
    try:
        logic.record_midterm_review(visit.signed_in, match_id, body, store(), publisher())
    except (Conflict, RuleViolation) as refused:
        errors = {"topics_until_end": rule_text(visit, refused)}
        return _midterm_page(visit, match_id, status=refused.status, errors=errors, values=values)
    return web.redirect(visit, visit.app_path("matches", match_id, "midterm-review"), "review.flash.midterm")


# --- the final review ---------------------------------------------------------------------------------


def _final_visit(slug: str) -> Visit:
    return web.visit(event(), slug, Role.MANAGER, Role.MENTOR, Role.MENTEE)


def _final_page(
    visit: Visit,
    relationship: Relationship,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response[str]:
    review = store().final_review(relationship.tenant_id, relationship.match_id)
    return web.render(
        visit,
        "final_review.html",
        status=status,
        relationship=relationship,
        mentees=_mentees(visit, relationship),
        review=review,
        errors=errors or {},
        values=values or {},
    )


@router.get(
    "/app/<tenant_slug>/matches/<match_id>/final-review",
    tags=TAGS,
    summary="The final review form (the manager or the mentor), or the review recorded",
    responses=page_responses("the final review"),
)
def final_review_page(tenant_slug: str, match_id: str, lang: Lang = None) -> Response[str]:
    visit = _final_visit(tenant_slug)
    return _final_page(visit, final_relationship(visit.signed_in, match_id, store()))


@router.post(
    "/app/<tenant_slug>/matches/<match_id>/final-review",
    tags=TAGS,
    summary="Record the final review: the relationship is closed",
    responses=page_responses(
        "recorded: back to the review",
        status=303,
        _409="the review again: it was recorded already, or the relationship is over",
        _422="the form again, with each mistake at its field",
    ),
)
def record_final_review(tenant_slug: str, match_id: str) -> Response[str]:
    visit = _final_visit(tenant_slug)
    relationship = final_relationship(visit.signed_in, match_id, store())
    fields = web.form(visit)
    values = {f"conclusion-{m}": field(fields, f"conclusion-{m}") for m in relationship.mentee_ids}
    errors = {
        name: visit.t("error.conclusion") for name, text in values.items() if not text or len(text) > 4000
    }
    if errors:
        return _final_page(visit, relationship, status=422, errors=errors, values=values)
    body = FinalReviewWrite.model_validate(
        {
            "conclusions": [
                {"mentee_id": m, "conclusion": values[f"conclusion-{m}"]} for m in relationship.mentee_ids
            ]
        }
    )
    try:
        logic.record_final_review(visit.signed_in, match_id, body, store(), publisher())
    except (Conflict, RuleViolation) as refused:
        first = f"conclusion-{relationship.mentee_ids[0]}"
        return _final_page(
            visit,
            relationship,
            status=refused.status,
            errors={first: rule_text(visit, refused)},
            values=values,
        )
    return web.redirect(visit, visit.app_path("matches", match_id, "final-review"), "review.flash.final")


# --- outcomes -----------------------------------------------------------------------------------------


def _outcome_page(
    visit: Visit,
    participant_id: str,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response[str]:
    history = logic.read_outcomes(visit.signed_in, participant_id, store())
    return web.render(
        visit,
        "outcome.html",
        status=status,
        history=history,
        statuses=[(s, visit.t(f"outcome.status.{s}")) for s in STATUSES],
        living=[("yes", visit.t("outcome.yes")), ("no", visit.t("outcome.no"))],
        errors=errors or {},
        values=values or {"recorded_on": datetime.now(UTC).date().isoformat()},
    )


@router.get(
    "/app/<tenant_slug>/participants/<participant_id>/outcome",
    tags=TAGS,
    summary="A participant's outcomes (the baseline first) and the form for a new one",
    responses=page_responses("the outcomes"),
)
def outcome_page(tenant_slug: str, participant_id: str, lang: Lang = None) -> Response[str]:
    visit = web.visit(event(), tenant_slug, Role.MANAGER)
    return _outcome_page(visit, participant_id)


@router.post(
    "/app/<tenant_slug>/participants/<participant_id>/outcome",
    tags=TAGS,
    summary="Record where the participant stands now",
    responses=page_responses(
        "recorded: back to the outcomes", status=303, _422="the form again, with each mistake at its field"
    ),
)
def record_outcome(tenant_slug: str, participant_id: str) -> Response[str]:
    visit = web.visit(event(), tenant_slug, Role.MANAGER)
    logic.read_outcomes(visit.signed_in, participant_id, store())  # 404 before the form is read
    fields = web.form(visit)
    values = {k: field(fields, k) for k in ("status", "secures_living", "recorded_on")}
    errors: dict[str, str] = {}
    if values["status"] not in STATUSES:
        errors["status"] = visit.t("error.status")
    if values["secures_living"] not in ("yes", "no"):
        errors["secures_living"] = visit.t("error.secures_living")
    try:
        recorded_on = date.fromisoformat(values["recorded_on"])
    except ValueError:
        errors["recorded_on"] = visit.t("error.date")
    if errors:
        return _outcome_page(visit, participant_id, status=422, errors=errors, values=values)
    body = OutcomeWrite.model_validate(
        {
            "status": values["status"],
            "secures_living": values["secures_living"] == "yes",
            "recorded_on": recorded_on,
        }
    )
    logic.record_outcome(visit.signed_in, participant_id, body, store(), publisher())
    return web.redirect(visit, visit.app_path("participants", participant_id, "outcome"), "outcome.flash")
