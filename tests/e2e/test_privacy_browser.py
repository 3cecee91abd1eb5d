"""A person's rights in a real browser (Debian's Chromium through Playwright): the manager exports a
participant from their page and erases another (a reason, a confirmation), each on to its status page;
a mentee downloads their own data from "My data". en/de/pl, axe-core 0 violations on each page,
screenshots in tests/e2e/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.e2e.browser import check_axe, chromium, desktop, phone, screenshot, sign_in
from tests.e2e.conftest import Api
from tests.e2e.test_matching import accept
from tests.e2e.test_sessions_api import GROUP
from tests.fakes.bodies import applicant

pytestmark = pytest.mark.browser

TITLES = {
    "me": {"en": "My data", "de": "Meine Daten", "pl": "Moje dane"},
    "export": {
        "en": "Export of personal data",
        "de": "Export personenbezogener Daten",
        "pl": "Eksport danych",
    },
    "erase": {"en": "Erase a person", "de": "Person löschen", "pl": "Usuń osobę"},
    "erasure": {"en": "Erasure", "de": "Löschung", "pl": "Usunięcie"},
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def town(api: Api) -> dict[str, Any]:
    made = api.new_town({**GROUP, "name": "Privacy pages", "languages": ["en", "de", "pl"]})
    mentee = accept(api, made, applicant("mentee", "Zofia"))
    leaving = accept(api, made, applicant("mentee", "Lena"))
    api.settle()
    return {**made, "mentee": mentee, "leaving": leaving}


def test_the_manager_exports_a_participant_and_reads_each_services_part(browser: Browser, api: Api, town):
    page = desktop(browser)
    sign_in(page, api.url, town["slug"], town["manager_email"])
    page.goto(f"{api.url}/app/{town['slug']}/participants/{town['mentee']['participant_id']}?lang=en")
    with page.expect_navigation():
        page.get_by_role("button", name="Export data").click()
    assert "/exports/" in page.url
    api.settle()
    for lang in ("en", "de", "pl"):
        page.goto(page.url.split("?")[0] + f"?lang={lang}")
        assert page.locator("h1").inner_text().startswith(TITLES["export"][lang])
        check_axe(page)
        screenshot(page, f"privacy-export-{lang}")
    assert page.locator("tbody tr").count() == 5
    page.goto(page.url.split("?")[0] + "?lang=en")
    assert page.get_by_role("link", name="Download (JSON)").count() == 1
    page.close()


def test_the_manager_erases_a_participant_after_a_reason_and_a_confirmation(browser: Browser, api: Api, town):
    page = desktop(browser)
    sign_in(page, api.url, town["slug"], town["manager_email"])
    form = f"{api.url}/app/{town['slug']}/participants/{town['leaving']['participant_id']}/erasure"
    for lang in ("en", "de", "pl"):
        page.goto(f"{form}?lang={lang}")
        assert page.locator("h1").inner_text().startswith(TITLES["erase"][lang])
        check_axe(page)
        screenshot(page, f"privacy-erasure-form-{lang}")
    page.goto(f"{form}?lang=en")
    with page.expect_navigation():
        page.get_by_role("button", name="Erase").click()
    assert page.locator(".summary").count() == 1  # neither a reason nor the confirmation
    check_axe(page)
    page.get_by_label("The person asked to be erased").check()
    page.get_by_label("I understand that this erases the person in every part of Tandem").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Erase").click()
    assert "/erasures/" in page.url
    api.settle()
    for lang in ("en", "de", "pl"):
        page.goto(page.url.split("?")[0] + f"?lang={lang}")
        assert page.locator("h1").inner_text().startswith(TITLES["erasure"][lang])
        check_axe(page)
        screenshot(page, f"privacy-erasure-{lang}")
    page.goto(page.url.split("?")[0] + "?lang=en")
    assert all("done" in row for row in page.locator("tbody tr").all_inner_texts())
    page.close()


def test_a_mentee_downloads_their_own_data(browser: Browser, api: Api, town):
    page = phone(browser)
    sign_in(page, api.url, town["slug"], town["mentee"]["email"])
    for lang in ("en", "de", "pl"):
        page.goto(f"{api.url}/app/{town['slug']}/me/privacy?lang={lang}")
        assert page.locator("h1").inner_text().startswith(TITLES["me"][lang])
        check_axe(page)
        screenshot(page, f"privacy-me-{lang}-360")
    page.goto(f"{api.url}/app/{town['slug']}/me/privacy?lang=en")
    with page.expect_navigation():
        page.get_by_role("button", name="Download my data").click()
    assert "/exports/" in page.url
    api.settle()
    page.reload()
    link = page.get_by_role("link", name="Download (JSON)")
    assert link.count() == 1
    check_axe(page)
    page.close()
