"""A person's questionnaires: the list, one questionnaire in their language, a draft, the submission.

Only the assignee answers. The municipality's manager reads the answers; the mentor of the relationship
reads a mentee's answer only to a question the template marks shared, once submitted (issue 12).
"""

from __future__ import annotations

from datetime import UTC, datetime

from services.monitoring.questionnaires.logic.common import template_of, text_in
from services.monitoring.questionnaires.logic.outcomes import record_baseline, record_final_situation
from services.monitoring.questionnaires.logic.ports import QuestionnaireRecords
from services.monitoring.questionnaires.models import AnswerValue, Assignment, Question, Template
from services.monitoring.questionnaires.schemas import (
    AnswersWrite,
    AssignmentSummary,
    MyQuestionnaires,
    QuestionnaireView,
    QuestionView,
)
from shared import audit
from shared.auth import Principal, Role
from shared.errors import Conflict, Forbidden, NotFound, RuleViolation
from shared.events.catalog import QuestionnaireSubmitted
from shared.events.publisher import OutgoingEvent, Publisher
from shared.idempotency import IdempotencyRace, IdempotentRequest

LANGUAGES = ("en", "de", "pl")
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 4000
_MISSING = "No such questionnaire."


def language_of(principal: Principal, asked: str | None = None) -> str:
    for lang in (asked, principal.locale):
        if lang in LANGUAGES:
            return str(lang)
    return "en"


def _template(store: QuestionnaireRecords, assignment: Assignment) -> Template:
    return template_of(
        store,
        assignment.tenant_id,
        assignment.programme_id,
        assignment.kind,
        assignment.template_id,
        assignment.template_version,
    )


def my_questionnaires(
    principal: Principal, store: QuestionnaireRecords, lang: str | None = None
) -> MyQuestionnaires:
    principal.require(Role.MENTOR, Role.MENTEE)
    tenant_id = principal.require_tenant()
    if principal.person_id is None:
        return MyQuestionnaires(questionnaires=[])
    language = language_of(principal, lang)
    found = sorted(store.assignments_of(tenant_id, principal.person_id), key=lambda a: (a.due_on, a.kind))
    return MyQuestionnaires(
        questionnaires=[
            AssignmentSummary(
                assignment_id=a.assignment_id,
                match_id=a.match_id,
                kind=a.kind,
                title=text_in(_template(store, a).title, language),
                status=a.status,
                assigned_on=a.assigned_on,
                due_on=a.due_on,
                submitted_at=a.submitted_at,
            )
            for a in found
        ]
    )


def _reader_of(
    principal: Principal, assignment_id: str, store: QuestionnaireRecords
) -> tuple[Assignment, str]:
    """The assignment and how the caller reads it: "assignee", "manager" or "mentor" (shared answers)."""
    principal.require(Role.MENTOR, Role.MENTEE, Role.MANAGER)
    tenant_id = principal.require_tenant()
    assignment = store.assignment(tenant_id, assignment_id)
    if assignment is None:
        raise NotFound(_MISSING)
    if principal.person_id is not None and assignment.person_id == principal.person_id:
        return assignment, "assignee"
    if principal.has(Role.MANAGER):
        return assignment, "manager"
    relationship = store.relationship(tenant_id, assignment.match_id)
    if (
        relationship is not None
        and principal.person_id is not None
        and relationship.persons.get(relationship.mentor_id) == principal.person_id
    ):
        return assignment, "mentor"
    raise NotFound(_MISSING)


def _question_view(question: Question, lang: str) -> QuestionView:
    return QuestionView(
        question_id=question.question_id,
        kind=question.kind,
        label=text_in(question.label, lang),
        hint=text_in(question.hint, lang) if question.hint else "",
        required=question.required,
        min=question.min,
        max=question.max,
        choices=[{"value": c.value, "label": text_in(c.label, lang)} for c in question.choices],
        shared=question.shared,
    )


def view(assignment: Assignment, template: Template, lang: str, reader: str) -> QuestionnaireView:
    questions = template.questions
    answers = dict(assignment.answers)
    if reader == "mentor":
        shared = {q.question_id for q in questions if q.shared}
        questions = [q for q in questions if q.shared]
        answers = (
            {k: v for k, v in answers.items() if k in shared} if assignment.status == "submitted" else {}
        )
    return QuestionnaireView(
        assignment_id=assignment.assignment_id,
        match_id=assignment.match_id,
        participant_id=assignment.participant_id,
        kind=assignment.kind,
        template_id=assignment.template_id,
        template_version=assignment.template_version,
        language=lang,
        title=text_in(template.title, lang),
        status=assignment.status,
        due_on=assignment.due_on,
        questions=[_question_view(q, lang) for q in questions],
        answers=answers,
        saved_at=assignment.saved_at,
        submitted_at=assignment.submitted_at,
    )


def read_questionnaire(
    principal: Principal, assignment_id: str, store: QuestionnaireRecords, lang: str | None = None
) -> tuple[QuestionnaireView, str]:
    """The questionnaire as the caller may see it, and how they read it (the page shows a form or not)."""
    assignment, reader = _reader_of(principal, assignment_id, store)
    audit.record(principal, "read", "answers", assignment.participant_id, assignment_id)
    return view(assignment, _template(store, assignment), language_of(principal, lang), reader), reader


def _refused(question_id: str, detail: str, rule: str = "answer_invalid") -> RuleViolation:
    return RuleViolation(
        f"{question_id}: {detail}", rule=rule, field=f"answers.{question_id}", question_id=question_id
    )


def check_answer(question: Question, value: AnswerValue) -> AnswerValue:
    """The answer as stored, or 422 naming the question."""
    qid = question.question_id
    if question.kind == "scale":
        if isinstance(value, bool) or not isinstance(value, int):
            raise _refused(qid, "a whole number is needed.")
        assert question.min is not None and question.max is not None
        if not question.min <= value <= question.max:
            raise _refused(
                qid, f"must be from {question.min} to {question.max}.", rule="answer_out_of_bounds"
            )
        return value
    options = {c.value for c in question.choices}
    if question.kind == "single_choice":
        if not isinstance(value, str) or value not in options:
            raise _refused(qid, f"must be one of {sorted(options)}.")
        return value
    if question.kind == "multiple_choice":
        if not isinstance(value, list) or not set(value) <= options or len(set(value)) != len(value):
            raise _refused(qid, f"must be a list of different options of {sorted(options)}.")
        return value
    limit = SHORT_TEXT_MAX if question.kind == "short_text" else LONG_TEXT_MAX
    if not isinstance(value, str) or len(value) > limit:
        raise _refused(qid, f"must be a text of at most {limit} characters.")
    return value


def _empty(value: AnswerValue) -> bool:
    return value == "" or value == []


def respond(
    principal: Principal,
    assignment_id: str,
    body: AnswersWrite,
    store: QuestionnaireRecords,
    publisher: Publisher,
    now: datetime | None = None,
    *,
    idempotency_key: str | None = None,
) -> QuestionnaireView:
    """Saves the answers given (an empty one clears it) as a draft, or submits them, once. A repeat with
    the same Idempotency-Key gets the first answer (not 409): a phone that lost the reply retries."""
    principal.require(Role.MENTOR, Role.MENTEE)
    assignment, reader = _reader_of(principal, assignment_id, store)
    if reader != "assignee":
        raise Forbidden("Only the person it was given to answers a questionnaire.", rule="not_the_assignee")
    request = IdempotentRequest.of(idempotency_key, scope=f"responses#{assignment_id}", body=body)
    if request and (earlier := request.recall(store, assignment.tenant_id, QuestionnaireView)):
        return earlier
    if assignment.status == "submitted":
        raise Conflict("This questionnaire was submitted already.", rule="questionnaire_submitted")
    template = _template(store, assignment)
    answers = dict(assignment.answers)
    for question_id, value in body.answers.items():
        question = template.question(question_id)
        if question is None:
            raise _refused(question_id, "no such question in this questionnaire.", rule="unknown_question")
        if _empty(value):
            answers.pop(question_id, None)
        else:
            answers[question_id] = check_answer(question, value)
    now = now or datetime.now(UTC)
    if body.submit:
        missing = [q.question_id for q in template.questions if q.required and q.question_id not in answers]
        if missing:
            raise _refused(missing[0], "an answer is needed to submit.", rule="answer_required")
    changed = assignment.model_copy(
        update={
            "answers": answers,
            "status": "submitted" if body.submit else "draft",
            "saved_at": now,
            "submitted_at": now if body.submit else None,
        }
    )
    answered = view(changed, template, language_of(principal), "assignee")
    events: list[OutgoingEvent] = []
    if body.submit:
        scale = {
            q.question_id: int(answers[q.question_id])  # type: ignore[arg-type]
            for q in template.questions
            if q.kind == "scale" and q.question_id in answers
        }
        submitted = QuestionnaireSubmitted(
            assignment_id=changed.assignment_id,
            match_id=changed.match_id,
            programme_id=changed.programme_id,
            participant_id=changed.participant_id,
            kind=changed.kind,
            template_id=changed.template_id,
            template_version=changed.template_version,
            submitted_at=now,
            scale_answers=scale,
        )
        events.append(OutgoingEvent(changed.tenant_id, submitted))
    try:
        with publisher.along(events):
            saved = store.save_assignment(
                changed, idempotency=request.answered(answered) if request else None
            )
    except IdempotencyRace:
        assert request is not None  # only a request with a key can race
        earlier = request.recall(store, assignment.tenant_id, QuestionnaireView)
        assert earlier is not None
        return earlier
    if body.submit:
        if saved.kind == "initial":
            record_baseline(saved, template, store, publisher, on=now.date())
        elif saved.kind == "final":
            record_final_situation(saved, template, store, publisher, on=now.date())
    audit.record(principal, "change", "answers", saved.participant_id, assignment_id)
    return answered
