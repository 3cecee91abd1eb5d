"""Logic's writes and their events in one DynamoDB transaction (issue 15), on moto, through two services'
own logic, stores and outbox publishers: a write refused by its condition leaves no event behind, and a
committed one has its event in the service's own table at once."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from types import ModuleType
from typing import Any

import pytest

from infra.local import cloud as local_cloud
from services.intake.manifest import SERVICE as INTAKE
from services.intake.schemas import TenantCreate
from services.sessions.manifest import SERVICE as SESSIONS
from services.sessions.models import Plan, Session
from services.sessions.schemas import SessionCreate
from shared.errors import Conflict
from shared.storage.outbox import PK_SUFFIX, OutboxPublisher, outbox_model
from tests.fakes.modules import imported_afresh
from tests.fakes.principals import signed_in
from tests.unit.sessions.fakes import TENANT, member, relationship

ADMIN = signed_in("u_admin", "admin")


@pytest.fixture
def tables() -> Iterator[None]:
    """moto with intake's and sessions' tables, made as the local runtime makes them."""
    cloud = local_cloud.start([INTAKE, SESSIONS], "http://localhost")
    yield
    cloud.stop()


@pytest.fixture
def intake(tables) -> Iterator[ModuleType]:
    with imported_afresh("services.intake.logic") as logic:
        yield logic


class JoinedOnly(OutboxPublisher):
    """An outbox publisher whose events can only be written inside the write's own transaction: writing them
    apart (after the write, as `publish` does) fails, like a process that died right after its write."""

    def _write(self, envelopes: list[Any]) -> None:
        raise AssertionError(f"{len(envelopes)} event(s) written apart from their write")


def outbox(table_env: str) -> list[tuple[str, dict[str, Any]]]:
    """The events waiting in a service's table: (event type, data)."""
    table = os.environ[table_env]
    items = [i for i in outbox_model(table).scan() if str(i.pk).endswith(PK_SUFFIX)]
    return [(str(i.event_type), json.loads(str(i.detail))["data"]) for i in items]


def test_a_municipality_and_its_event_commit_together_and_a_taken_slug_leaves_no_event(intake):
    from services.intake.store import IntakeStore

    store, publisher = IntakeStore(), JoinedOnly(os.environ["INTAKE_TABLE_NAME"])
    body = TenantCreate(slug="kiel", name="Kiel", default_language="de", languages=["de"])
    tenant = intake.create_tenant(ADMIN, body, store, publisher)
    assert store.tenant(tenant.tenant_id) is not None
    created = {"slug": "kiel", "name": "Kiel", "default_language": "de", "languages": ["de"]}
    assert outbox("INTAKE_TABLE_NAME") == [("TenantCreated", created | {"timezone": "Europe/Berlin"})]
    # The same slug again: the transaction (slug claim, tenant, outbox item) is cancelled as a whole.
    with pytest.raises(Conflict):
        intake.create_tenant(ADMIN, body.model_copy(update={"name": "Kiel 2"}), store, publisher)
    assert [t.name for t in store.tenants()] == ["Kiel"]
    assert [kind for kind, _ in outbox("INTAKE_TABLE_NAME")] == ["TenantCreated"]


class RacedStore:
    """Sessions' store, where another keeper saves the plan between this caller's read and write."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self.race = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def plan(self, tenant_id: str, match_id: str) -> Plan:
        read = self._store.plan(tenant_id, match_id)
        if self.race:  # outside the caller's `along` block: the other keeper's write sends nothing
            self.race = False
            theirs = self._store.plan(tenant_id, match_id)
            theirs.sessions.append(_session("ses_theirs", days=9))
            self._store.save_plan(tenant_id, theirs, new_session_id="ses_theirs")
        return read


def _session(session_id: str, days: int) -> Session:
    starts = datetime.now(UTC) + timedelta(days=days)
    return Session(
        session_id=session_id,
        match_id="match_1",
        starts_at=starts,
        duration_minutes=60,
        topic="t",
        mode="online",
    )


def test_a_planned_session_and_its_event_commit_together_and_a_stale_plan_leaves_no_event(tables):
    from services.sessions import logic
    from services.sessions.store import SessionsStore

    store = RacedStore(SessionsStore())
    publisher = JoinedOnly(os.environ["SESSIONS_TABLE_NAME"])
    relationship(store._store, "e1", mode="e_mentoring")
    starts = datetime.now(UTC) + timedelta(days=3)
    body = SessionCreate(starts_at=starts, duration_minutes=60, topic="Start", mode="online")
    session = logic.plan_session(member("mtr"), "match_1", body, store, publisher)  # type: ignore[arg-type]
    [(kind, data)] = outbox("SESSIONS_TABLE_NAME")
    assert kind == "SessionScheduled" and data["session_id"] == session.session_id
    assert datetime.fromisoformat(data["starts_at"]) == starts
    # Someone saves the plan after this caller read it: the version refuses the write, and its event too.
    store.race = True
    with pytest.raises(Conflict):
        logic.plan_session(member("mtr"), "match_1", body, store, publisher)  # type: ignore[arg-type]
    planned = [s.session_id for s in store.plan(TENANT, "match_1").sessions]
    assert planned == [session.session_id, "ses_theirs"]
    assert [kind for kind, _ in outbox("SESSIONS_TABLE_NAME")] == ["SessionScheduled"]
