"""Who writes, approves, reads and finds cases of good practice.

Mentors and managers write; a new or changed case waits (`pending`) until a manager approves it or returns
it with a reason. Its author and the managers read it as written; everyone else of the municipality who
reads the archive (mentors, trainers) reads only its approved version, and only approved versions are
found. Another municipality's case is not there (404).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Protocol

from services.intake.archive import anonymity, search
from services.intake.archive.models import (
    CaseDecision,
    CaseFound,
    CaseReturn,
    PracticeCase,
    PracticeCaseEdit,
    PracticeCaseList,
    PracticeCaseWrite,
    PracticeSearch,
    PublishedCase,
)
from shared.auth import Principal, Role
from shared.errors import Forbidden, NotFound, RuleViolation
from shared.events.catalog import PracticeCaseApproved, PracticeCaseReturned, PracticeCaseSubmitted
from shared.events.publisher import OutgoingEvent, Publisher
from shared.idempotency import Answer, AnswerMemory, IdempotencyRace, IdempotentRequest

WRITERS = (Role.MANAGER, Role.MENTOR)
READERS = (Role.MANAGER, Role.MENTOR, Role.TRAINER)
EXCERPT = 240


class ArchivePort(AnswerMemory, Protocol):
    def participant_names(self, tenant_id: str) -> list[str]: ...
    def case(self, tenant_id: str, case_id: str) -> PracticeCase | None: ...
    def cases(self, tenant_id: str) -> list[PracticeCase]: ...
    def published(self, tenant_id: str, case_id: str) -> PublishedCase | None: ...
    def published_cases(self, tenant_id: str) -> list[PublishedCase]: ...
    def save_case(
        self,
        tenant_id: str,
        case: PracticeCase,
        *,
        published: PublishedCase | None = None,
        idempotency: Answer | None = None,
    ) -> PracticeCase: ...


def _who(caller: Principal) -> str:
    return caller.person_id or caller.user_id


def _anonymous(tenant_id: str, body: PracticeCaseWrite, store: ArchivePort) -> None:
    fields = {
        "title": body.title,
        "situation": body.situation,
        "what_worked": body.what_worked,
        "department": body.department,
        **{f"tags.{i}": t for i, t in enumerate(body.tags)},
    }
    anonymity.check(fields, anonymity.Names.of(store.participant_names(tenant_id)), body.language)


def _submitted(tenant_id: str, case: PracticeCase) -> OutgoingEvent:
    event = PracticeCaseSubmitted(
        case_id=case.case_id, author_id=case.author_id or "", case_version=case.version + 1
    )
    return OutgoingEvent(tenant_id, event)


def write_case(
    caller: Principal,
    body: PracticeCaseWrite,
    store: ArchivePort,
    publisher: Publisher,
    *,
    idempotency_key: str | None = None,
) -> PracticeCase:
    caller.require(*WRITERS)
    tenant_id = caller.require_tenant()
    request = IdempotentRequest.of(idempotency_key, scope=f"practice-case#{_who(caller)}", body=body)
    if request and (earlier := request.recall(store, tenant_id, PracticeCase)):
        return earlier
    _anonymous(tenant_id, body, store)
    case = PracticeCase(
        **body.model_dump(),
        case_id=f"case_{uuid.uuid4().hex[:20]}",
        status="pending",
        author_id=_who(caller),
        written_at=datetime.now(UTC),
    )
    answer = request.answered(case.model_copy(update={"version": 1})) if request else None
    try:
        with publisher.along([_submitted(tenant_id, case)]):
            return store.save_case(tenant_id, case, idempotency=answer)
    except IdempotencyRace:
        assert request is not None  # only a request with a key can race
        earlier = request.recall(store, tenant_id, PracticeCase)
        assert earlier is not None
        return earlier


def _as_written(caller: Principal, case_id: str, store: ArchivePort) -> PracticeCase | None:
    """The case as written, for its author and the managers; None for anyone else (or no such case)."""
    case = store.case(caller.require_tenant(), case_id)
    if case is None or not (caller.has(Role.MANAGER) or case.author_id == _who(caller)):
        return None
    return case


def read_case(caller: Principal, case_id: str, store: ArchivePort) -> PracticeCase:
    caller.require(*READERS)
    written = _as_written(caller, case_id, store)
    if written is not None:
        return written
    shown = store.published(caller.require_tenant(), case_id)
    if shown is None:
        raise NotFound("No such case in your municipality's archive.")
    # Who wrote it is left out for other readers: knowing the mentor could point to their mentee.
    return PracticeCase.model_validate(
        {**shown.model_dump(exclude={"terms", "length"}), "author_id": None, "approved_by": None}
    )


def case_to_edit(caller: Principal, case_id: str, store: ArchivePort) -> PracticeCase:
    """The caller's own case as they wrote it; someone else's they can read is a 403, else a 404."""
    caller.require(*WRITERS)
    case = read_case(caller, case_id, store)
    if case.author_id != _who(caller):
        raise Forbidden(
            "Only its author changes a case; a manager returns it with a reason.", rule="own_case_only"
        )
    return case


def edit_case(
    caller: Principal, case_id: str, body: PracticeCaseEdit, store: ArchivePort, publisher: Publisher
) -> PracticeCase:
    case = case_to_edit(caller, case_id, store)
    tenant_id = caller.require_tenant()
    _anonymous(tenant_id, body, store)
    changed = case.model_copy(
        update={
            **body.model_dump(exclude={"version"}),
            "status": "pending",
            "written_at": datetime.now(UTC),
            "version": body.version,
        }
    )
    with publisher.along([_submitted(tenant_id, changed)]):
        return store.save_case(tenant_id, changed)


def _pending(caller: Principal, case_id: str, body: CaseDecision, store: ArchivePort) -> PracticeCase:
    caller.require(Role.MANAGER)
    case = _as_written(caller, case_id, store)
    if case is None:
        raise NotFound("No such case in your municipality's archive.")
    if case.status != "pending":
        raise RuleViolation(
            f"Only a case waiting for approval can be decided on; this one is {case.status}.",
            rule="case_not_pending",
            field="status",
        )
    return case.model_copy(update={"version": body.version})


def approve_case(
    caller: Principal, case_id: str, body: CaseDecision, store: ArchivePort, publisher: Publisher
) -> PracticeCase:
    case = _pending(caller, case_id, body, store)
    tenant_id = caller.require_tenant()
    # Again: someone may have joined a programme since the case was written.
    _anonymous(tenant_id, PracticeCaseWrite.model_validate(case.model_dump(include=_WRITTEN)), store)
    now = datetime.now(UTC)
    approved = case.model_copy(
        update={
            "status": "approved",
            "approved_at": now,
            "approved_by": _who(caller),
            "return_reason": None,
            "published_version": body.version + 1,
        }
    )
    terms, length = search.index(PracticeCaseWrite.model_validate(case.model_dump(include=_WRITTEN)))
    shown = PublishedCase(**approved.model_dump(exclude={"version"}), terms=terms, length=length)
    event = PracticeCaseApproved(
        case_id=case_id, case_version=body.version + 1, first_approval=case.published_version is None
    )
    with publisher.along([OutgoingEvent(tenant_id, event)]):
        return store.save_case(tenant_id, approved, published=shown)


_WRITTEN = {"title", "situation", "what_worked", "tags", "department", "language"}


def return_case(
    caller: Principal, case_id: str, body: CaseReturn, store: ArchivePort, publisher: Publisher
) -> PracticeCase:
    case = _pending(caller, case_id, body, store)
    tenant_id = caller.require_tenant()
    returned = case.model_copy(update={"status": "returned", "return_reason": body.reason})
    event = PracticeCaseReturned(
        case_id=case_id, author_id=case.author_id or "", case_version=body.version + 1
    )
    with publisher.along([OutgoingEvent(tenant_id, event)]):
        return store.save_case(tenant_id, returned)


def unapproved_cases(caller: Principal, store: ArchivePort) -> PracticeCaseList:
    """A manager's: every case not approved as it stands (pending first); a mentor's: their own cases."""
    caller.require(*WRITERS)
    every = store.cases(caller.require_tenant())
    if caller.has(Role.MANAGER):
        shown = [c for c in every if c.status != "approved"]
    else:
        shown = [c for c in every if c.author_id == _who(caller)]
    order = {"pending": 0, "returned": 1, "approved": 2}
    shown.sort(key=lambda c: c.written_at, reverse=True)
    shown.sort(key=lambda c: order[c.status])
    return PracticeCaseList(items=shown)


def find_cases(
    caller: Principal,
    store: ArchivePort,
    *,
    query: str = "",
    tag: str | None = None,
    department: str | None = None,
    language: str | None = None,
    limit: int = 20,
) -> PracticeSearch:
    caller.require(*READERS)
    every = store.published_cases(caller.require_tenant())
    ranked = search.rank(query, every, tag=tag or None, department=department or None)
    if language:
        ranked = [(score, c) for score, c in ranked if c.language == language]
    departments, tags = search.facets(every)
    items = [
        CaseFound(
            case_id=c.case_id,
            title=c.title,
            excerpt=c.situation
            if len(c.situation) <= EXCERPT
            else c.situation[:EXCERPT].rsplit(" ", 1)[0] + " …",
            tags=c.tags,
            department=c.department,
            language=c.language,
            approved_at=c.approved_at,
            score=score,
        )
        for score, c in ranked[:limit]
    ]
    return PracticeSearch(items=items, total=len(ranked), departments=departments, tags=tags)
