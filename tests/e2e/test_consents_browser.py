"""The consents page in a real browser (Debian's Chromium through Playwright): a mentee on a phone reads
their consents as the form left them, withdraws SMS and sees it in the history, in en/de/pl; axe-core 0
violations on each, fits 360 px, screenshots in tests/e2e/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.e2e.browser import assert_fits_the_phone, check_axe, chromium, phone, screenshot, sign_in
from tests.e2e.conftest import Api
from tests.e2e.test_matching import accept
from tests.e2e.test_sessions_api import GROUP
from tests.fakes.bodies import applicant

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def town(api: Api) -> dict[str, Any]:
    made = api.new_town({**GROUP, "name": "Consent pages", "languages": ["de", "en"]}, "de")
    body = applicant("mentee", "Zofia")
    body["person"]["phone"] = "+48 512 345 678"
    body["consent"]["contact_sms"] = True
    mentee = accept(api, made, body)
    api.settle()
    return {**made, "mentee": {**mentee, "token": api.token(mentee["email"])}}


def test_a_mentee_withdraws_sms_on_a_phone_and_sees_it_in_the_history(browser: Browser, api: Api, town):
    page = phone(browser)
    sign_in(page, api.url, town["slug"], town["mentee"]["email"])
    for lang, title in (("en", "My consents"), ("de", "Meine Einwilligungen"), ("pl", "Moje zgody")):
        page.goto(f"{api.url}/app/{town['slug']}/me/consents?lang={lang}")
        assert page.locator("h1").inner_text() == title
        check_axe(page)
        assert_fits_the_phone(page)
        screenshot(page, f"consents-{lang}-360")
    page.goto(f"{api.url}/app/{town['slug']}/me/consents?lang=en")
    assert page.locator("#f-processing").is_checked() and page.locator("#f-sms").is_checked()
    assert not page.locator("#f-employer_sharing").is_checked()
    page.locator("#f-sms").uncheck()
    with page.expect_navigation():
        page.get_by_role("button", name="Save my consents").click()
    assert page.get_by_text("Your consents are saved.").count() == 1
    assert not page.locator("#f-sms").is_checked()
    newest = page.locator("tbody tr").first.inner_text()
    assert "text messages" in newest and "Not given" in newest and "this page" in newest
    check_axe(page)
    assert_fits_the_phone(page)
    screenshot(page, "consents-saved-360")
    consents = api.call("GET", "/v1/me/consents", town["mentee"]["token"]).json()
    assert {p["purpose"]: p["granted"] for p in consents["purposes"]}["sms"] is False
    assert {p["purpose"]: p["granted"] for p in consents["purposes"]}["processing"] is True
    page.close()
