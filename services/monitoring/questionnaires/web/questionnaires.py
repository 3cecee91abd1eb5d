"""A person's questionnaires: the list (`/app/{slug}/questionnaires`) and one questionnaire
(`/app/{slug}/questionnaires/{assignment_id}`, the link notifications mails) to fill in, save as a draft
and submit. The manager reads a submitted one; the mentor reads a mentee's shared answers."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response

from services.monitoring.deps import publisher
from services.monitoring.questionnaires import logic
from services.monitoring.questionnaires.deps import store
from services.monitoring.questionnaires.models import AnswerValue
from services.monitoring.questionnaires.routing import router
from services.monitoring.questionnaires.schemas import AnswersWrite, QuestionnaireView
from services.monitoring.questionnaires.web import web
from services.monitoring.questionnaires.web.common import TAGS, Lang, event, rule_text, whole
from shared.auth import Role
from shared.errors import Conflict, RuleViolation
from shared.web.pages import Visit, page_responses


def _visit(slug: str) -> Visit:
    return web.visit(event(), slug, Role.MENTOR, Role.MENTEE, Role.MANAGER)


@router.get(
    "/app/<tenant_slug>/questionnaires",
    tags=TAGS,
    summary="My questionnaires: what to fill in, by when, and what is done",
    responses=page_responses("the list of the person's questionnaires"),
)
def my_questionnaires_page(tenant_slug: str, lang: Lang = None) -> Response[str]:
    visit = web.visit(event(), tenant_slug, Role.MENTOR, Role.MENTEE)
    mine = logic.my_questionnaires(visit.signed_in, store(), lang=visit.lang)
    return web.render(visit, "questionnaires.html", mine=mine.questionnaires)


def _page(
    visit: Visit,
    shown: QuestionnaireView,
    reader: str,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, AnswerValue] | None = None,
) -> Response[str]:
    return web.render(
        visit,
        "questionnaire.html",
        status=status,
        q=shown,
        reader=reader,
        writes=reader == "assignee" and shown.status != "submitted",
        errors=errors or {},
        values=values if values is not None else shown.answers,
    )


@router.get(
    "/app/<tenant_slug>/questionnaires/<assignment_id>",
    tags=TAGS,
    summary="One questionnaire: the form for its assignee; the answers others may read",
    responses=page_responses("the questionnaire"),
)
def questionnaire_page(tenant_slug: str, assignment_id: str, lang: Lang = None) -> Response[str]:
    visit = _visit(tenant_slug)
    shown, reader = logic.read_questionnaire(visit.signed_in, assignment_id, store(), lang=visit.lang)
    return _page(visit, shown, reader)


def _answers(shown: QuestionnaireView, fields: dict[str, list[str]]) -> dict[str, AnswerValue]:
    """The form's answers as the API takes them: every question, an empty one cleared."""
    answers: dict[str, AnswerValue] = {}
    for question in shown.questions:
        posted = [v.strip() for v in fields.get(f"q-{question.question_id}") or []]
        if question.kind == "multiple_choice":
            answers[question.question_id] = [v for v in posted if v]
            continue
        value = posted[0] if posted else ""
        number = whole(value) if question.kind == "scale" and value else None
        answers[question.question_id] = number if number is not None else value
    return answers


def _error_text(visit: Visit, shown: QuestionnaireView, refused: RuleViolation) -> tuple[str, str]:
    question_id = str(refused.extensions.get("question_id") or shown.questions[0].question_id)
    question = next((q for q in shown.questions if q.question_id == question_id), shown.questions[0])
    rule = str(refused.extensions.get("rule"))
    if question.kind == "scale" and rule != "answer_required":
        return f"q-{question_id}", visit.t("error.scale", min=question.min, max=question.max)
    if rule == "answer_required":
        return f"q-{question_id}", visit.t("error.required")
    return f"q-{question_id}", visit.t("error.answer")


@router.post(
    "/app/<tenant_slug>/questionnaires/<assignment_id>",
    tags=TAGS,
    summary="Save the answers as a draft, or submit them (once)",
    responses=page_responses(
        "saved or submitted: on to the questionnaire or the list",
        status=303,
        _409="the questionnaire again: it was submitted already",
        _422="the questionnaire again, with the mistake at its question",
    ),
)
def answer_questionnaire(tenant_slug: str, assignment_id: str) -> Response[str]:
    visit = _visit(tenant_slug)
    shown, reader = logic.read_questionnaire(visit.signed_in, assignment_id, store(), lang=visit.lang)
    fields = web.form(visit)
    submit = (fields.get("action") or [""])[0] == "submit"
    answers = _answers(shown, fields)
    try:
        logic.respond(
            visit.signed_in, assignment_id, AnswersWrite(answers=answers, submit=submit), store(), publisher()
        )
    except RuleViolation as refused:
        name, text = _error_text(visit, shown, refused)
        return _page(visit, shown, reader, status=422, errors={name: text}, values=answers)
    except Conflict as refused:
        first = f"q-{shown.questions[0].question_id}"
        return _page(
            visit, shown, reader, status=409, errors={first: rule_text(visit, refused)}, values=answers
        )
    if submit:
        return web.redirect(visit, visit.app_path("questionnaires"), "questionnaire.flash.submitted")
    return web.redirect(visit, visit.app_path("questionnaires", assignment_id), "questionnaire.flash.saved")
