"""The web app's two journeys in a real browser (Debian's Chromium through Playwright), as issue 10 names
them: a manager's whole work from signing in to a rematch, and a mentee's way to their match.

Every page on the way is checked by axe-core (WCAG 2.2 AA: 0 violations), must fit a 360 px phone without
scrolling sideways, and is photographed on a desktop and a phone into tests/e2e/artifacts/ for a person to
look at. The world is made as a municipality makes it (a programme opened, people applying through the
public API); everything the manager does after that is done in the browser.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.browser import check_axe, chromium, desktop, screenshot, screenshot_phone, sign_in
from tests.e2e.conftest import Api
from tests.fakes.bodies import applicant

pytestmark = pytest.mark.browser

#: A pair programme anyone may be matched in straight away (no training asked, no minimum score).
PAIRS = {
    "name": "Tandem Journey",
    "kind": "pair",
    "mode": "blended",
    "cadence_days": 14,
    "starts_on": "2027-02-01",
    "ends_on": "2027-08-01",
    "languages": ["en"],
    "mentor_training_required": False,
    "matching": {"min_score": 0},
    "intake_open": True,
}
MENTORS = ("Ulrich", "Vera", "Wanda")
MENTEES = ("Mia", "Noah", "Olga")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def town(api: Api) -> dict[str, Any]:
    """A municipality with a pair programme; three mentors and two mentees accepted, Mia still waiting."""
    made = api.new_town(PAIRS)
    people: dict[str, dict[str, Any]] = {}
    for role, names in (("mentor", MENTORS), ("mentee", MENTEES)):
        for name in names:
            body = applicant(role, name, capacity=1, family_name="Journey")
            sent = api.call("POST", made["apply"], json=body)
            assert sent.status_code == 201, sent.text
            people[name] = {"email": body["person"]["email"], "application_id": sent.json()["application_id"]}
    for name in (*MENTORS, "Noah", "Olga"):
        path = f"/v1/applications/{people[name]['application_id']}/decision"
        decided = api.call("POST", path, made["manager"], json={"decision": "accepted"})
        assert decided.status_code == 200, decided.text
    api.settle()
    return {**made, "people": people}


#: The issue's page weight: at most 50 KB, nothing loaded from elsewhere.
MAX_PAGE_BYTES = 50 * 1024


def look(page: Page, name: str) -> None:
    html = page.content()
    assert len(html.encode()) <= MAX_PAGE_BYTES, f"{name}: {len(html.encode())} bytes"
    # Nothing is loaded (no src, no stylesheet) and no link or form leaves this deployment.
    assert not re.search(r"""\ssrc=|<link\b""", html), f"{name} loads an asset"
    base = page.url.split("/app", 1)[0]
    elsewhere = [
        u for u in re.findall(r"""(?:href|action)="((?:https?:)?//[^"]*)""", html) if not u.startswith(base)
    ]
    assert not elsewhere, f"{name} links elsewhere: {elsewhere}"
    check_axe(page)
    screenshot(page, name)
    screenshot_phone(page, name)


def flash(page: Page) -> str:
    return page.locator(".flash").inner_text()


def settled_reload(api: Api, page: Page) -> None:
    """The answer of an event consumer (a run computed) shows after the events are handled."""
    api.settle()
    page.reload()


def test_a_managers_whole_journey(api: Api, town: dict[str, Any], browser: Browser) -> None:
    page = desktop(browser)
    base, slug = api.url, town["slug"]
    try:
        # Signing in with the code from the outbox lands on the programmes.
        sign_in(page, base, slug, town["manager_email"])
        assert page.url.endswith(f"/app/{slug}/programmes")
        look(page, "manager-01-programmes")

        # Open the programme: its dashboard says what waits.
        page.get_by_role("link", name=PAIRS["name"]).first.click()
        assert page.url.endswith(f"/programmes/{town['programme_id']}")
        assert "1" in page.locator("main").inner_text()  # Mia waits for a decision
        look(page, "manager-02-dashboard")
        page.get_by_role("link", name="Settings").click()
        assert page.get_by_role("button", name="Save the settings").is_visible()
        look(page, "manager-03-settings")

        # Screen and accept: the applications, Mia's application, a note, the decision by keyboard alone.
        page.get_by_role("link", name="Applications").first.click()
        look(page, "manager-04-applications")
        page.get_by_role("link", name="Mia").first.click()
        assert "/applications/" in page.url
        look(page, "manager-05-application")
        page.get_by_role("textbox", name="Add a note").fill("Met on Monday; keen to start.")
        page.get_by_role("button", name="Save the note").click()
        assert "note is saved" in flash(page)
        assert "keen to start" in page.locator("main").inner_text()
        accept = page.get_by_role("button", name="Accept", exact=True)
        for _ in range(80):
            if accept.evaluate("button => button === document.activeElement"):
                break
            page.keyboard.press("Tab")
        else:
            raise AssertionError("the Accept button cannot be reached with the Tab key")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "accepted" in flash(page)
        look(page, "manager-06-accepted")
        api.settle()

        # Participants and one mentor's training record.
        page.goto(f"{base}/app/{slug}/programmes/{town['programme_id']}/participants")
        look(page, "manager-07-participants")
        page.get_by_role("link", name="Ulrich").first.click()
        look(page, "manager-08-participant")

        # Run matching with an objective, see it finish, read the reasons and the bars.
        page.goto(f"{base}/app/{slug}/programmes/{town['programme_id']}/matching")
        look(page, "manager-09-matching")
        page.locator("input[name=objective]").first.check()
        page.get_by_role("button", name="Start the run").click()
        for _ in range(20):
            if page.locator("input[name=proposal]").count():
                break
            settled_reload(api, page)
        proposals = page.locator("input[name=proposal]")
        assert proposals.count() == 3, page.locator("main").inner_text()
        page.locator("details summary").first.click()  # the bars per criterion of the first proposal
        criteria = page.locator("details[open] meter")
        assert criteria.count() >= 3, page.locator("main").inner_text()
        look(page, "manager-10-run")

        # Publish one proposal only: two mentees and two mentors stay free for the manual match.
        proposals.first.check()
        page.get_by_role("button", name="Publish the chosen matches").click()
        assert "Matches made: 1" in flash(page)
        api.settle()

        # A manual match from a waiting mentee's ranked candidates.
        page.goto(f"{base}/app/{slug}/programmes/{town['programme_id']}/matching")
        waiting = page.locator("main").get_by_role("link", name="Journey")
        assert waiting.count() == 2, page.locator("main").inner_text()
        waiting.first.click()
        look(page, "manager-11-candidates")
        # The mentor of the published match has no room left, and the page says so in words.
        assert page.locator(".tag.wait").count() == 1, page.locator("main").inner_text()
        free = page.locator("section.card").filter(has=page.locator(".tag.good"))
        free.first.locator("input[name=mentor_id]").check()
        page.get_by_role("button", name="Match with the chosen mentor").click()
        assert "match is made" in flash(page)
        api.settle()

        # End a match with a reason, and take the rematch proposal.
        page.goto(f"{base}/app/{slug}/programmes/{town['programme_id']}/matches")
        look(page, "manager-12-matches")
        page.locator("main table a").first.click()
        look(page, "manager-13-match")
        page.get_by_role("textbox", name="Why the match ends").fill("Moved to another town.")
        page.get_by_role("checkbox", name="Find a new mentor for the mentees").check()
        page.get_by_role("button", name="End the match").click()
        assert "match has ended" in flash(page)
        look(page, "manager-14-rematch")
        page.get_by_role("button", name="Match with").first.click()
        assert "match is made" in flash(page)
        api.settle()
    finally:
        page.context.close()


def test_a_mentees_journey_to_their_match(api: Api, town: dict[str, Any], browser: Browser) -> None:
    # Noah and Olga were matched by the journey above or are now: make sure Olga has a mentor.
    matches = api.call("GET", f"/v1/matches?programme_id={town['programme_id']}", town["manager"]).json()
    participants = api.call(
        "GET", f"/v1/participants?programme_id={town['programme_id']}", town["manager"]
    ).json()["items"]
    by_person = {p["participant_id"]: p for p in participants}
    active = [m for m in matches["items"] if m.get("status", "active") == "active"]
    assert active, matches
    mentee = by_person[active[0]["mentee_ids"][0]]
    name = next(n for n in MENTEES if town["people"][n]["application_id"] == mentee.get("application_id"))
    page = desktop(browser)
    try:
        sign_in(page, api.url, town["slug"], town["people"][name]["email"])
        assert page.url.endswith(f"/app/{town['slug']}/home")
        text = page.locator("main").inner_text()
        assert PAIRS["name"] in text
        mentor = by_person[active[0]["mentor_id"]]
        assert mentor["given_name"] in text
        assert "@" not in text  # no e-mail address of anyone on a participant's page
        look(page, "mentee-01-home")
        # From the home to the relationship's pages (the sessions service's): the plan and the diary.
        page.get_by_role("link", name="Sessions and diary").first.click()
        assert page.url.endswith(f"/matches/{active[0]['match_id']}/sessions")
        look(page, "mentee-02-sessions")
    finally:
        page.context.close()
