"""The people part's pages in a real browser (Debian's Chromium through Playwright): a mentee chooses how
to be contacted on a phone, in en/de/pl; the one-click unsubscribe page; the manager reads the person's
delivery log from the participant page. axe-core 0 violations on each, screenshots in tests/e2e/artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser

from services.notifications.people.dressing import unsubscribe_token
from tests.e2e.browser import check_axe, chromium, desktop, phone, screenshot, screenshot_phone, sign_in
from tests.e2e.conftest import Api
from tests.e2e.test_matching import accept
from tests.e2e.test_people import person_id
from tests.e2e.test_sessions_api import GROUP
from tests.fakes.bodies import applicant

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def town(api: Api) -> dict[str, Any]:
    made = api.new_town({**GROUP, "name": "People pages", "languages": ["de", "en"]}, "de")
    body = applicant("mentee", "Zofia")
    body["person"]["phone"] = "+48 512 345 678"
    body["consent"]["contact_sms"] = True
    mentee = accept(api, made, body)
    api.settle()
    token = api.token(mentee["email"])
    return {**made, "mentee": {**mentee, "token": token, "person_id": person_id(token)}}


def test_a_mentee_chooses_how_to_be_contacted_on_a_phone_in_each_language(browser: Browser, api: Api, town):
    page = phone(browser)
    sign_in(page, api.url, town["slug"], town["mentee"]["email"])
    for lang, title in (
        ("en", "How we contact you"),
        ("de", "Wie wir Sie erreichen"),
        ("pl", "Jak się z Tobą"),
    ):
        page.goto(f"{api.url}/app/{town['slug']}/preferences?lang={lang}")
        assert page.locator("h1").inner_text().startswith(title)
        check_axe(page)
        screenshot(page, f"people-preferences-{lang}-360")
    page.goto(f"{api.url}/app/{town['slug']}/preferences?lang=de")
    assert page.locator("#f-sms").is_checked() and not page.locator("#f-email").is_checked()
    # The municipality speaks German and English: those are the choices
    assert page.locator("#f-language option").all_inner_texts() == ["Deutsch", "English"]
    page.locator("#f-email").check()
    page.locator("#f-language").select_option("en")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#f-email").is_checked()
    check_axe(page)
    screenshot(page, "people-preferences-saved-360")
    prefs = api.call("GET", "/v1/me/preferences", town["mentee"]["token"]).json()
    assert (prefs["email"], prefs["sms"], prefs["language"]) == (True, True, "en")
    page.close()


def test_the_unsubscribe_page_asks_then_stops_the_mail(browser: Browser, api: Api, town):
    from services.notifications.people.store import _key

    token = unsubscribe_token(_key(), town["tenant_id"], town["mentee"]["person_id"])
    page = phone(browser)
    page.goto(f"{api.url}/app/{town['slug']}/unsubscribe?token={token}")
    check_axe(page)
    screenshot(page, "people-unsubscribe-360")
    with page.expect_navigation():
        page.get_by_role("button").click()
    assert page.get_by_role("status").count() == 1
    check_axe(page)
    assert api.call("GET", "/v1/me/preferences", town["mentee"]["token"]).json()["email"] is False
    page.close()


def test_the_manager_reads_a_persons_messages_from_the_participant_page(browser: Browser, api: Api, town):
    page = desktop(browser)
    sign_in(page, api.url, town["slug"], town["manager_email"])
    page.goto(f"{api.url}/app/{town['slug']}/participants/{town['mentee']['participant_id']}?lang=en")
    with page.expect_navigation():
        page.get_by_role("link", name="What Tandem sent and whether it arrived").click()
    assert page.url.endswith(f"/people/{town['mentee']['person_id']}/notifications")
    table = page.locator("table").inner_text()
    assert "Application received" in table and "z***@e***.org" in table
    assert town["mentee"]["email"] not in page.content()
    for lang in ("en", "de", "pl"):
        page.goto(
            f"{api.url}/app/{town['slug']}/people/{town['mentee']['person_id']}/notifications?lang={lang}"
        )
        check_axe(page)
    screenshot(page, "people-delivery-log")
    screenshot_phone(page, "people-delivery-log")
    page.close()
