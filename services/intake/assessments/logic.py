"""Who may write, read and take a module's assessment, and how an attempt is graded."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

from services.intake.assessments.models import (
    Assessment,
    AssessmentToTake,
    AssessmentWrite,
    AttemptResult,
    AttemptWrite,
    QuestionToAnswer,
)
from services.intake.logic.participants import add_training
from services.intake.logic.ports import ParticipantsPort
from services.intake.models import Participant, Programme, TrainingRecord
from shared import audit
from shared.auth import Principal, Role
from shared.errors import NotFound, RuleViolation
from shared.events.publisher import Publisher

#: Who `recorded_by` names when a module was passed online rather than recorded by a trainer.
ONLINE = "online_assessment"


class AssessmentsPort(ParticipantsPort, Protocol):
    def assessment(self, tenant_id: str, programme_id: str, module: str) -> Assessment | None: ...
    def save_assessment(self, tenant_id: str, assessment: Assessment) -> Assessment: ...
    def add_attempt(
        self, tenant_id: str, participant_id: str, result: AttemptResult, at: datetime
    ) -> None: ...


def _programme(caller: Principal, programme_id: str, store: AssessmentsPort) -> Programme:
    programme = store.programme(caller.require_tenant(), programme_id)
    if programme is None:
        raise NotFound("No such programme in your municipality.")
    return programme


def _module_of(programme: Programme, module: str) -> None:
    if module not in programme.required_training_modules:
        raise RuleViolation(
            "Only a module the programme requires has an assessment.",
            rule="module_not_required",
            field="module",
        )


def write_assessment(
    caller: Principal, programme_id: str, module: str, body: AssessmentWrite, store: AssessmentsPort
) -> Assessment:
    caller.require(Role.MANAGER, Role.TRAINER)
    programme = _programme(caller, programme_id, store)
    _module_of(programme, module)
    before = store.assessment(programme.tenant_id, programme_id, module)
    assessment = Assessment(
        **body.model_dump(),
        programme_id=programme_id,
        module=module,
        written_by=caller.person_id or caller.user_id,
        written_at=datetime.now(UTC),
        version=before.version if before else 0,
    )
    return store.save_assessment(programme.tenant_id, assessment)


def _written(programme: Programme, module: str, store: AssessmentsPort) -> Assessment:
    assessment = store.assessment(programme.tenant_id, programme.programme_id, module)
    if assessment is None:
        raise NotFound("This module has no assessment yet.")
    return assessment


def _my_participation(caller: Principal, programme: Programme, store: AssessmentsPort) -> Participant:
    """The caller's place as a mentor in the programme (another programme's mentor finds none)."""
    caller.require(Role.MENTOR)
    mine = store.participants(
        programme.tenant_id,
        programme_id=programme.programme_id,
        role="mentor",
        person_id=caller.person_id or "-",
    )
    if not mine:
        raise NotFound("You are not a mentor of this programme.")
    return mine[0]


def read_assessment(caller: Principal, programme_id: str, module: str, store: AssessmentsPort) -> Assessment:
    """The whole assessment, right options included: for who writes it."""
    caller.require(Role.MANAGER, Role.TRAINER)
    programme = _programme(caller, programme_id, store)
    return _written(programme, module, store)


def assessment_to_take(
    caller: Principal, programme_id: str, module: str, language: str | None, store: AssessmentsPort
) -> AssessmentToTake:
    programme = _programme(caller, programme_id, store)
    participant = _my_participation(caller, programme, store)
    assessment = _written(programme, module, store)
    offered = list(assessment.questions[0].prompt)
    wanted = [language, caller.locale, *programme.languages, "en"]
    chosen = next((lang for lang in wanted if lang in offered), offered[0])
    return AssessmentToTake(
        programme_id=programme_id,
        module=module,
        language=chosen,
        pass_mark=assessment.pass_mark,
        questions=[
            QuestionToAnswer(
                question_id=q.question_id,
                prompt=q.prompt[chosen],
                options=[option[chosen] for option in q.options],
                several=len(q.correct) > 1,
            )
            for q in assessment.questions
        ],
        passed_before=any(t.module == module and t.assessment_passed for t in participant.training),
    )


def grade(assessment: Assessment, answers: AttemptWrite) -> int:
    """The share of questions answered right, in %: a question is right when exactly its right options
    are chosen. Every question must be answered."""
    missing = [q.question_id for q in assessment.questions if not answers.answers.get(q.question_id)]
    if missing:
        raise RuleViolation(
            "Answer every question.",
            rule="answer_every_question",
            errors=[{"field": f"answers.{qid}", "message": "not answered"} for qid in missing],
        )
    right = sum(set(answers.answers[q.question_id]) == set(q.correct) for q in assessment.questions)
    return round(100 * right / len(assessment.questions))


def take_assessment(
    caller: Principal,
    programme_id: str,
    module: str,
    answers: AttemptWrite,
    store: AssessmentsPort,
    publisher: Publisher,
) -> AttemptResult:
    programme = _programme(caller, programme_id, store)
    participant = _my_participation(caller, programme, store)
    assessment = _written(programme, module, store)
    score = grade(assessment, answers)
    passed = score >= assessment.pass_mark
    now = datetime.now(UTC)
    already = any(t.module == module and t.assessment_passed for t in participant.training)
    if passed and not already:
        record = TrainingRecord(
            module=module,
            completed_on=now.date(),
            assessment_passed=True,
            recorded_by=ONLINE,
            recorded_at=now,
        )
        participant = add_training(participant, programme, record, store, publisher)
        audit.record(caller, "change", "participant", participant.participant_id, participant.participant_id)
    result = AttemptResult(
        module=module,
        score=score,
        pass_mark=assessment.pass_mark,
        passed=passed,
        qualified=participant.eligible,
    )
    store.add_attempt(programme.tenant_id, participant.participant_id, result, now)
    return result
