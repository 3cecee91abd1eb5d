"""E-mails that say how to sign in, and e-mails that link to pages: read from /local/outbox.

Cognito sends no invitation any more (services/intake/directory.py suppresses it): Tandem's own e-mails,
in the person's language, carry the municipality's sign-in page and the address to sign in with. No
e-mail links to the API (`/v1/...`), whose URLs answer 401 in a browser.
"""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

import pytest

from infra.local.runtime import LocalRuntime
from infra.local.seed import ADMIN_EMAIL
from tests.e2e.conftest import PROGRAMME, Api
from tests.e2e.test_accounts import new_user, town_with_programme
from tests.e2e.test_applications_api import mentee, mentor

LINK = re.compile(r"https?://\S+")


@pytest.fixture(scope="module")
def town(api: Api) -> dict[str, Any]:
    return town_with_programme(api)  # Polish, with one programme


def links_in(mail: dict[str, Any]) -> list[str]:
    return LINK.findall(mail["body"])


def only_pages(mail: dict[str, Any], api: Api) -> list[str]:
    """Every link of the e-mail: a page of Tandem (`/app/...` or a public form), never the API."""
    found = links_in(mail)
    assert "/v1/" not in mail["body"], mail["body"]
    for link in found:
        assert link.startswith(f"{api.url}/app/") or link.startswith(f"{api.url}/forms/"), link
    return found


def test_a_manager_made_by_the_admin_is_welcomed_and_the_other_managers_are_told(api: Api, town):
    email = f"nowa.{uuid.uuid4().hex[:8]}@example.org"
    admin = api.token(ADMIN_EMAIL)
    made = new_user(api, admin, role="manager", email=email, tenant_id=town["tenant_id"], given_name="Ewa")
    assert made.status_code == 201, made.text
    api.settle()
    [welcome] = api.outbox_to(email)
    assert welcome["subject"] == "Twoje konto w Tandem"  # the account's language: Polish
    assert welcome["body"].startswith("Dzień dobry Ewa,")
    assert only_pages(welcome, api) == [f"{api.url}/app/{town['slug']}/sign-in"]
    assert f"wpisz ten adres e-mail: {email}" in welcome["body"]
    # "ManagerAdded tells the other managers" still holds, and the new manager is not told of herself.
    told = [m for m in api.outbox_to(town["manager_email"]) if "Nowa osoba zarządzająca" in m["subject"]]
    assert any("Ewa Lis" in m["body"] for m in told)


def test_a_trainer_made_by_a_manager_is_welcomed_in_the_trainers_language(api: Api, town):
    email = f"trainer.{uuid.uuid4().hex[:8]}@example.org"
    made = new_user(api, town["manager"], role="trainer", email=email, language="de", given_name="Jonas")
    assert made.status_code == 201, made.text
    api.settle()
    [welcome] = api.outbox_to(email)
    assert welcome["subject"] == "Ihr Tandem-Konto" and welcome["body"].startswith("Hallo Jonas,")
    assert "als Trainerin oder Trainer" in welcome["body"]
    assert only_pages(welcome, api) == [f"{api.url}/app/{town['slug']}/sign-in"]
    # The new account signs in where the e-mail says: the sign-in page answers for that municipality.
    page = api.call("GET", f"/app/{town['slug']}/sign-in")
    assert page.status_code == 200


def test_the_acceptance_is_the_welcome_with_the_sign_in_page_and_the_address(api: Api, town):
    body = mentee()
    email = body["person"]["email"]
    application = api.call("POST", town["apply"], json=body).json()["application_id"]
    decided = api.call(
        "POST", f"/v1/applications/{application}/decision", town["manager"], json={"decision": "accepted"}
    )
    assert decided.status_code == 200
    api.settle()
    [receipt, decision] = api.outbox_to(email)
    assert decision["subject"] == f"Witamy w programie {PROGRAMME['name']}"
    assert only_pages(decision, api) == [f"{api.url}/app/{town['slug']}/sign-in"]
    assert f"wpisz ten adres e-mail: {email}" in decision["body"]
    assert "/links" not in decision["body"]  # no place waits for confirmation
    only_pages(receipt, api)


def test_an_acceptance_of_an_address_with_an_account_links_to_the_page_to_confirm_it(api: Api, town):
    first = mentee()
    email = first["person"]["email"]
    for body in (first, mentor(person={**first["person"]})):
        application = api.call("POST", town["apply"], json=body).json()["application_id"]
        decided = api.call(
            "POST", f"/v1/applications/{application}/decision", town["manager"], json={"decision": "accepted"}
        )
        assert decided.status_code == 200
    api.settle()
    decisions = [m for m in api.outbox_to(email) if m["subject"].startswith("Witamy")]
    assert len(decisions) == 2
    second = decisions[-1]
    assert only_pages(second, api) == [
        f"{api.url}/app/{town['slug']}/sign-in",
        f"{api.url}/app/{town['slug']}/links",
    ]
    assert "ma już u nas konto" in second["body"]
    # The page it names lists the place, for the address's owner.
    owner = api.http.post(
        f"{api.url}/local/token", json={"email": email, "tenant": town["tenant_id"]}, timeout=10
    ).json()["id_token"]
    page = api.call("GET", f"/app/{town['slug']}/links", owner)
    assert page.status_code == 200 and 'name="link_id"' in page.text


def test_the_managers_digest_links_to_the_applications_page(api: Api, runtime: LocalRuntime, town):
    name = f"Digest {uuid.uuid4().hex[:6]}"
    made = api.call("POST", "/v1/programmes", town["manager"], json={**PROGRAMME, "name": name})
    assert made.status_code == 201, made.text
    programme_id = made.json()["programme_id"]
    apply = f"/v1/public/{town['slug']}/programmes/{programme_id}/applications"
    assert api.call("POST", apply, json=mentee()).status_code == 201
    api.settle()
    runtime.advance_clock(timedelta(hours=1))
    api.settle()
    mails = [m for m in api.outbox_to(town["manager_email"]) if m["subject"].endswith(name)]
    [digest] = [m for m in mails if m["subject"].startswith("Nowe zgłoszenia")]
    assert only_pages(digest, api) == [f"{api.url}/app/{town['slug']}/programmes/{programme_id}/applications"]


def test_no_e_mail_in_the_outbox_links_to_the_api(api: Api):
    """Whatever the tests before sent (receipts, decisions, welcomes, digests, programme announcements)."""
    emails = api.call("GET", "/local/outbox").json()["emails"]
    assert emails
    offenders = [m["subject"] for m in emails if "/v1/" in (m["body"] or "")]
    assert offenders == []
