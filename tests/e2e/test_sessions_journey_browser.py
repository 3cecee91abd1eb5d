"""Sessions' journey in a real browser (Debian's Chromium through Playwright), as issue 11 names it: a
group of three mentees through the agreement → goals → the plan → a late mentor absence → attendance →
the diary by the rotating writer → the mentor's remarks, and the manager reading it all.

Every page on the way is checked by axe-core (WCAG 2.2 AA: 0 violations), must fit a 360 px phone, and
is photographed on a desktop and a phone into tests/e2e/artifacts/. The world (a group programme, four
people accepted and matched) is made through the API; everything after that is done in the browser,
each person signed in with the code from the outbox.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.browser import check_axe, chromium, desktop, screenshot, screenshot_phone, sign_in
from tests.e2e.conftest import Api
from tests.e2e.test_matching import accept, matched
from tests.e2e.test_sessions_api import GROUP
from tests.e2e.test_web_sessions import local
from tests.fakes.bodies import applicant

pytestmark = pytest.mark.browser
MENTEES = ("Piotr", "Rosa", "Sven")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def group(api: Api) -> dict[str, Any]:
    town = api.new_town({**GROUP, "name": "Sessions journey", "languages": ["en"]})
    mentor = accept(api, town, applicant("mentor", "Olga", capacity=3, family_name="Journey"))
    mentees = [accept(api, town, applicant("mentee", n, family_name="Journey")) for n in MENTEES]
    api.settle()
    match_id = matched(api, town, mentor, *mentees)
    api.settle()
    return {
        **town,
        "match_id": match_id,
        "mentor": mentor,
        "mentees": dict(zip(MENTEES, mentees, strict=True)),
    }


def look(page: Page, name: str) -> None:
    check_axe(page)
    screenshot(page, name)
    screenshot_phone(page, name)


def flash(page: Page) -> str:
    return page.locator(".flash").inner_text()


def person(browser: Browser, api: Api, group: dict[str, Any], email: str, path: str) -> Page:
    """A fresh browser signed in as `email`, on `path` (the sign-in sends them there)."""
    page = desktop(browser)
    sign_in(page, api.url, group["slug"], email, next_path=path)
    return page


def test_a_group_through_agreement_goals_plan_absence_attendance_diary_and_remarks(
    api: Api, group: dict[str, Any], browser: Browser
) -> None:
    rel = f"/app/{group['slug']}/matches/{group['match_id']}"
    pages: list[Page] = []
    try:
        # The mentor saves the agreement the draft proposes and signs it.
        mentor = person(browser, api, group, group["mentor"]["email"], f"{rel}/agreement")
        pages.append(mentor)
        assert "Nobody has written the agreement yet" in mentor.locator("main").inner_text()
        look(mentor, "sessions-01-agreement-draft")
        mentor.locator("#f-communication_rules").fill("We answer messages within two days.")
        mentor.get_by_role("button", name="Save the agreement").click()
        assert "Everyone signs this version now" in flash(mentor)
        mentor.get_by_role("button", name="Sign version 1").click()
        assert "You signed the agreement." in flash(mentor)
        look(mentor, "sessions-02-agreement-signed-by-mentor")

        # Each mentee signs, by keyboard alone; then the manager, and it is signed by everyone.
        mentees: dict[str, Page] = {}
        for name in MENTEES:
            page = person(browser, api, group, group["mentees"][name]["email"], f"{rel}/agreement")
            pages.append(page)
            mentees[name] = page
            page.get_by_role("button", name="Sign version 1").focus()
            with page.expect_navigation():
                page.keyboard.press("Enter")
            assert "You signed the agreement." in flash(page)
        look(mentees["Rosa"], "sessions-03-agreement-mentee")
        manager = person(browser, api, group, group["manager_email"], f"{rel}/agreement")
        pages.append(manager)
        manager.get_by_role("button", name="Sign version 1").click()
        assert "Signed by everyone" in manager.locator("main").inner_text()
        look(manager, "sessions-04-agreement-signed")
        manager.get_by_role("link", name="Printable agreement").click()
        look(manager, "sessions-05-agreement-print")

        # Goals: Piotr writes his own; the mentor the group's.
        piotr = mentees["Piotr"]
        piotr.goto(f"{api.url}{rel}/goals")
        look(piotr, "sessions-06-goals-empty")
        piotr.locator("#f-g1_title").fill("Write a business plan")
        piotr.locator("#f-g1_tasks").fill("Market research\nPrices")
        piotr.locator("#f-g1_target_date").fill("2027-05-01")
        piotr.get_by_role("button", name="Save the goals").click()
        assert "The goals are saved." in flash(piotr)
        mentor.goto(f"{api.url}{rel}/goals")
        mentor.locator("#f-g1_title").fill("Meet a tax adviser together")
        mentor.get_by_role("button", name="Save the goals").click()
        assert "Write a business plan" in mentor.locator("main").inner_text()
        look(mentor, "sessions-07-goals")

        # The plan: two sessions held already (to record), one tomorrow, one later.
        def plan(days: float, topic: str) -> None:
            mentor.goto(f"{api.url}{rel}/sessions")
            mentor.locator("#f-starts_at").fill(local(days))
            mentor.locator("#f-topic").fill(topic)
            mentor.get_by_label("In person").check()
            mentor.locator("#f-location").fill("Library, room 2")
            mentor.get_by_role("button", name="Plan the session").click()
            assert "The session is planned." in flash(mentor)

        plan(-0.2, "Getting to know each other")
        plan(-0.1, "Money matters")
        plan(1, "Prices")
        plan(40, "Looking back")
        mentor.goto(f"{api.url}{rel}/sessions")
        look(mentor, "sessions-08-plan")

        # A late absence: the mentor cannot come tomorrow and proposes another date.
        mentor.goto(f"{api.url}{rel}/sessions")
        row = mentor.locator("tr", has_text="Prices")
        row.get_by_role("link").click()
        look(mentor, "sessions-09-session")
        mentor.get_by_role("link", name="I can't come").click()
        look(mentor, "sessions-10-absence")
        mentor.locator("#f-reason").fill("A family emergency")
        mentor.get_by_role("button", name="Send the notice").click()
        assert mentor.locator(".summary").is_visible()  # no new date: the error at the field
        look(mentor, "sessions-11-absence-error")
        mentor.locator("#f-proposed_starts_at").fill(local(3))
        mentor.get_by_role("button", name="Send the notice").click()
        assert "recorded as late" in flash(mentor)
        assert "late notice" in mentor.locator("main").inner_text()

        # Attendance of the first session: everyone came; the writer by rotation is the first mentee.
        for number, topic in enumerate(("Getting to know each other", "Money matters"), start=1):
            mentor.goto(f"{api.url}{rel}/sessions")
            mentor.locator("tr", has_text=topic).get_by_role("link").click()
            mentor.get_by_role("link", name="Who came").click()
            if number == 1:
                look(mentor, "sessions-12-attendance")
            mentor.get_by_role("button", name="Record who came").click()
            assert "Attendance is recorded." in flash(mentor)
            writer = f"mentee {number}"
            assert writer in mentor.locator("dl.facts").inner_text()

        # Piotr writes the first diary (his turn); Rosa, next in rotation, the second.
        for name, topic in (("Piotr", "Getting to know each other"), ("Rosa", "Money matters")):
            page = mentees[name]
            page.goto(f"{api.url}{rel}/sessions")
            page.locator("tr", has_text=topic).get_by_role("link").click()
            page.get_by_role("link", name="Session diary").click()
            assert page.get_by_role("button", name="Save the diary").is_visible()  # their turn
            page.locator("#f-summary").fill(f"{name}: we talked about {topic.lower()}.")
            page.locator("#f-topics").fill("Budget\nTaxes")
            page.locator("#f-learned").fill("Costs come first.")
            page.locator("#f-next_steps").fill("Call the bank.")
            page.get_by_role("button", name="Save the diary").click()
            assert "The diary is saved." in flash(page)
            look(page, f"sessions-13-diary-{name.lower()}")
        sven = mentees["Sven"]
        sven.goto(mentees["Rosa"].url)
        assert "It is the turn of mentee 2" in sven.locator("main").inner_text()
        assert sven.get_by_role("button", name="Save the diary").count() == 0

        # The mentor's remark under Rosa's entry; the manager reads it all, and cannot write.
        mentor.goto(mentees["Rosa"].url)
        mentor.locator("#f-remark").fill("Good questions today; bring the bank's offer next time.")
        mentor.get_by_role("button", name="Add the remark").click()
        assert "Your remark is added." in flash(mentor)
        look(mentor, "sessions-14-diary-remark")
        manager.goto(mentees["Rosa"].url)
        text = manager.locator("main").inner_text()
        assert "Rosa: we talked about money matters." in text and "bring the bank's offer" in text
        assert manager.locator("main form").count() == 0
        look(manager, "sessions-15-diary-manager")
    finally:
        for page in pages:
            page.context.close()


def test_a_mentee_makes_a_calendar_link_from_the_plan_and_revokes_it(
    api: Api, group: dict[str, Any], browser: Browser
) -> None:
    rel = f"/app/{group['slug']}/matches/{group['match_id']}"
    page = person(browser, api, group, group["mentees"]["Sven"]["email"], f"{rel}/sessions")
    try:
        page.get_by_role("button", name="Make my calendar link").click()
        address = page.get_by_label("Calendar address").input_value()
        assert "/v1/public/calendars/" in address and address.endswith(".ics")
        assert "shown only this once" in page.locator("main").inner_text()
        look(page, "sessions-16-calendar-link-made")
        assert "BEGIN:VCALENDAR" in api.http.get(address, timeout=10).text
        for lang in ("de", "pl"):
            page.goto(f"{api.url}{rel}/calendar-feed?lang={lang}")
            look(page, f"sessions-17-calendar-link-{lang}")
        page.goto(f"{api.url}{rel}/calendar-feed?lang=en")
        page.get_by_role("button", name="Revoke my calendar link").click()
        assert "no longer works" in flash(page)
        look(page, "sessions-18-calendar-link-revoked")
        assert api.http.get(address, timeout=10).status_code == 404
    finally:
        page.context.close()
