"""A mentor takes a module's online assessment (Q-SER, seed 004): the questions in their language, one
answer per question (or every right one where several are), the score and whether it passed. Passing
records the module as a trainer's record would."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query

from services.intake.assessments import logic
from services.intake.assessments.models import AssessmentToTake, AttemptResult, AttemptWrite
from services.intake.assessments.store import AssessmentsStore
from services.intake.deps import publisher
from services.intake.web import router, web
from services.intake.web.participants import module_name
from shared.auth import Role
from shared.errors import RuleViolation
from shared.web.pages import Visit, page_responses

Lang = Annotated[str | None, Query(description="en, de or pl; remembered for the next pages", max_length=8)]
TAGS = ["web: training"]
PATH = "/app/<tenant_slug>/programmes/<programme_id>/assessments/<module>"


def _event() -> dict[str, object]:
    return router.current_event.raw_event


def _page(
    visit: Visit,
    taking: AssessmentToTake,
    *,
    chosen: dict[str, list[int]] | None = None,
    errors: dict[str, str] | None = None,
    result: AttemptResult | None = None,
    status: int = 200,
) -> Response[str]:
    return web.render(
        visit,
        "mentor_assessment.html",
        status=status,
        taking=taking,
        module=module_name(visit, taking.module),
        chosen=chosen or {},
        errors=errors or {},
        result=result,
    )


@router.get(
    PATH, tags=TAGS, summary="A module's assessment, to take", responses=page_responses("the questions")
)
def assessment_page(tenant_slug: str, programme_id: str, module: str, lang: Lang = None) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, Role.MENTOR)
    taking = logic.assessment_to_take(visit.signed_in, programme_id, module, visit.lang, AssessmentsStore())
    return _page(visit, taking)


@router.post(
    PATH,
    tags=TAGS,
    summary="Send a module's assessment",
    responses=page_responses(
        "the score, passed or not", _422="the questions again, each unanswered one marked"
    ),
)
def take_assessment(tenant_slug: str, programme_id: str, module: str) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, Role.MENTOR)
    store = AssessmentsStore()
    taking = logic.assessment_to_take(visit.signed_in, programme_id, module, visit.lang, store)
    form = web.form(visit)
    chosen = {
        q.question_id: [int(v) for v in form.get(f"q-{q.question_id}", []) if v.isdigit() and int(v) < 8]
        for q in taking.questions
    }
    answers = AttemptWrite(answers={qid: picked for qid, picked in chosen.items() if picked})
    try:
        result = logic.take_assessment(visit.signed_in, programme_id, module, answers, store, publisher())
    except RuleViolation as exc:
        if exc.extensions.get("rule") != "answer_every_question":
            raise
        missing = [str(e["field"]).removeprefix("answers.") for e in exc.extensions.get("errors", [])]
        errors = {f"q-{qid}": visit.t("assessment.error.unanswered") for qid in missing}
        return _page(visit, taking, chosen=chosen, errors=errors, status=422)
    return _page(visit, taking, chosen=chosen, result=result)
