"""Accounts on in-memory fakes: minted person ids, reserve-then-create, the admin's audit, trainers, links."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from services.intake import logic
from services.intake.models import Participant
from services.intake.schemas import TenantCreate, UserCreate
from shared.errors import Conflict, NotFound
from tests.fakes import RecordingDirectory, RecordingPublisher
from tests.fakes.intake import InMemoryParticipants, InMemoryRegistry, OneLink, account_link
from tests.fakes.principals import signed_in
from tests.unit.intake.test_logic import ADMIN, manager_of

BODY = {
    "email": "ola@example.org",
    "role": "mentor",
    "given_name": "Ola",
    "family_name": "Nowak",
    "language": "pl",
}


@pytest.fixture
def town():
    store, bus = InMemoryRegistry(), RecordingPublisher()
    tenant = logic.create_tenant(
        ADMIN, TenantCreate(slug="gdansk", name="Gdańsk", default_language="pl", languages=["pl"]), store, bus
    )
    return store, bus, tenant


class BrokenDirectory(RecordingDirectory):
    def create_account(self, account):
        raise ConnectionError("Cognito is down")


def test_a_person_id_in_the_body_is_refused():
    with pytest.raises(ValidationError) as err:
        UserCreate(**BODY, person_id="p_someone_elses")
    assert err.value.errors()[0]["loc"] == ("person_id",)


def test_the_person_id_is_minted_and_passed_to_the_account(town):
    store, bus, tenant = town
    directory = RecordingDirectory()
    user = logic.create_user(manager_of(tenant.tenant_id), UserCreate(**BODY), store, directory, bus)
    assert user.person_id.startswith("p_") and directory.accounts[0]["person_id"] == user.person_id
    assert user.audit is None  # a manager making a mentor is ordinary business


def test_a_duplicate_is_refused_before_any_account_is_made(town):
    store, bus, tenant = town
    directory = RecordingDirectory()
    logic.create_user(manager_of(tenant.tenant_id), UserCreate(**BODY), store, directory, bus)
    with pytest.raises(Conflict):
        logic.create_user(
            manager_of(tenant.tenant_id),
            UserCreate(**{**BODY, "email": "OLA@example.org"}),
            store,
            directory,
            bus,
        )
    assert len(directory.accounts) == 1


def test_the_reservation_is_rolled_back_when_the_account_cannot_be_made(town):
    store, bus, tenant = town
    sent_before = len(bus.sent)
    with pytest.raises(ConnectionError):
        logic.create_user(manager_of(tenant.tenant_id), UserCreate(**BODY), store, BrokenDirectory(), bus)
    assert store.users == {} and len(bus.sent) == sent_before
    # ... so the same e-mail can be tried again
    logic.create_user(manager_of(tenant.tenant_id), UserCreate(**BODY), store, RecordingDirectory(), bus)


def test_the_admin_making_a_manager_is_audited_and_announced(town):
    store, bus, tenant = town
    body = UserCreate(**{**BODY, "role": "manager", "tenant_id": tenant.tenant_id})
    user = logic.create_user(ADMIN, body, store, RecordingDirectory(), bus)
    assert user.audit is not None
    assert (user.audit.actor_id, user.audit.person_id, user.audit.tenant_id) == (
        "a",
        user.person_id,
        tenant.tenant_id,
    )
    assert user.audit.action == "manager_created"
    assert logic.audit_trail(ADMIN, tenant.tenant_id, store) == [user.audit]
    announced = bus.sent[-1][1]
    assert announced.event_type() == "ManagerAdded" and announced.visibility == "internal"
    assert announced.person_id == user.person_id and announced.audit_id == user.audit.audit_id
    with pytest.raises(Exception, match="role"):
        logic.audit_trail(manager_of(tenant.tenant_id), tenant.tenant_id, store)


# --- trainers see mentors only ------------------------------------------------------------------


def participant(pid: str, role: str, person: str) -> Participant:
    return Participant(
        participant_id=pid,
        person_id=person,
        tenant_id="t_1",
        programme_id="prg_1",
        application_id=f"app_{pid}",
        role=role,
        given_name="X",
        family_name="Y",
        language="de",
        eligible=True,
        accepted_at=datetime.now(UTC),
    )


TRAINER = signed_in("tr", "trainer", tenant_id="t_1", person_id="p_tr")


def test_a_trainer_reads_mentors_and_never_mentees():
    store = InMemoryParticipants(
        participant("pt_mentor", "mentor", "p_1"), participant("pt_mentee", "mentee", "p_2")
    )
    assert logic.read_participant(TRAINER, "pt_mentor", store).role == "mentor"
    with pytest.raises(NotFound):
        logic.read_participant(TRAINER, "pt_mentee", store)
    listed = logic.list_participants(TRAINER, store, programme_id=None, role=None)
    assert [p.participant_id for p in listed] == ["pt_mentor"]
    assert logic.list_participants(TRAINER, store, programme_id=None, role="mentee") == []


# --- a pending link is confirmed only by the account's owner ------------------------------------


def test_only_the_accounts_owner_confirms_a_link():
    link = account_link()

    stranger = signed_in("s", "mentee", tenant_id="t_1", person_id="p_x")
    with pytest.raises(NotFound):
        logic.confirm_link(stranger, "lnk_1", OneLink(link), RecordingDirectory(), RecordingPublisher())


# --- the directory: a login is made whole or not at all ---------------------------------------------


def test_a_login_whose_group_cannot_be_given_is_deleted_again():
    from services.intake.directory import CognitoDirectory

    class Client:
        class exceptions:  # mirrors boto3's client.exceptions
            class UsernameExistsException(Exception):
                pass

        def __init__(self):
            self.deleted = []

        def admin_create_user(self, **kw):
            assert kw["Username"] == "t_1#ola@example.org"  # per municipality, case-folded
            return {"User": {"Attributes": [{"Name": "sub", "Value": "s-1"}]}}

        def admin_add_user_to_group(self, **kw):
            raise ConnectionError("throttled")

        def admin_delete_user(self, **kw):
            self.deleted.append(kw["Username"])

    client = Client()
    with pytest.raises(ConnectionError):
        CognitoDirectory(client, "pool").create_account(
            logic.NewAccount(
                email="Ola@example.org",
                role="mentor",
                tenant_id="t_1",
                person_id="p_1",
                given_name="Ola",
                family_name="Nowak",
                language="pl",
            )
        )
    assert client.deleted == ["t_1#ola@example.org"]
