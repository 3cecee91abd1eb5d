"""Accounts over HTTP: minted person ids, accounts per municipality, confirmed links, trainers, audit."""

from __future__ import annotations

import uuid
from typing import Any

import boto3
import pytest

from infra.local.runtime import ADMIN_EMAIL
from tests.e2e.conftest import PROGRAMME, Api
from tests.e2e.test_applications_api import mentee, mentor


def token(api: Api, email: str, tenant: str | None = None) -> str:
    r = api.http.post(f"{api.url}/local/token", json={"email": email, "tenant": tenant}, timeout=10)
    assert r.status_code == 200, r.text
    return str(r.json()["id_token"])


def accounts_with(api: Api, email: str) -> list[dict[str, Any]]:
    """The user pool's accounts with this e-mail, read from moto directly (not through the API)."""
    with api.runtime.lock:
        users = boto3.client("cognito-idp").list_users(
            UserPoolId=api.runtime.cloud.user_pool_id, Filter=f'email = "{email}"'
        )["Users"]
    return [{a["Name"]: a["Value"] for a in u["Attributes"]} | {"username": u["Username"]} for u in users]


def contact_of(api: Api, tenant_id: str, person_id: str) -> Any:
    """What notifications knows of a person (its store is only importable once the runtime runs)."""
    from services.notifications.store import NotificationsStore

    with api.runtime.lock:
        return NotificationsStore().contact(tenant_id, person_id)


def new_user(api: Api, manager: str, role: str = "mentee", email: str | None = None, **extra: Any):
    body = {
        "email": email or f"u.{uuid.uuid4().hex[:8]}@example.org",
        "role": role,
        "given_name": "Iwona",
        "family_name": "Lis",
        "language": "pl",
        **extra,
    }
    return api.call("POST", "/v1/users", manager, json=body)


def town_with_programme(api: Api) -> dict[str, Any]:
    return api.new_town(PROGRAMME, language="pl")


def accept(api: Api, town: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    r = api.call("POST", town["apply"], json=body)
    assert r.status_code == 201, r.text
    decided = api.call(
        "POST",
        f"/v1/applications/{r.json()['application_id']}/decision",
        town["manager"],
        json={"decision": "accepted"},
    )
    assert decided.status_code == 200, decided.text
    api.settle()
    participant_id = decided.json()["participant_id"]
    return dict(api.call("GET", f"/v1/participants/{participant_id}", town["manager"]).json())


@pytest.fixture(scope="module")
def town(api: Api) -> dict[str, Any]:
    return town_with_programme(api)


@pytest.fixture(scope="module")
def other_town(api: Api) -> dict[str, Any]:
    return town_with_programme(api)


# --- item 2: person ids are minted; a refused request leaves no account -------------------------------


def test_a_person_id_in_the_body_is_refused_and_no_account_is_made(api: Api, town):
    victim = accept(api, town, mentee())
    email = f"attacker.{uuid.uuid4().hex[:8]}@example.org"
    r = new_user(api, town["manager"], email=email, person_id=victim["person_id"])
    assert r.status_code == 422
    assert r.headers["Content-Type"] == "application/problem+json"
    assert "person_id" in r.text
    assert accounts_with(api, email) == []
    assert api.http.post(f"{api.url}/local/token", json={"email": email}, timeout=10).status_code == 404


def test_the_person_id_is_minted_by_the_system(api: Api, town):
    r = new_user(api, town["manager"])
    assert r.status_code == 201, r.text
    user = r.json()
    (account,) = accounts_with(api, user["email"])
    assert account["custom:person_id"] == user["person_id"] and user["person_id"].startswith("p_")
    assert account["custom:tenant_id"] == town["tenant_id"]


def test_a_duplicate_is_409_and_leaves_no_second_account(api: Api, town):
    email = f"twice.{uuid.uuid4().hex[:8]}@example.org"
    first = new_user(api, town["manager"], email=email)
    assert first.status_code == 201
    again = new_user(api, town["manager"], email=email.upper(), role="mentor")
    assert again.status_code == 409
    assert again.headers["Content-Type"] == "application/problem+json"
    (account,) = accounts_with(api, email)
    assert account["custom:person_id"] == first.json()["person_id"]
    # An account made by a decision (no reservation of its own) is a 409 too, and still the only one.
    accepted = accept(api, town, mentee())
    email2 = api.call("GET", f"/v1/applications/{accepted['application_id']}", town["manager"]).json()
    email2 = email2["application"]["person"]["email"]
    assert new_user(api, town["manager"], email=email2).status_code == 409
    assert len(accounts_with(api, email2)) == 1
    # The signed-in identity of that e-mail is still the first one, with its own person id.
    me = api.call("GET", "/v1/participants", token(api, email2)).json()["items"]
    assert [p["person_id"] for p in me] == [accepted["person_id"]]


def test_a_failure_in_cognito_releases_the_reservation(api: Api, town, monkeypatch):
    from services.intake.directory import CognitoDirectory

    email = f"flaky.{uuid.uuid4().hex[:8]}@example.org"

    def cognito_down(*args: Any, **kwargs: Any) -> str:
        raise ConnectionError("Cognito is down")

    with monkeypatch.context() as patched:
        patched.setattr(CognitoDirectory, "create_account", cognito_down)
        failed = new_user(api, town["manager"], email=email)
    assert failed.status_code == 500 and accounts_with(api, email) == []
    # Nothing is left reserved: the same e-mail is accepted on the next try, with exactly one login.
    assert new_user(api, town["manager"], email=email).status_code == 201
    assert len(accounts_with(api, email)) == 1


# --- item 5: accounts are per municipality -----------------------------------------------------------


def test_another_municipality_creates_the_same_e_mail_and_learns_nothing(api: Api, town, other_town):
    email = f"both.{uuid.uuid4().hex[:8]}@example.org"
    in_a = new_user(api, town["manager"], email=email)
    assert in_a.status_code == 201
    in_b = new_user(api, other_town["manager"], email=email, role="mentor")
    assert in_b.status_code == 201, in_b.text
    b = in_b.json()
    assert b["tenant_id"] == other_town["tenant_id"] and b["person_id"] != in_a.json()["person_id"]
    assert town["tenant_id"] not in in_b.text and in_a.json()["person_id"] not in in_b.text
    assert {a["custom:tenant_id"] for a in accounts_with(api, email)} == {
        town["tenant_id"],
        other_town["tenant_id"],
    }
    # A second account in B is refused with the same neutral words whether or not A has one.
    dup_b = new_user(api, other_town["manager"], email=email)
    fresh = f"only-b.{uuid.uuid4().hex[:8]}@example.org"
    assert new_user(api, other_town["manager"], email=fresh).status_code == 201
    dup_fresh = new_user(api, other_town["manager"], email=fresh)
    assert dup_b.status_code == dup_fresh.status_code == 409
    assert dup_b.json()["detail"] == dup_fresh.json()["detail"]
    # Each account signs in to its own municipality; the slug or the id picks it.
    for tenant, role in ((town["slug"], "mentee"), (other_town["tenant_id"], "mentor")):
        claims = api.runtime.verifier.verify(token(api, email, tenant))
        assert claims["cognito:groups"] == [role]
    ambiguous = api.http.post(f"{api.url}/local/token", json={"email": email}, timeout=10)
    assert ambiguous.status_code == 404


def test_a_mentee_of_one_municipality_can_also_join_another(api: Api, town, other_town):
    email = f"moves.{uuid.uuid4().hex[:8]}@example.org"
    in_a = accept(api, town, mentee(email))
    in_b = accept(api, other_town, mentee(email))
    assert in_b["account_link"] is None and in_b["person_id"] != in_a["person_id"]
    for place, participant in ((town, in_a), (other_town, in_b)):
        mine = api.call("GET", "/v1/participants", token(api, email, place["slug"])).json()["items"]
        assert [p["participant_id"] for p in mine] == [participant["participant_id"]]


def test_an_unverified_e_mail_match_links_only_after_the_owner_confirms(api: Api, town):
    email = f"owner.{uuid.uuid4().hex[:8]}@example.org"
    first = mentee(email)
    first["person"]["phone"] = "+48 500 100 100"
    owner_participation = accept(api, town, first)
    owner_person = owner_participation["person_id"]

    # Someone applies as a mentor with the same e-mail, another phone and SMS consent.
    second = mentor(person={**first["person"], "phone": "+48 600 666 666"})
    second["consent"] = {**second["consent"], "contact_sms": True}
    pending = accept(api, town, second)
    assert pending["account_link"] == "pending"
    assert pending["person_id"] != owner_person

    # The owner's account and contact details are untouched: no new group, no new phone or SMS consent.
    contact = contact_of(api, town["tenant_id"], owner_person)
    assert contact is not None and contact.phone == "+48 500 100 100" and contact.contact_sms is False
    owner = token(api, email)
    assert api.runtime.verifier.verify(owner)["cognito:groups"] == ["mentee"]
    assert [p["participant_id"] for p in api.call("GET", "/v1/participants", owner).json()["items"]] == [
        owner_participation["participant_id"]
    ]

    # Nobody else can see or confirm the link.
    stranger = token(api, new_user(api, town["manager"]).json()["email"])
    assert api.call("GET", "/v1/me/links", stranger).json()["items"] == []
    (link,) = api.call("GET", "/v1/me/links", owner).json()["items"]
    assert link["participant_id"] == pending["participant_id"]
    confirm = f"/v1/me/links/{link['link_id']}/confirm"
    assert api.call("POST", confirm, stranger).status_code == 404

    # The owner confirms: the participation is theirs, and their account gains the mentor role.
    r = api.call("POST", confirm, owner)
    assert r.status_code == 200, r.text
    assert r.json()["person_id"] == owner_person and r.json()["account_link"] is None
    assert api.call("POST", confirm, owner).status_code == 409
    api.settle()
    owner = token(api, email)
    assert sorted(api.runtime.verifier.verify(owner)["cognito:groups"]) == ["mentee", "mentor"]
    mine = {p["participant_id"] for p in api.call("GET", "/v1/participants", owner).json()["items"]}
    assert mine == {owner_participation["participant_id"], pending["participant_id"]}
    contact = contact_of(api, town["tenant_id"], owner_person)
    assert contact is not None and contact.phone == "+48 500 100 100"


# --- item 4: trainers see mentors, not mentees ---------------------------------------------------------


def test_a_trainer_reads_mentors_and_not_mentees(api: Api, town):
    a_mentee = accept(api, town, mentee())
    a_mentor = accept(api, town, mentor())
    trainer = token(api, new_user(api, town["manager"], role="trainer").json()["email"])
    assert api.call("GET", f"/v1/participants/{a_mentee['participant_id']}", trainer).status_code == 404
    seen = api.call("GET", f"/v1/participants/{a_mentor['participant_id']}", trainer)
    assert seen.status_code == 200 and seen.json()["role"] == "mentor"
    listed = api.call("GET", "/v1/participants", trainer)
    assert listed.status_code == 200
    roles = {p["role"] for p in listed.json()["items"]}
    ids = {p["participant_id"] for p in listed.json()["items"]}
    assert roles == {"mentor"} and a_mentor["participant_id"] in ids and a_mentee["participant_id"] not in ids
    assert api.call("GET", "/v1/participants?role=mentee", trainer).json()["items"] == []
    training = {"module": "mentoring_basics", "completed_on": "2026-10-01", "assessment_passed": True}
    path = f"/v1/participants/{a_mentee['participant_id']}/training"
    assert api.call("POST", path, trainer, json=training).status_code == 404


# --- item 15: the admin making a manager is recorded, and the other managers are told ------------------


def test_the_admin_making_a_manager_is_audited_and_the_managers_are_told(api: Api, other_town):
    admin = token(api, ADMIN_EMAIL)
    email = f"second.{uuid.uuid4().hex[:8]}@example.org"
    r = new_user(
        api, admin, role="manager", email=email, tenant_id=other_town["tenant_id"], given_name="Marek"
    )
    assert r.status_code == 201, r.text
    user = r.json()
    audit = user["audit"]
    assert audit["action"] == "manager_created" and audit["person_id"] == user["person_id"]
    assert audit["tenant_id"] == other_town["tenant_id"] and audit["actor_id"]
    trail = api.call("GET", f"/v1/tenants/{other_town['tenant_id']}/audit", admin)
    assert trail.status_code == 200 and audit in trail.json()["items"]
    assert (
        api.call("GET", f"/v1/tenants/{other_town['tenant_id']}/audit", other_town["manager"]).status_code
        == 403
    )
    api.settle()
    told = [
        m for m in api.outbox_to(other_town["manager_email"]) if "Nowa osoba zarządzająca" in m["subject"]
    ]
    assert len(told) == 1 and "Marek Lis" in told[0]["body"]
    assert not [m for m in api.outbox_to(email) if "zarządzająca" in (m["subject"] or "")]
    # A manager making another manager is ordinary business: no audit record, no notice.
    by_manager = new_user(api, other_town["manager"], role="manager")
    assert by_manager.status_code == 201 and by_manager.json()["audit"] is None


def test_the_openapi_declares_the_created_user(api: Api):
    spec = api.call("GET", "/openapi.json").json()
    created = spec["paths"]["/v1/users"]["post"]["responses"]["201"]
    assert created["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/User"}
    assert "person_id" not in spec["components"]["schemas"]["UserCreate"]["properties"]
    assert "person_id" in spec["components"]["schemas"]["User"]["properties"]
