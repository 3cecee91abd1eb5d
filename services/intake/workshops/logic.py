"""Who plans, sees, joins and marks a workshop, and what attending it completes.

A manager of the municipality plans, cancels and marks attendance; a participant of the programme sees
the workshops of their audience (mentors or mentees) and signs up or withdraws while it is ahead. Sign-ups
and marks name participant ids only; a participant sees their own, never who else comes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol

from services.intake.logic.participants import add_training
from services.intake.logic.ports import ParticipantsPort
from services.intake.models import Participant, Programme, TrainingRecord
from services.intake.workshops.models import (
    AUDIENCE_ROLE,
    AttendanceMark,
    AttendanceWrite,
    SignUp,
    Workshop,
    WorkshopPlan,
    WorkshopView,
)
from shared import audit
from shared.auth import Principal, Role
from shared.errors import Conflict, NotFound, RuleViolation
from shared.events.catalog import WorkshopAttendanceRecorded, WorkshopCancelled, WorkshopPlanned
from shared.events.publisher import OutgoingEvent, Publisher
from shared.idempotency import Answer, IdempotencyRace, IdempotentRequest

#: The training module a mentor's attended impulse workshop completes (services/intake/presets.py).
IMPULSE_MODULE = "impulse_workshop"
#: How often a sign-up is tried again when another one took a place at the same moment.
_TRIES = 3


class WorkshopsPort(ParticipantsPort, Protocol):
    def workshop(self, tenant_id: str, workshop_id: str) -> Workshop | None: ...
    def workshops(self, tenant_id: str, programme_id: str) -> list[Workshop]: ...
    def save_workshop(
        self, tenant_id: str, workshop: Workshop, *, idempotency: Answer | None = None
    ) -> Workshop: ...
    def idempotent_answer(self, tenant_id: str, scope: str) -> Answer | None: ...


def new_workshop_id(now: datetime) -> str:
    return f"wks_{int(now.timestamp() * 1000):013d}{uuid.uuid4().hex[:8]}"


def _programme(caller: Principal, programme_id: str, store: WorkshopsPort) -> Programme:
    programme = store.programme(caller.require_tenant(), programme_id)
    if programme is None:
        raise NotFound("No such programme in your municipality.")
    return programme


def _participation(
    caller: Principal, programme_id: str, audience: str, store: WorkshopsPort
) -> Participant | None:
    """The caller's place in the programme in the role the audience names (None: they hold no such place)."""
    if not caller.has(Role.MENTOR, Role.MENTEE) or not caller.person_id:
        return None
    mine = store.participants(
        caller.require_tenant(),
        programme_id=programme_id,
        role=AUDIENCE_ROLE[audience],
        person_id=caller.person_id,
    )
    return next((p for p in mine if p.status == "active"), None)


def view(workshop: Workshop, *, manager: bool, me: str | None = None) -> WorkshopView:
    shown = workshop.model_dump(exclude={"sign_ups", "attendance", "planned_by", "planned_at", "version"})
    return WorkshopView(
        **shown,
        places_left=workshop.places_left,
        signed_up_count=len(workshop.sign_ups),
        me=me,
        signed_up=bool(me and workshop.signed_up(me)),
        sign_ups=workshop.sign_ups if manager else [],
        attendance=workshop.attendance
        if manager
        else [a for a in workshop.attendance if a.participant_id == me],
    )


def plan_workshop(
    caller: Principal,
    programme_id: str,
    body: WorkshopPlan,
    store: WorkshopsPort,
    publisher: Publisher,
    *,
    idempotency_key: str | None = None,
) -> WorkshopView:
    """A new workshop; planned again with the same Idempotency-Key, the same one (a retried POST plans
    no second workshop)."""
    caller.require(Role.MANAGER)
    programme = _programme(caller, programme_id, store)
    request = IdempotentRequest.of(idempotency_key, scope=f"workshop#{programme.programme_id}", body=body)
    if request and (earlier := request.recall(store, programme.tenant_id, WorkshopView)):
        return earlier
    now = datetime.now(UTC)
    workshop = Workshop(
        **body.model_dump(),
        workshop_id=new_workshop_id(now),
        programme_id=programme.programme_id,
        planned_by=caller.person_id or caller.user_id,
        planned_at=now,
    )
    planned = WorkshopPlanned(
        workshop_id=workshop.workshop_id,
        programme_id=programme.programme_id,
        audience=workshop.audience,
        starts_at=workshop.starts_at,
        ends_at=workshop.ends_at,
        online=workshop.online,
        capacity=workshop.capacity,
    )
    answer = (
        request.answered(view(workshop.model_copy(update={"version": 1}), manager=True)) if request else None
    )
    try:
        with publisher.along([OutgoingEvent(programme.tenant_id, planned)]):
            saved = store.save_workshop(programme.tenant_id, workshop, idempotency=answer)
    except IdempotencyRace:
        assert request is not None  # only a request with a key can race
        earlier = request.recall(store, programme.tenant_id, WorkshopView)
        assert earlier is not None
        return earlier
    return view(saved, manager=True)


def list_workshops(caller: Principal, programme_id: str, store: WorkshopsPort) -> list[WorkshopView]:
    """A manager: every workshop of the programme. A participant: their audience's workshops not yet over
    (a cancelled one too, so whoever planned to come sees it is off)."""
    caller.require(Role.MANAGER, Role.MENTOR, Role.MENTEE)
    programme = _programme(caller, programme_id, store)
    every = sorted(store.workshops(programme.tenant_id, programme_id), key=lambda w: w.starts_at)
    if caller.has(Role.MANAGER):
        return [view(w, manager=True) for w in every]
    places = {a: _participation(caller, programme_id, a, store) for a in AUDIENCE_ROLE}
    if not any(places.values()):
        raise NotFound("You take no part in this programme.")
    now = datetime.now(UTC)
    shown = []
    for w in every:
        place = places[w.audience]
        if place is not None and w.ends_at > now:
            shown.append(view(w, manager=False, me=place.participant_id))
    return shown


def _workshop(caller: Principal, workshop_id: str, store: WorkshopsPort) -> Workshop:
    workshop = store.workshop(caller.require_tenant(), workshop_id)
    if workshop is None:
        raise NotFound("No such workshop.")
    return workshop


def _mine(caller: Principal, workshop: Workshop, store: WorkshopsPort) -> Participant:
    """The caller's participation the workshop is for; a workshop of another audience or programme is,
    to them, not there."""
    place = _participation(caller, workshop.programme_id, workshop.audience, store)
    if place is None:
        raise NotFound("No such workshop.")
    return place


def read_workshop(caller: Principal, workshop_id: str, store: WorkshopsPort) -> WorkshopView:
    caller.require(Role.MANAGER, Role.MENTOR, Role.MENTEE)
    workshop = _workshop(caller, workshop_id, store)
    if caller.has(Role.MANAGER):
        return view(workshop, manager=True)
    return view(workshop, manager=False, me=_mine(caller, workshop, store).participant_id)


def cancel_workshop(
    caller: Principal, workshop_id: str, store: WorkshopsPort, publisher: Publisher
) -> WorkshopView:
    caller.require(Role.MANAGER)
    workshop = _workshop(caller, workshop_id, store)
    if workshop.status == "cancelled":
        return view(workshop, manager=True)
    if workshop.attendance_recorded_at is not None:
        raise RuleViolation("A workshop with its attendance recorded took place.", rule="workshop_held")
    cancelled = WorkshopCancelled(
        workshop_id=workshop.workshop_id,
        programme_id=workshop.programme_id,
        audience=workshop.audience,
        signed_up=[s.participant_id for s in workshop.sign_ups],
    )
    with publisher.along([OutgoingEvent(caller.require_tenant(), cancelled)]):
        saved = store.save_workshop(
            caller.require_tenant(), workshop.model_copy(update={"status": "cancelled"})
        )
    return view(saved, manager=True)


def _ahead(workshop: Workshop) -> None:
    if workshop.status == "cancelled":
        raise RuleViolation("The workshop was cancelled.", rule="workshop_cancelled")
    if workshop.starts_at <= datetime.now(UTC):
        raise RuleViolation(
            "The workshop has begun: signing up or withdrawing is over.", rule="workshop_begun"
        )


def _change(
    caller: Principal, workshop_id: str, store: WorkshopsPort, change: Callable[[Workshop, str], Workshop]
) -> WorkshopView:
    """Reads the workshop, applies a participant's change and saves it, again if another change came first."""
    caller.require(Role.MENTOR, Role.MENTEE)
    for attempt in range(_TRIES):
        workshop = _workshop(caller, workshop_id, store)
        me = _mine(caller, workshop, store).participant_id
        _ahead(workshop)
        changed = change(workshop, me)
        if changed is workshop:
            return view(workshop, manager=False, me=me)
        try:
            return view(store.save_workshop(caller.require_tenant(), changed), manager=False, me=me)
        except Conflict:
            if attempt == _TRIES - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def sign_up(caller: Principal, workshop_id: str, store: WorkshopsPort) -> WorkshopView:
    def join(workshop: Workshop, me: str) -> Workshop:
        if workshop.signed_up(me):
            return workshop  # signing up twice is signing up once
        if workshop.places_left == 0:
            raise RuleViolation("The workshop is full.", rule="workshop_full")
        entry = SignUp(participant_id=me, signed_up_at=datetime.now(UTC))
        return workshop.model_copy(update={"sign_ups": [*workshop.sign_ups, entry]})

    return _change(caller, workshop_id, store, join)


def withdraw(caller: Principal, workshop_id: str, store: WorkshopsPort) -> WorkshopView:
    def leave(workshop: Workshop, me: str) -> Workshop:
        if not workshop.signed_up(me):
            return workshop
        return workshop.model_copy(
            update={"sign_ups": [s for s in workshop.sign_ups if s.participant_id != me]}
        )

    return _change(caller, workshop_id, store, leave)


def record_attendance(
    caller: Principal, workshop_id: str, body: AttendanceWrite, store: WorkshopsPort, publisher: Publisher
) -> WorkshopView:
    """The manager marks, after the workshop began, each participant of its audience attended or absent
    (whether they signed up or not: people come unannounced). A mentor who attended completes the
    programme's impulse workshop module, where the programme requires it."""
    caller.require(Role.MANAGER)
    workshop = _workshop(caller, workshop_id, store)
    tenant_id = caller.require_tenant()
    if workshop.status == "cancelled":
        raise RuleViolation("The workshop was cancelled.", rule="workshop_cancelled")
    if workshop.starts_at > datetime.now(UTC):
        raise RuleViolation("Attendance is recorded once the workshop has begun.", rule="workshop_ahead")
    programme = _programme(caller, workshop.programme_id, store)
    role = AUDIENCE_ROLE[workshop.audience]
    audience = {
        p.participant_id: p
        for p in store.participants(tenant_id, programme_id=programme.programme_id, role=role)
    }
    strangers = [pid for pid in [*body.attended, *body.absent] if pid not in audience]
    if strangers:
        raise RuleViolation(
            f"Only the programme's {workshop.audience} are marked for this workshop.",
            rule="not_in_audience",
            errors=[{"field": "attended", "message": f"{pid} is not in the audience"} for pid in strangers],
        )
    marks = {m.participant_id: m for m in workshop.attendance}
    marks.update({pid: AttendanceMark(participant_id=pid, mark="attended") for pid in body.attended})
    marks.update({pid: AttendanceMark(participant_id=pid, mark="absent") for pid in body.absent})
    now = datetime.now(UTC)
    recorded = WorkshopAttendanceRecorded(
        workshop_id=workshop.workshop_id,
        programme_id=workshop.programme_id,
        audience=workshop.audience,
        attended=list(body.attended),
        absent=list(body.absent),
    )
    changed = workshop.model_copy(update={"attendance": list(marks.values()), "attendance_recorded_at": now})
    with publisher.along([OutgoingEvent(tenant_id, recorded)]):
        saved = store.save_workshop(tenant_id, changed)
    audit.record_many(caller, "change", "participant", [(pid, pid) for pid in [*body.attended, *body.absent]])
    if role == "mentor" and IMPULSE_MODULE in programme.required_training_modules:
        for pid in body.attended:
            _complete_module(audience[pid], programme, saved, caller, store, publisher)
    return view(saved, manager=True)


def _complete_module(
    mentor: Participant,
    programme: Programme,
    workshop: Workshop,
    caller: Principal,
    store: WorkshopsPort,
    publisher: Publisher,
) -> None:
    """Once per mentor: marking attendance again (or at a second workshop) records nothing more."""
    if any(t.module == IMPULSE_MODULE for t in mentor.training):
        return
    record = TrainingRecord(
        module=IMPULSE_MODULE,
        completed_on=workshop.starts_at.date(),
        assessment_passed=True,
        recorded_by=caller.person_id or caller.user_id,
        recorded_at=datetime.now(UTC),
    )
    add_training(mentor, programme, record, store, publisher)


def my_workshops(caller: Principal, store: WorkshopsPort) -> list[WorkshopView]:
    """The caller's upcoming workshops across every programme they take part in (their home's list)."""
    caller.require(Role.MENTOR, Role.MENTEE)
    tenant_id = caller.require_tenant()
    programmes = {
        p.programme_id
        for p in store.participants(
            tenant_id, programme_id=None, role=None, person_id=caller.person_id or "-"
        )
        if p.status == "active"
    }
    shown: list[WorkshopView] = []
    for programme_id in sorted(programmes):
        shown.extend(list_workshops(caller, programme_id, store))
    return sorted(shown, key=lambda w: w.starts_at)
