"""Programmes: opened, read and changed by a municipality's managers; seen by their participants."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services.intake.logic.ports import RegistryPort
from services.intake.logic.registry import new_id
from services.intake.models import Programme
from services.intake.presets import PRESETS
from services.intake.schemas import ProgrammeCreate, ProgrammePatch, ProgrammePreset
from shared.auth import Principal, Role
from shared.errors import Conflict, Forbidden, NotFound, RuleViolation
from shared.events.catalog import ProgrammeChanged, ProgrammeOpened
from shared.events.catalog.facts import DEFAULT_TIMEZONE
from shared.events.publisher import OutgoingEvent, Publisher


def _check_dates(programme: Programme) -> None:
    if programme.ends_on <= programme.starts_on:
        raise RuleViolation("A programme ends after it starts.", rule="ends_after_start", field="ends_on")


def form_links(base_url: str, programme: Programme) -> dict[str, str]:
    base = f"{base_url}/forms/{programme.tenant_slug}/{programme.programme_id}"
    return {role: f"{base}?role={role}" for role in ("mentee", "mentor")}


def programme_facts(programme: Programme, timezone: str) -> dict[str, Any]:
    """The programme's facts for its events, with its municipality's time zone (sessions and reminders
    keep local times in it)."""
    return {"timezone": timezone} | programme.model_dump(
        include={
            "programme_id",
            "tenant_slug",
            "name",
            "kind",
            "max_group_size",
            "mode",
            "cadence_days",
            "session_reminder_hours",
            "languages",
            "starts_on",
            "ends_on",
            "intake_open",
            "mentor_training_required",
            "matching",
        }
    )


def open_programme(
    caller: Principal, body: ProgrammeCreate, store: RegistryPort, publisher: Publisher
) -> Programme:
    caller.require(Role.MANAGER)
    tenant_id = caller.require_tenant()
    tenant = store.tenant(tenant_id)
    if tenant is None:
        raise Forbidden("Your municipality is not registered.")
    programme = Programme(
        programme_id=new_id("prg"),
        tenant_id=tenant_id,
        tenant_slug=tenant.slug,
        created_at=datetime.now(UTC),
        version=0,
        **body.model_dump(),
    )
    _check_dates(programme)
    opened = ProgrammeOpened(
        **programme_facts(programme, tenant.timezone), opened_by=caller.person_id or caller.user_id
    )
    with publisher.along([OutgoingEvent(tenant_id, opened)]):
        return store.add_programme(programme)


def _own_programme_ids(caller: Principal, store: RegistryPort) -> set[str]:
    """The programmes a mentor or mentee takes part in."""
    mine = store.participants(
        caller.require_tenant(), programme_id=None, role=None, person_id=caller.person_id or "-"
    )
    return {p.programme_id for p in mine}


def get_programme(caller: Principal, programme_id: str, store: RegistryPort) -> Programme:
    caller.require(Role.MANAGER, Role.MENTOR, Role.MENTEE)
    programme = store.programme(caller.require_tenant(), programme_id)
    visible = programme is not None and (
        caller.has(Role.MANAGER) or programme_id in _own_programme_ids(caller, store)
    )
    if programme is None or not visible:
        # Another tenant's programme is indistinguishable from one that does not exist.
        raise NotFound("No such programme.")
    return programme


def programme_presets(caller: Principal) -> list[ProgrammePreset]:
    """The five seed profiles a manager can open a programme from."""
    caller.require(Role.MANAGER)
    return [
        ProgrammePreset.model_validate(
            {
                "key": preset.key,
                "seed": preset.seed,
                **preset.settings(),
                "roles": list(preset.roles),
                "questionnaires": list(preset.questionnaires),
            }
        )
        for preset in PRESETS.values()
    ]


def list_programmes(caller: Principal, store: RegistryPort) -> list[Programme]:
    caller.require(Role.MANAGER, Role.MENTOR, Role.MENTEE)
    programmes = store.programmes(caller.require_tenant())
    if not caller.has(Role.MANAGER):
        own = _own_programme_ids(caller, store)
        programmes = [p for p in programmes if p.programme_id in own]
    return sorted(programmes, key=lambda p: p.created_at, reverse=True)


def change_programme(
    caller: Principal, programme_id: str, patch: ProgrammePatch, store: RegistryPort, publisher: Publisher
) -> Programme:
    caller.require(Role.MANAGER)
    current = get_programme(caller, programme_id, store)
    if patch.expected_version is not None and patch.expected_version != current.version:
        raise Conflict("The programme changed since you read it.", current_version=current.version)
    changes = patch.model_dump(exclude_unset=True, exclude={"expected_version"})
    if any(v is None for v in changes.values()):
        nulls = sorted(k for k, v in changes.items() if v is None)
        raise RuleViolation(
            f"These cannot be emptied: {', '.join(nulls)}.", rule="not_nullable", field=nulls[0]
        )
    if "matching" in changes:  # the matching rules it names change; the others (the team's) stay
        changes["matching"] = {**current.matching.model_dump(), **changes["matching"]}
    changed = Programme.model_validate({**current.model_dump(), **changes})
    _check_dates(changed)
    tenant = store.tenant(changed.tenant_id)
    timezone = tenant.timezone if tenant else DEFAULT_TIMEZONE
    # The saved version is the one read plus one (the save refuses any other).
    event = ProgrammeChanged(**programme_facts(changed, timezone), programme_version=changed.version + 1)
    with publisher.along([OutgoingEvent(changed.tenant_id, event)]):
        return store.replace_programme(changed)
