"""The vertical slice over HTTP: admin → tenant and manager → programme → the managers' e-mail."""

from __future__ import annotations

import copy

from infra.local.seed import ADMIN_EMAIL
from tests.e2e.conftest import PROGRAMME, Api


def test_admin_creates_tenant_manager_opens_programme_and_managers_are_mailed(api: Api):
    tenant = api.new_tenant(language="pl")
    r = api.call("POST", "/v1/programmes", tenant["manager"], json=PROGRAMME)
    assert r.status_code == 201, r.text
    programme = r.json()
    assert r.headers["Location"] == f"/v1/programmes/{programme['programme_id']}"
    api.settle()

    # The manager's own welcome (her account) came first; then the programme's announcement.
    welcome, mail = api.outbox_to(tenant["manager_email"])
    assert welcome["subject"] == "Twoje konto w Tandem"
    assert mail["subject"] == "Nowy program otwarty: Mentoring Start"  # in the manager's language
    link = f"{api.url}/forms/{tenant['slug']}/{programme['programme_id']}?role=mentee&lang=pl"
    assert link in mail["body"]

    got = api.call("GET", f"/v1/programmes/{programme['programme_id']}", tenant["manager"])
    assert got.status_code == 200
    assert got.json()["name"] == "Mentoring Start" and got.json()["max_group_size"] == 4
    listed = api.call("GET", "/v1/programmes", tenant["manager"]).json()["items"]
    assert [p["programme_id"] for p in listed] == [programme["programme_id"]]


def test_the_admin_lists_tenants(api: Api):
    tenant = api.new_tenant()
    slugs = [t["slug"] for t in api.call("GET", "/v1/tenants", api.token(ADMIN_EMAIL)).json()["items"]]
    assert tenant["slug"] in slugs and "demo" in slugs


def test_a_forged_or_missing_token_gets_401(api: Api):
    real = api.token(ADMIN_EMAIL)
    header, payload, signature = real.split(".")
    forged = f"{header}.{payload}.{signature[::-1]}"
    for token in (forged, "garbage", None):
        r = api.call("GET", "/v1/tenants", token)
        assert r.status_code == 401
        assert r.headers["Content-Type"] == "application/problem+json"


def test_a_manager_creating_a_tenant_gets_403(api: Api):
    tenant = api.new_tenant()
    r = api.call(
        "POST",
        "/v1/tenants",
        tenant["manager"],
        json={
            "slug": "sneaky-town",
            "name": "Sneaky",
            "default_language": "en",
            "languages": ["en"],
            "timezone": "Europe/Berlin",
        },
    )
    assert r.status_code == 403
    assert r.json()["status"] == 403
    slugs = [t["slug"] for t in api.call("GET", "/v1/tenants", api.token(ADMIN_EMAIL)).json()["items"]]
    assert "sneaky-town" not in slugs


def test_a_manager_of_tenant_a_learns_nothing_of_tenant_b(api: Api):
    a, b = api.new_tenant(), api.new_tenant()
    theirs = api.call("POST", "/v1/programmes", b["manager"], json=PROGRAMME).json()
    missing = api.call("GET", "/v1/programmes/prg_doesnotexist", a["manager"])
    r = api.call("GET", f"/v1/programmes/{theirs['programme_id']}", a["manager"])
    assert r.status_code == 404
    # Indistinguishable from a programme that does not exist: same status, same body.
    assert r.json() == missing.json()
    patch = api.call("PATCH", f"/v1/programmes/{theirs['programme_id']}", a["manager"], json={"name": "Mine"})
    assert patch.status_code == 404
    assert api.call("GET", "/v1/programmes", a["manager"]).json()["items"] == []
    still = api.call("GET", f"/v1/programmes/{theirs['programme_id']}", b["manager"]).json()
    assert still["name"] == PROGRAMME["name"]


def test_an_unknown_field_gets_422_naming_it_and_nothing_is_stored(api: Api):
    tenant = api.new_tenant()
    body = copy.deepcopy(PROGRAMME)
    body["colour"] = "blue"
    r = api.call("POST", "/v1/programmes", tenant["manager"], json=body)
    assert r.status_code == 422
    assert r.headers["Content-Type"] == "application/problem+json"
    assert [e["field"] for e in r.json()["errors"]] == ["colour"]
    api.settle()
    assert api.call("GET", "/v1/programmes", tenant["manager"]).json()["items"] == []
    # Nothing published, nobody mailed: the manager has only her account's welcome.
    assert [m["subject"] for m in api.outbox_to(tenant["manager_email"])] == ["Your Tandem account"]


def test_a_manager_cannot_name_another_tenant_for_a_new_user(api: Api):
    a, b = api.new_tenant(), api.new_tenant()
    r = api.call(
        "POST",
        "/v1/users",
        a["manager"],
        json={
            "email": "mentor@example.org",
            "role": "mentor",
            "given_name": "M",
            "family_name": "N",
            "language": "en",
            "tenant_id": b["tenant_id"],
        },
    )
    assert r.status_code == 422
    assert r.json()["rule"] == "tenant_from_token"


def test_a_manager_adds_a_mentor_account_in_their_own_tenant(api: Api):
    tenant = api.new_tenant()
    mentor = {
        "email": f"mentor@{tenant['slug']}.example.org",
        "role": "mentor",
        "given_name": "Jan",
        "family_name": "Kowalski",
        "language": "pl",
    }
    r = api.call("POST", "/v1/users", tenant["manager"], json=mentor)
    assert r.status_code == 201, r.text
    user = r.json()
    assert user["tenant_id"] == tenant["tenant_id"] and user["role"] == "mentor"
    again = api.call("POST", "/v1/users", tenant["manager"], json=mentor)
    assert again.status_code == 409


def test_a_taken_slug_is_a_conflict(api: Api):
    admin = api.token(ADMIN_EMAIL)
    r = api.call(
        "POST",
        "/v1/tenants",
        admin,
        json={
            "slug": "demo",
            "name": "Another demo",
            "default_language": "en",
            "languages": ["en"],
            "timezone": "Europe/Berlin",
        },
    )
    assert r.status_code == 409


def test_the_demo_seed_and_the_docs_are_served(api: Api):
    seeded = api.runtime.seeded
    manager = api.token(seeded["manager"])
    assert api.call("GET", f"/v1/programmes/{seeded['programme_id']}", manager).status_code == 200
    assert "swagger-ui" in api.call("GET", "/docs").text
    spec = api.call("GET", "/openapi.json").json()
    assert "/v1/programmes/{programme_id}" in spec["paths"] and "/v1/tenants" in spec["paths"]


def test_the_local_routes_answer_before_any_service(api: Api):
    home = api.call("GET", "/").json()
    assert home["seeded"] == api.runtime.seeded and home["docs"] == f"{api.url}/docs"
    assert "emails" in api.call("GET", "/local/outbox").json()

    unreadable = api.call("POST", "/local/token", data=b"not json")
    nobody = api.call("POST", "/local/token", json={"email": "nobody@nowhere.example"})

    assert unreadable.status_code == 422 and unreadable.json()["errors"] == [{"field": "email"}]
    assert nobody.status_code == 404
    assert nobody.headers["Content-Type"] == "application/problem+json"
    assert nobody.json() == {
        "type": "/problems/not-found",
        "title": "Not Found",
        "status": 404,
        "detail": "No single account with that e-mail; name the municipality (id or slug) as 'tenant'.",
    }
