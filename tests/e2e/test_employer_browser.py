"""Seed 002's employer pages in a real browser (Debian's Chromium through Playwright): the manager links an
employer on the mentee's page; the employer signs in, lands on their mentees, opens one mentee's progress
and sets a goal there; the mentee sees it on the goals page, marked as the employer's. axe-core 0
violations on each page in en/de/pl; screenshots in tests/e2e/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.e2e.browser import assert_fits_the_phone, check_axe, chromium, desktop, phone, screenshot, sign_in
from tests.e2e.conftest import Api
from tests.e2e.test_employer import consent, employer_account
from tests.e2e.test_matching import accept, matched
from tests.e2e.test_sessions_api import GROUP
from tests.fakes.bodies import applicant

pytestmark = pytest.mark.browser
LANGS = (
    ("en", "My mentees", "Progress"),
    ("de", "Meine Mentees", "Fortschritt"),
    ("pl", "Moi podopieczni", "Postępy"),
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def town(api: Api) -> dict[str, Any]:
    made = api.new_town(
        {**GROUP, "name": "Work-based learning", "kind": "pair", "languages": ["de", "en", "pl"]}
    )
    mentor = accept(api, made, applicant("mentor", "Olga", capacity=1))
    mentee = accept(api, made, applicant("mentee", "Piotr"))
    api.settle()
    match_id = matched(api, made, mentor, mentee)
    api.settle()
    mentee_token = api.token(mentee["email"])
    consent(api, mentee_token, True)
    return {
        **made,
        "match_id": match_id,
        "mentee": {**mentee, "token": mentee_token},
        "employer": employer_account(api, made["manager"]),
    }


def test_the_manager_links_and_the_employer_sets_a_goal_the_mentee_sees(browser: Browser, api: Api, town):
    slug, mentee = town["slug"], town["mentee"]
    manager = desktop(browser)
    sign_in(manager, api.url, slug, f"manager@{slug}.example.org")
    participant_page = f"{api.url}/app/{slug}/participants/{mentee['participant_id']}"
    for lang, _, _ in LANGS:
        manager.goto(f"{participant_page}?lang={lang}")
        check_axe(manager)
    manager.goto(f"{participant_page}?lang=en")
    manager.locator("#employer_user_id").select_option(town["employer"]["user_id"])
    with manager.expect_navigation():
        manager.get_by_role("button", name="Link the employer").click()
    assert manager.get_by_text("Erika Muster").count() >= 1
    check_axe(manager)
    screenshot(manager, "employer-linked-participant")
    manager.context.close()
    api.settle()

    employer = phone(browser)
    sign_in(employer, api.url, slug, town["employer"]["email"])
    assert employer.url.split("?")[0].endswith(f"/app/{slug}/employer")
    for lang, mine, progress in LANGS:
        employer.goto(f"{api.url}/app/{slug}/employer?lang={lang}")
        assert employer.locator("h1").inner_text() == mine
        check_axe(employer)
        assert_fits_the_phone(employer)
        screenshot(employer, f"employer-mentees-{lang}-360")
        employer.get_by_role("link", name="Piotr").first.click()
        employer.wait_for_load_state()
        assert employer.locator("h1").inner_text() == progress
        check_axe(employer)
        assert_fits_the_phone(employer)
        screenshot(employer, f"employer-progress-{lang}-360")
    employer.goto(f"{api.url}/app/{slug}/employer/mentees/{mentee['participant_id']}?lang=en")
    employer.locator("#f-g1_title").fill("Drive the forklift alone")
    with employer.expect_navigation():
        employer.get_by_role("button", name="Save").click()
    assert employer.get_by_role("cell", name="Drive the forklift alone").count() == 1
    check_axe(employer)
    screenshot(employer, "employer-goal-set-360")
    employer.context.close()

    own = desktop(browser)
    sign_in(own, api.url, slug, mentee["email"])
    for lang, _, _ in LANGS:
        own.goto(f"{api.url}/app/{slug}/matches/{town['match_id']}/goals?lang={lang}")
        check_axe(own)
    own.goto(f"{api.url}/app/{slug}/matches/{town['match_id']}/goals?lang=en")
    assert own.get_by_text("Set by the employer").count() == 1
    assert own.get_by_text("Drive the forklift alone").count() >= 1
    screenshot(own, "employer-goals-marked")
    own.context.close()
