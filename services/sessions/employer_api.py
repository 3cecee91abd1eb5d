"""`/v1/employer/...`: a linked employer's mentees, a mentee's progress, and the goals the employer sets
for the mentee's relationship (seed 002; README additions). Without a live link: 404."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from services.sessions.deps import publisher, store
from services.sessions.employer_schemas import EmployerMentees, EmployerProgress
from services.sessions.logic import employer
from services.sessions.schemas import Goals, GoalsWrite
from shared.auth import Principal

router = APIGatewayRouter()
TAGS = ["employer"]


def _caller() -> Principal:
    return Principal.from_event(router.current_event.raw_event)


@router.get("/v1/employer/mentees", tags=TAGS)
def my_mentees() -> EmployerMentees:
    return EmployerMentees(items=employer.my_mentees(_caller(), store()))


@router.get("/v1/employer/mentees/<participant_id>/progress", tags=TAGS)
def mentee_progress(participant_id: str) -> EmployerProgress:
    return employer.progress(_caller(), participant_id, store())


@router.put("/v1/employer/mentees/<participant_id>/goals", tags=TAGS)
def set_employer_goals(participant_id: str, body: Annotated[GoalsWrite, Body()]) -> Goals:
    return employer.write_employer_goals(_caller(), participant_id, body, store(), publisher())
