"""Monitoring's questionnaires in a real browser (Debian's Chromium through Playwright), as issue 12 names
it: a mentee answers the initial questionnaire (a mistake, a draft, the submission), the relationship's
midpoint comes (the local clock moves on) and the mentee rates themselves, the manager records the mid-term
review pre-filled from it and then the final review, the mentee answers the final questionnaire, and the
manager records where the mentee stands now beside the baseline.

Every page is checked by axe-core (0 violations), fits a 360 px phone, and is photographed into
tests/e2e/artifacts/; the questionnaire and review pages also in German and Polish.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.browser import check_axe, chromium, desktop, screenshot, screenshot_phone, sign_in
from tests.e2e.conftest import Api
from tests.e2e.test_monitoring_questionnaires import signed_relationship

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def rel(api: Api) -> dict[str, Any]:
    return signed_relationship(api, "Monitoring journey")


def look(page: Page, name: str, languages: bool = False) -> None:
    check_axe(page)
    screenshot(page, name)
    screenshot_phone(page, name)
    if languages:
        here = page.url
        for lang in ("de", "pl"):
            page.goto(f"{here.split('?')[0]}?lang={lang}")
            check_axe(page)
            screenshot(page, f"{name}-{lang}")
        page.goto(f"{here.split('?')[0]}?lang=en")


def flash(page: Page) -> str:
    return page.locator(".flash").inner_text()


def open_questionnaire(page: Page, title: str) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=title).click()


def submit(page: Page, button: str = "Submit") -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def test_a_mentee_answers_initial_midterm_final_and_the_manager_records_both_reviews(
    api: Api, rel: dict[str, Any], browser: Browser
) -> None:
    slug, match_id = rel["slug"], rel["match_id"]
    piotr, rosa = rel["mentees"]
    mentee = desktop(browser)
    manager = desktop(browser)
    try:
        sign_in(mentee, api.url, slug, piotr["email"], next_path=f"/app/{slug}/questionnaires")
        assert "Questionnaire at the start" in mentee.locator("main").inner_text()
        look(mentee, "monitoring-01-my-questionnaires", languages=True)

        # The initial questionnaire: a scale out of bounds is named at its question.
        open_questionnaire(mentee, "Questionnaire at the start")
        look(mentee, "monitoring-02-initial", languages=True)
        mentee.locator("#f-q-needs").fill("Work that pays the rent")
        mentee.locator("#f-q-confidence").fill("11")
        submit(mentee, "Save draft")
        assert "from 4 to 10" in mentee.locator(".summary").inner_text()
        look(mentee, "monitoring-03-initial-mistake")
        mentee.locator("#f-q-confidence").fill("5")
        submit(mentee, "Save draft")
        assert "draft is saved" in flash(mentee)
        mentee.locator("#f-q-expectations").fill("Honest advice")
        mentee.locator("input[name='q-employment_status'][value='unemployed']").check()
        mentee.locator("input[name='q-secures_living'][value='no']").check()
        submit(mentee)
        assert "answers are submitted" in flash(mentee)
        look(mentee, "monitoring-04-initial-submitted")

        # The relationship's midpoint: the local clock moves on, the mid-term questionnaire arrives.
        api.runtime.advance_clock(timedelta(days=2))
        api.settle()
        mentee.reload()
        open_questionnaire(mentee, "Mid-term self-rating")
        mentee.locator("#f-q-rating_start").fill("5")
        mentee.locator("#f-q-rating_now").fill("8")
        mentee.locator("#f-q-goals_progress").fill("I applied twice.")
        look(mentee, "monitoring-05-midterm")
        submit(mentee)
        assert "answers are submitted" in flash(mentee)

        # The manager reaches the reviews from the relationship's page; the mid-term one is pre-filled.
        sign_in(manager, api.url, slug, rel["manager_email"], next_path=f"/app/{slug}/matches/{match_id}")
        with manager.expect_navigation():
            manager.get_by_role("link", name="Mid-term review").click()
        assert manager.locator("#f-rating_now-" + piotr["participant_id"] + "-8").is_checked()
        look(manager, "monitoring-06-midterm-review", languages=True)
        manager.locator(f"#f-rating_start-{rosa['participant_id']}").check()
        manager.locator(f"#f-rating_now-{rosa['participant_id']}-6").check()
        manager.locator("#f-topics_until_end").fill("Interviews, then the first weeks at work.")
        manager.locator("#f-comments_mentees").fill("We feel braver.")
        manager.locator("#f-comments_mentor").fill("Proud of both.")
        manager.locator("#f-comments_manager").fill("On track.")
        submit(manager, "Record the review")
        assert "mid-term review is recorded" in flash(manager)
        look(manager, "monitoring-07-midterm-recorded")

        manager.goto(f"{api.url}/app/{slug}/matches/{match_id}/final-review")
        look(manager, "monitoring-08-final-review", languages=True)
        manager.locator(f"#f-conclusion-{piotr['participant_id']}").fill("Found work that pays the rent.")
        manager.locator(f"#f-conclusion-{rosa['participant_id']}").fill("Starts a course in spring.")
        submit(manager, "Record and close the relationship")
        assert "relationship is closed" in flash(manager)
        look(manager, "monitoring-09-final-recorded")

        # Closed: the final questionnaire comes at once; it mirrors the initial one.
        api.settle()
        mentee.goto(f"{api.url}/app/{slug}/questionnaires")
        open_questionnaire(mentee, "Questionnaire at the end")
        look(mentee, "monitoring-10-final")
        mentee.locator("#f-q-needs_met").fill("I found work.")
        mentee.locator("#f-q-confidence").fill("9")
        mentee.locator("input[name='q-employment_status'][value='employed']").check()
        mentee.locator("input[name='q-secures_living'][value='yes']").check()
        submit(mentee)
        assert "answers are submitted" in flash(mentee)
        look(mentee, "monitoring-11-all-submitted")

        # The outcome: the baseline from the initial questionnaire, then where Piotr stands now.
        manager.goto(f"{api.url}/app/{slug}/participants/{piotr['participant_id']}/outcome")
        assert "Start (questionnaire)" in manager.locator("main").inner_text()
        look(manager, "monitoring-12-outcome", languages=True)
        manager.locator("input[name='status'][value='employed']").check()
        manager.locator("input[name='secures_living'][value='yes']").check()
        submit(manager, "Record")
        assert "outcome is recorded" in flash(manager)
        look(manager, "monitoring-13-outcome-recorded")
    finally:
        mentee.close()
        manager.close()
