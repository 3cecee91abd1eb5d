"""The assessments' API: a trainer or manager writes and reads a module's assessment; a mentor of the
programme reads it to take (in their language, without the answers) and sends an attempt."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from services.intake.assessments import logic
from services.intake.assessments.models import (
    Assessment,
    AssessmentToTake,
    AssessmentWrite,
    AttemptResult,
    AttemptWrite,
)
from services.intake.assessments.store import AssessmentsStore
from services.intake.deps import publisher
from shared.auth import Principal

router = APIGatewayRouter()
TAGS = ["training"]
Module = Annotated[str, Path(description="a module the programme requires", max_length=60)]


def caller() -> Principal:
    return Principal.from_event(router.current_event.raw_event)


@router.put("/v1/programmes/<programme_id>/assessments/<module>", tags=TAGS)
def write_assessment(
    programme_id: str, module: Module, body: Annotated[AssessmentWrite, Body()]
) -> Assessment:
    return logic.write_assessment(caller(), programme_id, module, body, AssessmentsStore())


@router.get("/v1/programmes/<programme_id>/assessments/<module>", tags=TAGS)
def read_assessment(programme_id: str, module: Module) -> Assessment:
    return logic.read_assessment(caller(), programme_id, module, AssessmentsStore())


@router.get("/v1/programmes/<programme_id>/assessments/<module>/questions", tags=TAGS)
def questions(
    programme_id: str,
    module: Module,
    language: Annotated[str | None, Query(description="the language to answer in", max_length=8)] = None,
) -> AssessmentToTake:
    return logic.assessment_to_take(caller(), programme_id, module, language, AssessmentsStore())


@router.post("/v1/programmes/<programme_id>/assessments/<module>/attempts", tags=TAGS)
def take(programme_id: str, module: Module, body: Annotated[AttemptWrite, Body()]) -> AttemptResult:
    return logic.take_assessment(caller(), programme_id, module, body, AssessmentsStore(), publisher())
