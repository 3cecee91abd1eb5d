"""A programme's questionnaires: the shipped ones until a manager adapts one; every adaptation is a new,
never-changing version (answers keep the version they answered)."""

from __future__ import annotations

from datetime import UTC, datetime

from services.monitoring.questionnaires.logic.common import current_template, in_use, manager_in
from services.monitoring.questionnaires.logic.ports import QuestionnaireRecords
from services.monitoring.questionnaires.models import KINDS, Question, Template, TemplateUse
from services.monitoring.questionnaires.schemas import TemplateInUse, TemplateSet, TemplateWrite
from shared.auth import Principal
from shared.errors import NotFound, RuleViolation
from shared.events.catalog import QuestionnaireKind

SCALE_LIMIT = 100
CHOICE_KINDS = ("single_choice", "multiple_choice")


def _programme_of(principal: Principal, programme_id: str, store: QuestionnaireRecords) -> str:
    tenant_id = manager_in(principal)
    if store.programme(tenant_id, programme_id) is None:
        raise NotFound("No such programme.")
    return tenant_id


def _in_use(
    store: QuestionnaireRecords, tenant_id: str, programme_id: str, kind: QuestionnaireKind
) -> TemplateInUse:
    template = current_template(store, tenant_id, programme_id, kind)
    return TemplateInUse(
        kind=kind,
        in_use=in_use(store, tenant_id, programme_id, kind),
        adapted=not template.template_id.startswith("shipped-"),
        template=template,
    )


def list_templates(principal: Principal, programme_id: str, store: QuestionnaireRecords) -> TemplateSet:
    tenant_id = _programme_of(principal, programme_id, store)
    return TemplateSet(
        programme_id=programme_id, templates=[_in_use(store, tenant_id, programme_id, k) for k in KINDS]
    )


def check_question(question: Question, kind: QuestionnaireKind) -> None:
    """A question a person can answer: a scale with whole bounds, choices where there is a choice."""
    where = f"questions.{question.question_id}"
    if not any(label.strip() for label in question.label.values()):
        raise RuleViolation("Every question needs a text.", rule="question_without_text", field=where)
    if question.kind == "scale":
        low, high = question.min, question.max
        if low is None or high is None or not (-SCALE_LIMIT <= low < high <= SCALE_LIMIT):
            raise RuleViolation(
                f"A scale needs whole-number bounds, the lower below the upper (at most {SCALE_LIMIT}).",
                rule="scale_bounds",
                field=where,
            )
    elif question.min is not None or question.max is not None:
        raise RuleViolation("Only a scale has bounds.", rule="bounds_without_scale", field=where)
    values = [c.value for c in question.choices]
    if question.kind in CHOICE_KINDS and (len(values) < 2 or len(set(values)) != len(values)):
        raise RuleViolation("A choice needs at least two different options.", rule="choices", field=where)
    if question.kind not in CHOICE_KINDS and values:
        raise RuleViolation("Only a choice has options.", rule="choices", field=where)
    if question.baseline is not None and kind != "initial":
        raise RuleViolation(
            "Only the initial questionnaire records the baseline.", rule="baseline", field=where
        )
    if question.pairs_with is not None and kind != "final":
        raise RuleViolation(
            "Only the final questionnaire mirrors the initial one.", rule="pairs", field=where
        )


def adapt_template(
    principal: Principal,
    programme_id: str,
    kind: QuestionnaireKind,
    body: TemplateWrite,
    store: QuestionnaireRecords,
    now: datetime | None = None,
) -> TemplateInUse:
    tenant_id = _programme_of(principal, programme_id, store)
    ids = [q.question_id for q in body.questions]
    if len(set(ids)) != len(ids):
        raise RuleViolation("Each question needs an id of its own.", rule="question_ids", field="questions")
    for question in body.questions:
        check_question(question, kind)
    use = store.template_use(tenant_id, programme_id, kind)
    version = (use.version if use is not None else 0) + 1
    template = Template(
        template_id=f"{programme_id}-{kind}",
        version=version,
        kind=kind,
        title=dict(body.title),
        questions=body.questions,
        published_at=now or datetime.now(UTC),
    )
    store.publish_template(tenant_id, programme_id, template)
    store.save_template_use(
        TemplateUse(
            tenant_id=tenant_id, programme_id=programme_id, kind=kind, in_use=body.in_use, version=version
        )
    )
    return _in_use(store, tenant_id, programme_id, kind)
