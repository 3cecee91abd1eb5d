"""The network admin's pages and the account-links page, over HTTP on the local runtime.

Pages are reached as a browser reaches them: the token as the session cookie, each form with its CSRF
pair (tests/fakes/web.py), redirects not followed.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page as PlaywrightPage
from playwright.sync_api import expect

from infra.local.runtime import LocalRuntime
from infra.local.seed import ADMIN_EMAIL
from services.intake.web import web
from shared.web.session import FLASH_COOKIE
from tests.e2e.browser import PHONE, chromium
from tests.e2e.conftest import Api
from tests.e2e.test_accounts import accept, new_user, token, town_with_programme
from tests.e2e.test_applications_api import mentee, mentor
from tests.e2e.test_forms_http import PAGE_WEIGHT_LIMIT, Page

MUNICIPALITIES = "/app/network/municipalities"
ARTIFACTS = Path(__file__).parent / "artifacts"


def t(key: str, lang: str = "en", **values: Any) -> str:
    return web.text(lang, key, **values)


def flash_of(answer: Any) -> dict[str, Any]:
    """The next request's cookie header carrying the flash message a redirect set (the test client's jar
    keeps `Secure` cookies off plain http, as a browser would)."""
    return {"headers": {"Cookie": f"{FLASH_COOKIE}={answer.cookies.get(FLASH_COOKIE)}"}}


def new_slug() -> str:
    return f"adm-{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="module")
def admin(api: Api) -> str:
    return api.token(ADMIN_EMAIL)


@pytest.fixture(scope="module")
def town(api: Api) -> dict[str, Any]:
    return town_with_programme(api)


def tenants(api: Api, admin: str) -> dict[str, dict[str, Any]]:
    return {t["slug"]: t for t in api.call("GET", "/v1/tenants", admin).json()["items"]}


def municipality_form(slug: str, **changes: str) -> dict[str, str]:
    return {
        "name": f"Stadt {slug}",
        "slug": slug,
        "default_language": "de",
        "languages": "de, en, uk",
        "timezone": "Europe/Berlin",
        **changes,
    }


# --- the municipalities -----------------------------------------------------------------------------


def test_the_admin_adds_a_municipality_and_its_first_manager(api: Api, admin: str):
    listed = api.call("GET", MUNICIPALITIES, admin)
    assert listed.status_code == 200 and listed.headers["Content-Type"].startswith("text/html")
    page = Page(listed.text)
    # The admin's menu, with this page marked as the current one.
    [current] = [a for a in page.all("a") if a.get("aria-current") == "page"]
    assert current["href"] == MUNICIPALITIES
    assert "Demo" in page.words or "demo" in page.words

    slug = new_slug()
    added = api.call("POST", MUNICIPALITIES, admin, data=municipality_form(slug))
    assert added.status_code == 303, added.text
    tenant = tenants(api, admin)[slug]
    assert (tenant["default_language"], tenant["languages"]) == ("de", ["de", "en", "uk"])
    assert added.headers["Location"] == f"{MUNICIPALITIES}/{tenant['tenant_id']}"

    shown = api.call("GET", added.headers["Location"], admin, **flash_of(added))
    assert shown.status_code == 200
    # Page weight (issue 10): everything in the one HTML answer, nothing external.
    assert len(listed.content) <= PAGE_WEIGHT_LIMIT and len(shown.content) <= PAGE_WEIGHT_LIMIT
    assert "http" not in shown.text.replace(api.url, "")
    words = Page(shown.text).words
    assert t("admin.flash.municipality_added", name=f"Stadt {slug}") in words
    assert t("admin.managers.none") in words and f"/app/{slug}/sign-in" in words

    email = f"lena.{uuid.uuid4().hex[:8]}@example.org"
    form = {"given_name": "Lena", "family_name": "Berg", "email": email, "language": "de"}
    made = api.call("POST", added.headers["Location"], admin, data=form)
    assert made.status_code == 303, made.text
    assert made.headers["Location"] == added.headers["Location"]
    page = Page(api.call("GET", made.headers["Location"], admin, **flash_of(made)).text)
    assert t("admin.flash.manager_added", name="Lena Berg", email=email) in page.words
    assert "Lena Berg" in page.words and email in page.words
    # The audit trail says who was added (by the admin's account), as the API's trail does.
    assert t("admin.audit.action.manager_created", name="Lena Berg") in page.words
    trail = api.call("GET", f"/v1/tenants/{tenant['tenant_id']}/audit", admin).json()["items"]
    assert [e["action"] for e in trail] == ["manager_created"]
    # The new manager signs in to the new municipality.
    manager = api.token(email)
    assert api.runtime.verifier.verify(manager)["cognito:groups"] == ["manager"]


def test_mistakes_are_shown_at_their_fields_and_nothing_is_made(api: Api, admin: str):
    slug = "Not A Slug!"
    before = set(tenants(api, admin))
    r = api.call(
        "POST",
        MUNICIPALITIES,
        admin,
        data=municipality_form(slug, name="", languages="", timezone="Mars/Olympus"),
    )
    assert r.status_code == 422
    page = Page(r.text)
    summary = [a["href"] for a in page.all("a") if a.get("href", "").startswith("#f-")]
    assert summary == ["#f-name", "#f-slug", "#f-languages", "#f-timezone"]
    for name in ("name", "slug", "languages", "timezone"):
        assert page.by_id(f"f-{name}")["aria-invalid"] == "true"
        assert page.by_id(f"f-{name}-error")
    assert "aria-invalid" not in page.by_id("f-default_language")
    assert t("admin.error.tenant.slug") in page.words and t("admin.error.tenant.timezone") in page.words
    # What was typed is kept.
    assert (
        page.by_id("f-slug")["value"] == "not a slug!" and page.by_id("f-timezone")["value"] == "Mars/Olympus"
    )
    assert t("form.errors_title") in page.words
    assert set(tenants(api, admin)) == before

    # The main language must be one of the languages.
    r = api.call("POST", MUNICIPALITIES, admin, data=municipality_form(new_slug(), default_language="pl"))
    assert r.status_code == 422
    assert Page(r.text).by_id("f-default_language")["aria-invalid"] == "true"


def test_a_taken_or_reserved_slug_is_said_in_words_at_the_slug(api: Api, admin: str):
    taken = api.call("POST", MUNICIPALITIES, admin, data=municipality_form("demo"))
    assert taken.status_code == 422
    page = Page(taken.text)
    assert page.by_id("f-slug")["aria-invalid"] == "true"
    assert t("admin.error.tenant.slug_taken", slug="demo") in page.words
    assert tenants(api, admin)["demo"]["name"] != "Stadt demo"  # the demo municipality is untouched

    reserved = api.call("POST", MUNICIPALITIES, admin, data=municipality_form("network"))
    assert reserved.status_code == 422
    assert t("admin.error.tenant.slug_reserved") in Page(reserved.text).words


def test_the_manager_form_shows_its_mistakes_and_a_taken_address_at_the_field(api: Api, admin: str, town):
    path = f"{MUNICIPALITIES}/{town['tenant_id']}"
    bad = {"given_name": "Ada", "family_name": "", "email": "not-an-address", "language": "xx"}
    r = api.call("POST", path, admin, data=bad)
    assert r.status_code == 422
    page = Page(r.text)
    summary = [a["href"] for a in page.all("a") if a.get("href", "").startswith("#f-")]
    assert summary == ["#f-family_name", "#f-email", "#f-language"]
    assert page.by_id("f-given_name")["value"] == "Ada"

    taken = {"given_name": "Ada", "family_name": "Nowak", "email": town["manager_email"], "language": "pl"}
    r = api.call("POST", path, admin, data=taken)
    assert r.status_code == 422
    page = Page(r.text)
    assert page.by_id("f-email")["aria-invalid"] == "true"
    assert t("admin.error.manager.email_taken", email=town["manager_email"]) in page.words


def test_the_admin_sees_a_municipalitys_managers_and_none_of_its_participants(api: Api, admin: str, town):
    accepted = accept(api, town, mentee())
    application = api.call("GET", f"/v1/applications/{accepted['application_id']}", town["manager"]).json()
    applicant_email = application["application"]["person"]["email"]
    r = api.call("GET", f"{MUNICIPALITIES}/{town['tenant_id']}", admin)
    assert r.status_code == 200
    assert town["manager_email"] in r.text
    assert applicant_email not in r.text and accepted["participant_id"] not in r.text
    assert "Olena" not in r.text  # the applicant's name


def test_only_the_network_admin_opens_the_network_pages(api: Api, town):
    """A manager (or anyone not signed in as the network admin) is sent to the network's sign-in page,
    as for a page of another municipality; the pages exist under `network` only (404 page elsewhere)."""
    mentee_token = token(api, new_user(api, town["manager"]).json()["email"])
    for who in (town["manager"], mentee_token, None):
        for path in (MUNICIPALITIES, f"{MUNICIPALITIES}/{town['tenant_id']}"):
            r = api.call("GET", path, who)
            assert r.status_code == 303, (path, r.status_code)
            assert r.headers["Location"].startswith("/app/network/sign-in?next=")
        posted = api.call("POST", MUNICIPALITIES, who, data=municipality_form(new_slug()))
        assert posted.status_code == 303 and posted.headers["Location"].startswith("/app/network/sign-in")
    for who in (town["manager"], api.token(ADMIN_EMAIL)):
        r = api.call("GET", f"/app/{town['slug']}/municipalities", who)
        assert r.status_code == 404 and r.headers["Content-Type"].startswith("text/html")


def test_an_unknown_municipality_is_the_404_page_and_a_post_without_csrf_the_403_page(api: Api, admin: str):
    r = api.call("GET", f"{MUNICIPALITIES}/t_nobody", admin)
    assert r.status_code == 404 and t("error.404.heading") in Page(r.text).words
    forged = api.http.post(
        f"{api.url}{MUNICIPALITIES}",
        data=municipality_form(new_slug()),
        headers={"Cookie": f"__Host-tandem-id={admin}"},
        allow_redirects=False,
        timeout=10,
    )
    assert forged.status_code == 403 and forged.headers["Content-Type"].startswith("text/html")


# --- pending account links ---------------------------------------------------------------------------


def test_the_owner_of_an_address_confirms_a_pending_place_on_the_links_page(api: Api, town):
    email = f"owner.{uuid.uuid4().hex[:8]}@example.org"
    owner_participation = accept(api, town, mentee(email))
    pending = accept(api, town, mentor(person={**mentee(email)["person"]}))
    assert pending["account_link"] == "pending"
    owner = token(api, email)
    path = f"/app/{town['slug']}/links"

    shown = api.call("GET", path, owner)
    assert shown.status_code == 200
    page = Page(shown.text)
    assert t("links.confirm", "pl") in page.words
    [link_field] = [i for i in page.all("input") if i.get("name") == "link_id"]
    [form] = [f for f in page.all("form") if f.get("action") == path]
    assert form["method"] == "post"

    # Somebody else of the municipality sees nothing to confirm, and cannot confirm this one.
    stranger = token(api, new_user(api, town["manager"]).json()["email"])
    assert t("links.none", "pl") in Page(api.call("GET", path, stranger).text).words
    refused = api.call("POST", path, stranger, data={"link_id": link_field["value"]})
    assert refused.status_code == 404 and refused.headers["Content-Type"].startswith("text/html")

    confirmed = api.call("POST", path, owner, data={"link_id": link_field["value"]})
    assert confirmed.status_code == 303 and confirmed.headers["Location"] == path
    after = Page(api.call("GET", path, owner, **flash_of(confirmed)).text).words
    assert t("links.none", "pl") in after
    assert t("links.flash.confirmed", "pl", programme="Mentoring Start") in after
    api.settle()
    mine = {
        p["participant_id"] for p in api.call("GET", "/v1/participants", token(api, email)).json()["items"]
    }
    assert mine == {owner_participation["participant_id"], pending["participant_id"]}

    again = api.call("POST", path, owner, data={"link_id": link_field["value"]})
    assert again.status_code == 409 and again.headers["Content-Type"].startswith("text/html")


def test_another_municipalitys_link_is_the_404_page(api: Api, town):
    email = f"twice.{uuid.uuid4().hex[:8]}@example.org"
    accept(api, town, mentee(email))
    accept(api, town, mentor(person={**mentee(email)["person"]}))
    (link,) = api.call("GET", "/v1/me/links", token(api, email)).json()["items"]
    other = town_with_programme(api)
    outsider = token(api, new_user(api, other["manager"], email=email).json()["email"], other["tenant_id"])
    r = api.call("POST", f"/app/{other['slug']}/links", outsider, data={"link_id": link["link_id"]})
    assert r.status_code == 404 and r.headers["Content-Type"].startswith("text/html")
    # And this municipality's page is not theirs: on to its sign-in.
    r = api.call("GET", f"/app/{town['slug']}/links", outsider)
    assert r.status_code == 303 and r.headers["Location"].startswith(f"/app/{town['slug']}/sign-in")
    assert api.call("GET", "/v1/me/links", token(api, email, town["tenant_id"])).json()["items"] == [link]


def test_a_post_without_a_link_is_the_404_page(api: Api, town):
    r = api.call("POST", f"/app/{town['slug']}/links", town["manager"], data={})
    assert r.status_code == 404


# --- in a browser on a phone-sized screen ---------------------------------------------------------------
# (axe-core joins when the lead's tests/e2e/browser.py helpers are merged; here: 360 px, no JavaScript,
# the keyboard, screenshots in tests/e2e/artifacts/.)


@pytest.fixture
def signed_in_phone(api: Api, runtime: LocalRuntime) -> Iterator[Callable[[str, str], PlaywrightPage]]:
    """A phone-sized Chromium without JavaScript, signed in as a person does: the e-mail, then the code
    from the outbox."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:  # Debian's Chromium, as every browser test launches it

        def open_as(slug: str, email: str) -> PlaywrightPage:
            page = browser.new_context(viewport=PHONE, java_script_enabled=False).new_page()
            page.goto(f"{runtime.url}/app/{slug}/sign-in?lang=en")
            before = len(api.outbox_to(email))
            page.get_by_label(t("sign_in.email")).fill(email)
            page.get_by_label(t("sign_in.email")).press("Enter")
            page.get_by_label(t("sign_in.code.label")).wait_for()  # the code page: the code is sent
            api.settle()
            mail = api.outbox_to(email)[before:]
            [code] = re.findall(r"^(\d{6})$", mail[-1]["body"], re.MULTILINE)
            page.get_by_label(t("sign_in.code.label")).fill(code)
            page.get_by_label(t("sign_in.code.label")).press("Enter")
            return page

        yield open_as


def fits_the_phone(page: PlaywrightPage) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways: {width} px wide"


@pytest.mark.browser
def test_the_admin_adds_a_municipality_on_a_phone_by_keyboard(
    api: Api, runtime: LocalRuntime, signed_in_phone
):
    page = signed_in_phone("network", ADMIN_EMAIL)
    page.goto(f"{runtime.url}{MUNICIPALITIES}")
    fits_the_phone(page)
    page.screenshot(path=str(ARTIFACTS / "admin-municipalities.png"), full_page=True)
    # A mistake first: the summary, then each field named; Enter submits from the keyboard.
    page.get_by_label(t("admin.field.name"), exact=True).fill("Stadt am Fluss")
    page.get_by_label(t("admin.field.slug")).fill("network")
    page.get_by_label(t("admin.field.timezone")).press("Enter")
    fits_the_phone(page)
    page.screenshot(path=str(ARTIFACTS / "admin-municipalities-422.png"), full_page=True)
    expect(page.locator("main")).to_contain_text(t("admin.error.tenant.slug_reserved"))
    slug = new_slug()
    page.get_by_label(t("admin.field.slug")).fill(slug)
    page.get_by_label(t("admin.field.default_language")).fill("de")
    page.get_by_label(t("admin.field.languages")).fill("de, en")
    page.get_by_label(t("admin.field.languages")).press("Enter")
    expect(page.locator("main")).to_contain_text(t("admin.flash.municipality_added", name="Stadt am Fluss"))
    assert page.url.startswith(f"{runtime.url}{MUNICIPALITIES}/t_")
    fits_the_phone(page)
    page.screenshot(path=str(ARTIFACTS / "admin-municipality.png"), full_page=True)


@pytest.mark.browser
def test_the_links_page_on_a_phone(api: Api, runtime: LocalRuntime, town, signed_in_phone):
    email = f"phone.{uuid.uuid4().hex[:8]}@example.org"
    accept(api, town, mentee(email))
    accept(api, town, mentor(person={**mentee(email)["person"]}))
    page = signed_in_phone(town["slug"], email)
    page.goto(f"{runtime.url}/app/{town['slug']}/links")
    fits_the_phone(page)
    page.screenshot(path=str(ARTIFACTS / "links.png"), full_page=True)
    page.get_by_role("button", name=t("links.confirm")).focus()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text(t("links.none"))
