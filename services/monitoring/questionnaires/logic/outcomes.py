"""Where a participant stands (work, education...) with history: the baseline from the initial
questionnaire, then what a manager records, so before and after can be counted."""

from __future__ import annotations

from datetime import date

from services.monitoring.questionnaires.logic.common import manager_in
from services.monitoring.questionnaires.logic.ports import QuestionnaireRecords
from services.monitoring.questionnaires.models import Assignment, Outcome, OutcomeHistory, Template
from services.monitoring.questionnaires.schemas import OutcomeWrite
from shared import audit
from shared.auth import Principal
from shared.errors import NotFound
from shared.events.catalog import OutcomeRecorded
from shared.events.publisher import OutgoingEvent, Publisher

STATUSES = ("employed", "self_employed", "education", "unemployed", "other")


def _history(
    store: QuestionnaireRecords, tenant_id: str, participant_id: str, programme_id: str | None
) -> OutcomeHistory:
    return store.outcomes(tenant_id, participant_id) or OutcomeHistory(
        participant_id=participant_id, programme_id=programme_id
    )


def _participant_programme(
    principal: Principal, participant_id: str, store: QuestionnaireRecords
) -> tuple[str, str]:
    tenant_id = manager_in(principal)
    participant = store.participant(tenant_id, participant_id)
    if participant is None:
        raise NotFound("No such participant.")
    return tenant_id, participant.programme_id


def read_outcomes(principal: Principal, participant_id: str, store: QuestionnaireRecords) -> OutcomeHistory:
    tenant_id, programme_id = _participant_programme(principal, participant_id, store)
    audit.record(principal, "read", "outcome", participant_id, participant_id)
    return _history(store, tenant_id, participant_id, programme_id)


def record_outcome(
    principal: Principal,
    participant_id: str,
    body: OutcomeWrite,
    store: QuestionnaireRecords,
    publisher: Publisher,
) -> OutcomeHistory:
    tenant_id, programme_id = _participant_programme(principal, participant_id, store)
    history = _history(store, tenant_id, participant_id, programme_id)
    entry = Outcome(status=body.status, secures_living=body.secures_living, recorded_on=body.recorded_on)
    entries = sorted([*history.history, entry], key=lambda o: (not o.baseline, o.recorded_on))
    recorded = OutcomeRecorded(
        participant_id=participant_id,
        programme_id=programme_id,
        status=body.status,
        secures_living=body.secures_living,
        recorded_on=body.recorded_on,
    )
    with publisher.along([OutgoingEvent(tenant_id, recorded)]):
        saved = store.save_outcomes(tenant_id, history.model_copy(update={"history": entries}))
    audit.record(principal, "change", "outcome", participant_id, participant_id)
    return saved


def record_baseline(
    assignment: Assignment, template: Template, store: QuestionnaireRecords, publisher: Publisher, *, on: date
) -> None:
    """The initial questionnaire's answers about work and living, as the participant's baseline outcome."""
    facts = {q.baseline: assignment.answers.get(q.question_id) for q in template.questions if q.baseline}
    status, living = facts.get("employment_status"), facts.get("secures_living")
    if status not in STATUSES or living not in ("yes", "no"):
        return  # an adapted template without the baseline questions: nothing to count from
    tenant_id = assignment.tenant_id
    history = _history(store, tenant_id, assignment.participant_id, assignment.programme_id)
    baseline = Outcome(status=status, secures_living=living == "yes", recorded_on=on, baseline=True)
    others = [o for o in history.history if not o.baseline]
    recorded = OutcomeRecorded(
        participant_id=assignment.participant_id,
        programme_id=assignment.programme_id,
        status=baseline.status,
        secures_living=baseline.secures_living,
        recorded_on=on,
        baseline=True,
    )
    with publisher.along([OutgoingEvent(tenant_id, recorded)]):
        store.save_outcomes(tenant_id, history.model_copy(update={"history": [baseline, *others]}))


def record_final_situation(
    assignment: Assignment, template: Template, store: QuestionnaireRecords, publisher: Publisher, *, on: date
) -> None:
    """The final questionnaire's answers that mirror the baseline's (`pairs_with`), as the participant's
    outcome at the end: the report sets it beside the start without waiting for the manager to type in
    what the mentee already said. A manager's later entry joins the history after it."""
    facts = {
        q.pairs_with: assignment.answers.get(q.question_id)
        for q in template.questions
        if q.pairs_with in ("employment_status", "secures_living")
    }
    status, living = facts.get("employment_status"), facts.get("secures_living")
    if status not in STATUSES or living not in ("yes", "no"):
        return  # an adapted final without them: the manager records the outcome
    tenant_id = assignment.tenant_id
    history = _history(store, tenant_id, assignment.participant_id, assignment.programme_id)
    entry = Outcome(status=status, secures_living=living == "yes", recorded_on=on)
    entries = sorted([*history.history, entry], key=lambda o: (not o.baseline, o.recorded_on))
    recorded = OutcomeRecorded(
        participant_id=assignment.participant_id,
        programme_id=assignment.programme_id,
        status=entry.status,
        secures_living=entry.secures_living,
        recorded_on=on,
    )
    with publisher.along([OutgoingEvent(tenant_id, recorded)]):
        store.save_outcomes(tenant_id, history.model_copy(update={"history": entries}))
