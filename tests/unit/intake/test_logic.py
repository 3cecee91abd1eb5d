"""Intake's rules with in-memory fakes for the store, the user directory and the bus."""

from datetime import date

import pytest

from services.intake import logic
from services.intake.schemas import ProgrammeCreate, ProgrammePatch, TenantCreate, UserCreate
from shared.errors import Conflict, Forbidden, NotFound, RuleViolation
from tests.fakes import RecordingDirectory, RecordingPublisher
from tests.fakes.intake import InMemoryRegistry
from tests.fakes.principals import signed_in

ADMIN = signed_in("a", "admin")


def manager_of(tenant_id):
    return signed_in("m", "manager", tenant_id=tenant_id, person_id="p_m")


@pytest.fixture
def world():
    store, bus = InMemoryRegistry(), RecordingPublisher()
    tenant = logic.create_tenant(
        ADMIN,
        TenantCreate(slug="hamburg", name="Hamburg", default_language="de", languages=["de", "en"]),
        store,
        bus,
    )
    return store, bus, tenant


def programme_body(**kw):
    return ProgrammeCreate(
        **{
            "name": "P",
            "kind": "group",
            "mode": "blended",
            "starts_on": date(2027, 1, 1),
            "ends_on": date(2027, 6, 1),
            "languages": ["de"],
            **kw,
        }
    )


def test_admin_creates_tenant_and_announces_it(world):
    _, bus, tenant = world
    assert bus.sent[0][0] == tenant.tenant_id
    assert bus.sent[0][1].event_type() == "TenantCreated"


def test_a_manager_cannot_create_tenants(world):
    store, bus, _ = world
    with pytest.raises(Forbidden):
        logic.create_tenant(
            manager_of("x"),
            TenantCreate(slug="kiel", name="Kiel", default_language="de", languages=["de"]),
            store,
            bus,
        )


def test_admin_creates_only_managers_and_must_name_an_existing_tenant(world):
    store, bus, tenant = world
    body = {"email": "a@b.de", "given_name": "A", "family_name": "B", "language": "de"}
    with pytest.raises(RuleViolation) as err:
        logic.create_user(
            ADMIN,
            UserCreate(role="mentor", tenant_id=tenant.tenant_id, **body),
            store,
            RecordingDirectory(),
            bus,
        )
    assert err.value.extensions["rule"] == "admin_creates_managers"
    with pytest.raises(RuleViolation):
        logic.create_user(
            ADMIN, UserCreate(role="manager", tenant_id="t_nope", **body), store, RecordingDirectory(), bus
        )
    user = logic.create_user(
        ADMIN,
        UserCreate(role="manager", tenant_id=tenant.tenant_id, **body),
        store,
        RecordingDirectory(),
        bus,
    )
    assert user.tenant_id == tenant.tenant_id
    sent = {event.event_type(): event for _, event in bus.sent}
    contact = sent["ContactDetailsRecorded"]
    assert contact.visibility == "internal"
    # The new account's welcome (notifications): its sign-in page is the municipality's.
    welcome = sent["AccountCreated"]
    assert welcome.visibility == "internal" and welcome.person_id == user.person_id
    assert (welcome.role, welcome.tenant_slug) == ("manager", tenant.slug)


def test_a_manager_never_names_the_tenant(world):
    store, bus, tenant = world
    body = UserCreate(
        email="a@b.de", role="mentor", given_name="A", family_name="B", language="de", tenant_id="t_other"
    )
    with pytest.raises(RuleViolation) as err:
        logic.create_user(manager_of(tenant.tenant_id), body, store, RecordingDirectory(), bus)
    assert err.value.extensions["rule"] == "tenant_from_token"
    assert store.users == {}


def test_programme_must_end_after_it_starts(world):
    store, bus, tenant = world
    with pytest.raises(RuleViolation):
        logic.open_programme(
            manager_of(tenant.tenant_id), programme_body(ends_on=date(2026, 1, 1)), store, bus
        )
    assert store.progs == {} and len(bus.sent) == 1


def test_another_tenants_programme_is_not_found(world):
    store, bus, tenant = world
    p = logic.open_programme(manager_of(tenant.tenant_id), programme_body(), store, bus)
    with pytest.raises(NotFound):
        logic.get_programme(manager_of("t_other"), p.programme_id, store)


def test_patch_changes_only_what_was_sent_and_refuses_stale_versions(world):
    store, bus, tenant = world
    m = manager_of(tenant.tenant_id)
    p = logic.open_programme(m, programme_body(), store, bus)
    changed = logic.change_programme(m, p.programme_id, ProgrammePatch(intake_open=False), store, bus)
    assert (changed.intake_open, changed.name, changed.version) == (False, "P", 2)
    with pytest.raises(Conflict):
        logic.change_programme(m, p.programme_id, ProgrammePatch(name="X", expected_version=1), store, bus)
    with pytest.raises(RuleViolation):
        logic.change_programme(m, p.programme_id, ProgrammePatch(name=None), store, bus)
