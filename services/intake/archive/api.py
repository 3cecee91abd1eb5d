"""The archive's API: mentors and managers write cases; managers approve or return them; the
municipality's mentors, trainers and managers read and search the approved ones."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query

from services.intake.archive import logic
from services.intake.archive.models import (
    CaseDecision,
    CaseReturn,
    PracticeCase,
    PracticeCaseEdit,
    PracticeCaseList,
    PracticeCaseWrite,
    PracticeSearch,
)
from services.intake.archive.routing import router
from services.intake.archive.store import ArchiveStore
from services.intake.deps import publisher
from shared.auth import Principal
from shared.http import created

TAGS = ["archive of good practice"]
CaseId = Annotated[str, Path(description="a case of good practice", max_length=60)]


def caller() -> Principal:
    return Principal.from_event(router.current_event.raw_event)


@router.post(
    "/v1/practice-cases",
    tags=TAGS,
    status_code=201,
    response_description="written; it waits for a manager's approval (a text naming a participant, an "
    "e-mail address or a phone number is refused with 422, naming the field and the rule)",
)
def write_case(body: Annotated[PracticeCaseWrite, Body()]) -> Response[PracticeCase]:
    case = logic.write_case(
        caller(),
        body,
        ArchiveStore(),
        publisher(),
        idempotency_key=router.current_event.headers.get("idempotency-key"),
    )
    return created(case, f"/v1/practice-cases/{case.case_id}")


@router.get("/v1/practice-cases", tags=TAGS, summary="Search the approved cases")
def find_cases(
    q: Annotated[
        str, Query(description="words to find, in any of the municipality's languages", max_length=200)
    ] = "",
    tag: Annotated[str | None, Query(max_length=40)] = None,
    department: Annotated[str | None, Query(max_length=100)] = None,
    language: Annotated[str | None, Query(pattern="^[a-z]{2}$")] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
) -> PracticeSearch:
    return logic.find_cases(
        caller(), ArchiveStore(), query=q, tag=tag, department=department, language=language, limit=limit
    )


@router.get(
    "/v1/practice-case-drafts",
    tags=TAGS,
    summary="Cases not approved as they stand (a manager's), or one's own cases (a mentor's)",
)
def unapproved_cases() -> PracticeCaseList:
    return logic.unapproved_cases(caller(), ArchiveStore())


@router.get("/v1/practice-cases/<case_id>", tags=TAGS)
def read_case(case_id: CaseId) -> PracticeCase:
    return logic.read_case(caller(), case_id, ArchiveStore())


@router.put("/v1/practice-cases/<case_id>", tags=TAGS, summary="Change one's case (it waits for approval)")
def edit_case(case_id: CaseId, body: Annotated[PracticeCaseEdit, Body()]) -> PracticeCase:
    return logic.edit_case(caller(), case_id, body, ArchiveStore(), publisher())


@router.post("/v1/practice-cases/<case_id>/approval", tags=TAGS, summary="Approve a waiting case")
def approve_case(case_id: CaseId, body: Annotated[CaseDecision, Body()]) -> PracticeCase:
    return logic.approve_case(caller(), case_id, body, ArchiveStore(), publisher())


@router.post("/v1/practice-cases/<case_id>/return", tags=TAGS, summary="Return a waiting case to its author")
def return_case(case_id: CaseId, body: Annotated[CaseReturn, Body()]) -> PracticeCase:
    return logic.return_case(caller(), case_id, body, ArchiveStore(), publisher())
