"""The manager's partner systems page in a real browser (Chromium through Playwright): a mistake first, then
a partner system registered (its secret shown once), listed, and revoked after the confirmation; in
English, German and Polish. axe-core finds 0 violations on every page; each is photographed on a desktop
and a 360 px phone into tests/e2e/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.browser import check_axe, chromium, desktop, screenshot, screenshot_phone, sign_in
from tests.e2e.conftest import PROGRAMME, Api
from tests.e2e.test_machine_clients import token_request

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def town(api: Api) -> dict[str, Any]:
    return api.new_town({**PROGRAMME, "name": "Partner access"})


def look(page: Page, name: str) -> None:
    check_axe(page)
    screenshot(page, name)
    screenshot_phone(page, name)


def test_a_manager_registers_a_partner_system_copies_the_secret_and_revokes_it(
    api: Api, town: dict[str, Any], browser: Browser
) -> None:
    path = f"/app/{town['slug']}/partner-systems"
    page = desktop(browser)
    try:
        sign_in(page, api.url, town["slug"], town["manager_email"], next_path=path)
        main = page.locator("main")
        assert "No partner system is registered yet" in main.inner_text()
        # Reached from the menu of every manager page, beside the partner subscriptions.
        assert page.locator("nav a", has_text="Partner API access").get_attribute("href") == path
        assert page.locator("nav a", has_text="Partner systems").count() == 1
        look(page, "partner-systems-01-none")

        with page.expect_navigation():
            page.get_by_role("button", name="Register").click()
        assert "There is a problem" in main.inner_text()
        assert page.locator("#f-name-error").count() == 1
        look(page, "partner-systems-02-mistake")

        page.get_by_label("Name of the partner system").fill("Job centre HR")
        with page.expect_navigation():
            page.get_by_role("button", name="Register").click()
        assert "Copy the secret now" in main.inner_text()
        assert "it is shown on this page once and never again" in main.inner_text()
        client_id = page.locator("#client-id").inner_text()
        secret = page.locator("#client-secret").inner_text()
        assert page.locator("#token-url").inner_text() == f"{api.url}/oauth2/token"
        assert page.locator("#scope").inner_text() == "tandem/applicants"
        assert token_request(api, client_id, secret).status_code == 200  # the secret as copied works
        look(page, "partner-systems-03-secret")

        with page.expect_navigation():
            page.get_by_role("link", name="Back to partner API access").click()
        row = page.locator("tbody tr", has_text="Job centre HR")
        assert client_id in row.inner_text() and "Active" in row.inner_text()
        assert secret not in page.content()
        look(page, "partner-systems-04-listed")
        for lang, words in (("de", "API-Zugang für Partner"), ("pl", "Dostęp API dla partnerów")):
            page.goto(f"{api.url}{path}?lang={lang}")
            assert words in page.locator("h1").inner_text()
            look(page, f"partner-systems-05-listed-{lang}")

        page.goto(f"{api.url}{path}?lang=en")
        with page.expect_navigation():
            page.get_by_role("link", name="Job centre HR").click()
        assert "Revoke access" in main.inner_text()
        look(page, "partner-systems-06-confirm")
        for lang, words in (("de", "Zugang widerrufen"), ("pl", "Cofnij dostęp")):
            page.goto(f"{page.url.split('?')[0]}?lang={lang}")
            assert words in main.inner_text()
            look(page, f"partner-systems-07-confirm-{lang}")
        page.goto(f"{page.url.split('?')[0]}?lang=en")
        with page.expect_navigation():
            page.get_by_role("button", name="Revoke this partner system").click()
        assert "The partner system is revoked" in page.locator(".flash").inner_text()
        assert "No partner system is registered yet" in main.inner_text()
        assert token_request(api, client_id, secret).status_code == 400  # refused from now on
        look(page, "partner-systems-08-revoked")
    finally:
        page.close()


def test_the_secret_page_in_german_and_polish(api: Api, town: dict[str, Any], browser: Browser) -> None:
    path = f"/app/{town['slug']}/partner-systems"
    page = desktop(browser)
    try:
        sign_in(page, api.url, town["slug"], town["manager_email"], next_path=path)
        for lang, button, words in (
            ("de", "Registrieren", "Kopieren Sie das Geheimnis jetzt"),
            ("pl", "Zarejestruj", "Skopiuj sekret teraz"),
        ):
            page.goto(f"{api.url}{path}?lang={lang}")
            page.locator("#f-name").fill(f"HR {lang}")
            with page.expect_navigation():
                page.get_by_role("button", name=button, exact=True).click()
            assert words in page.locator("main").inner_text()
            look(page, f"partner-systems-09-secret-{lang}")
    finally:
        page.close()
