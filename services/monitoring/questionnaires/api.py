"""The questionnaires API (API.md "monitoring"; the templates in README.md's additions). Thin routes: who
may do what is decided in `logic`, from the token's tenant."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path

from services.monitoring.deps import publisher
from services.monitoring.metrics import count
from services.monitoring.questionnaires import logic
from services.monitoring.questionnaires.deps import store
from services.monitoring.questionnaires.routing import TAGS, caller, router
from services.monitoring.questionnaires.schemas import (
    AnswersWrite,
    FinalReview,
    FinalReviewWrite,
    MidtermReview,
    MidtermReviewWrite,
    MyQuestionnaires,
    OutcomeHistory,
    OutcomeWrite,
    QuestionnaireView,
    TemplateInUse,
    TemplateSet,
    TemplateWrite,
)
from shared.events.catalog import QuestionnaireKind
from shared.http import answer

QUESTIONNAIRES_SUBMITTED = "QuestionnairesSubmitted"
REVIEWS_RECORDED = "ReviewsRecorded"
Kind = Annotated[
    QuestionnaireKind, Path(description="initial, midterm, final, mentor_self_assessment, satisfaction")
]


def _idempotency_key() -> str | None:
    return router.current_event.headers.get("idempotency-key")


@router.get("/v1/programmes/<programme_id>/questionnaire-templates", tags=TAGS)
def list_templates(programme_id: str) -> TemplateSet:
    return logic.list_templates(caller(), programme_id, store())


@router.put("/v1/programmes/<programme_id>/questionnaire-templates/<kind>", tags=TAGS)
def adapt_template(programme_id: str, kind: Kind, body: Annotated[TemplateWrite, Body()]) -> TemplateInUse:
    return logic.adapt_template(caller(), programme_id, kind, body, store())


@router.get("/v1/me/questionnaires", tags=TAGS)
def my_questionnaires() -> MyQuestionnaires:
    return logic.my_questionnaires(caller(), store())


@router.get("/v1/questionnaires/<assignment_id>", tags=TAGS)
def read_questionnaire(assignment_id: str) -> QuestionnaireView:
    return logic.read_questionnaire(caller(), assignment_id, store())[0]


@router.post("/v1/questionnaires/<assignment_id>/responses", tags=TAGS)
def respond(assignment_id: str, body: Annotated[AnswersWrite, Body()]) -> QuestionnaireView:
    answered = logic.respond(
        caller(), assignment_id, body, store(), publisher(), idempotency_key=_idempotency_key()
    )
    if answered.status == "submitted":
        count(QUESTIONNAIRES_SUBMITTED)
    return answered


@router.post(
    "/v1/matches/<match_id>/midterm-review", tags=TAGS, status_code=201, response_description="recorded"
)
def midterm_review(match_id: str, body: Annotated[MidtermReviewWrite, Body()]) -> Response[MidtermReview]:
    review = logic.record_midterm_review(
        caller(), match_id, body, store(), publisher(), idempotency_key=_idempotency_key()
    )
    count(REVIEWS_RECORDED)
    return answer(201, review)


@router.post(
    "/v1/matches/<match_id>/final-review",
    tags=TAGS,
    status_code=201,
    response_description="recorded: the relationship is closed",
)
def final_review(match_id: str, body: Annotated[FinalReviewWrite, Body()]) -> Response[FinalReview]:
    review = logic.record_final_review(
        caller(), match_id, body, store(), publisher(), idempotency_key=_idempotency_key()
    )
    count(REVIEWS_RECORDED)
    return answer(201, review)


@router.get("/v1/participants/<participant_id>/outcome", tags=TAGS)
def read_outcome(participant_id: str) -> OutcomeHistory:
    return logic.read_outcomes(caller(), participant_id, store())


@router.put("/v1/participants/<participant_id>/outcome", tags=TAGS)
def record_outcome(participant_id: str, body: Annotated[OutcomeWrite, Body()]) -> OutcomeHistory:
    return logic.record_outcome(caller(), participant_id, body, store(), publisher())
