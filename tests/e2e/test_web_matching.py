"""Matching's pages over HTTP, as a browser reaches them (the token as the session cookie, forms with the
CSRF field): a run started and read with scores, bars and reasons in words, publishing, matching by
hand, exclusions, matches, ending one and taking the rematch, and the mentor's and mentee's home.

The tests of this module build on each other in order (one municipality, one programme), as a manager's
day would: names first, then a run, then its matches, then ending one.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.conftest import Api
from tests.e2e.test_matching import GROUP, accept
from tests.fakes.bodies import applicant

END_REASON = "moved to another town, confidential 5c1e"


@pytest.fixture(scope="module")
def town(api: Api) -> dict[str, Any]:
    town = api.new_town(GROUP)
    people = {
        "anna": applicant(
            "mentor", "Anna", ["de", "en"], ["cooking", "technology"], ["mon_evening"], 2, "Adler"
        ),
        "bernd": applicant("mentor", "Bernd", ["de"], ["football", "cars"], ["sat_morning"], 2, "Bauer"),
        "cem": applicant("mentee", "Cem", ["de", "tr"], ["football"], ["sat_morning"], family_name="Celik"),
        "dana": applicant(
            "mentee", "Dana", ["en"], ["technology", "cooking"], ["mon_evening"], family_name="Dorn"
        ),
        "emil": applicant("mentee", "Emil", ["de"], ["cars"], ["sat_morning"], family_name="Engel"),
        "fatma": applicant("mentee", "Fatma", ["ar"], ["technology"], ["mon_evening"], family_name="Fischer"),
    }
    for key, body in people.items():
        town[key] = accept(api, town, body)
    api.settle()
    town["base"] = f"/app/{town['slug']}"
    town["programme"] = f"/app/{town['slug']}/programmes/{town['programme_id']}"
    return town


def page(api: Api, path: str, token: str | None, status: int = 200, **form: str) -> str:
    r = api.call("POST", path, token, data=form) if form else api.call("GET", path, token)
    assert r.status_code == status, (r.status_code, r.text[:2000])
    return r.text


def posted(api: Api, path: str, token: str | None, **form: Any) -> str:
    """A form that succeeds: 303 on to the next page; that page's path."""
    r = api.call("POST", path, token, data=form)
    assert r.status_code == 303, (r.status_code, r.text[:2000])
    return str(r.headers["Location"])


PEOPLE = ("anna", "bernd", "cem", "dana", "emil", "fatma")


def no_contact_details(text: str, town: dict[str, Any], *but: str) -> None:
    """No participant's e-mail on the page (the signed-in person's own shows in the header)."""
    shown = [key for key in PEOPLE if key not in but and town[key]["email"] in text]
    assert shown == []


def person(api: Api, town: dict[str, Any], key: str) -> str:
    return api.token(town[key]["email"])


def test_the_matching_page_shows_waiting_mentees_by_name(api: Api, town):
    html = page(api, f"{town['programme']}/matching", town["manager"])
    for name in ("Cem Celik", "Dana Dorn", "Emil Engel", "Fatma Fischer"):
        assert name in html
    assert "Runs so far" in html and "No run has been started yet." in html
    assert f'href="{town["programme"]}/matching" aria-current="page"' in html  # the programme's tab
    no_contact_details(html, town)


def test_starting_a_run_without_an_objective_says_so_at_the_field(api: Api, town):
    html = page(api, f"{town['programme']}/matching", town["manager"], 422, objective="", grouping="groups")
    assert 'href="#f-objective"' in html and "Choose what matters most" in html


def test_a_completed_run_shows_scores_bars_reasons_and_the_unmatched_in_words(api: Api, town):
    location = posted(
        api, f"{town['programme']}/matching", town["manager"], objective="max_total", grouping="groups"
    )
    assert re.fullmatch(rf"{town['programme']}/matching/runs/run_[0-9a-f]+", location)
    town["run"] = location
    api.settle()
    html = page(api, location, town["manager"])
    assert "Completed" in html and "Proposed matches" in html
    # A score per proposal, and a bar per criterion per proposed pair (the ten of the profile, and the
    # skill matrix and personality, which score neutral where nobody filled them in).
    assert html.count("<meter") == 2 + 3 * 12
    assert "style=" not in html
    assert "Anna Adler" in html and "Dana Dorn" in html and "Bernd Bauer" in html
    assert "Fatma Fischer: no mentor speaks a language they speak" in html
    assert "Shares 2 interests" in html or "Can meet at 1 common time" in html  # a reason, in words
    german = page(api, f"{location}?lang=de", town["manager"])
    assert "Punktzahl" in german and "Nicht vermittelte Mentees" in german
    assert "gemeinsame" in german or "gemeinsamer" in german  # the reasons, worded again in German
    polish = page(api, f"{location}?lang=pl", town["manager"])
    assert "Proponowane pary" in polish
    listed = page(api, f"{town['programme']}/matching?lang=en", town["manager"])
    assert "Completed" in listed and location in listed


def test_publishing_needs_a_choice_then_publishes_the_chosen_then_the_rest_once(api: Api, town):
    run_id = town["run"].rsplit("/", 1)[1]
    proposals = api.call("GET", f"/v1/matching-runs/{run_id}", town["manager"]).json()["proposals"]
    anna = next(p for p in proposals if p["mentor_id"] == town["anna"]["participant_id"])

    html = page(api, town["run"], town["manager"], 422, action="selected")
    assert "Choose at least one proposed match to publish" in html and 'href="#f-proposals"' in html

    assert posted(api, town["run"], town["manager"], action="selected", proposal=anna["proposal_id"]) == (
        f"{town['programme']}/matches"
    )
    listed = page(api, f"{town['programme']}/matches", town["manager"])
    assert "Anna Adler" in listed and "Dana Dorn" in listed and "Bernd Bauer" not in listed
    assert "Published" in page(api, town["run"], town["manager"])

    posted(api, town["run"], town["manager"], action="all")
    listed = page(api, f"{town['programme']}/matches", town["manager"])
    assert "Bernd Bauer" in listed and "Cem Celik" in listed

    again = page(api, town["run"], town["manager"], 409, action="all")
    assert "These matches are published already." in again


def test_a_stale_run_is_refused_with_what_changed_in_words(api: Api):
    t = api.new_town(GROUP)
    accept(api, t, applicant("mentor", "Kai", ["de"], ["technology"], ["mon_evening"], 2, "Kurz"))
    lea = accept(
        api, t, applicant("mentee", "Lea", ["de"], ["technology"], ["mon_evening"], family_name="Lang")
    )
    api.settle()
    programme = f"/app/{t['slug']}/programmes/{t['programme_id']}"
    run = posted(api, f"{programme}/matching", t["manager"], objective="max_matched")
    api.settle()
    accept(api, t, applicant("mentee", "Max", ["de"], ["technology"], ["mon_evening"], family_name="Moll"))
    api.settle()
    html = page(api, run, t["manager"], 409, action="all")
    assert "Max Moll joined the programme" in html and "Start a new run" in html
    assert "No matches yet." in page(api, f"{programme}/matches", t["manager"])

    # Matched by hand instead: the mentee's page, then the new match.
    match = posted(
        api,
        f"{programme}/matching/mentees/{lea['participant_id']}",
        t["manager"],
        mentor_id=lea_mentor(api, t),
    )
    assert re.fullmatch(rf"/app/{t['slug']}/matches/match_[0-9a-f]+", match)
    assert "Kai Kurz" in page(api, match, t["manager"])


def lea_mentor(api: Api, t: dict[str, Any]) -> str:
    people = api.call("GET", f"/v1/participants?programme_id={t['programme_id']}", t["manager"]).json()
    return next(p["participant_id"] for p in people["items"] if p["role"] == "mentor")


def test_a_mentees_page_ranks_mentors_and_shows_the_blocking_rule_in_words(api: Api, town):
    path = f"{town['programme']}/matching/mentees/{town['fatma']['participant_id']}"
    html = page(api, path, town["manager"])
    assert "Mentors for Fatma Fischer" in html
    assert "Cannot be matched: no shared language" in html
    assert "<meter" in html and "style=" not in html

    refused = page(api, path, town["manager"], 422, mentor_id=town["anna"]["participant_id"])
    assert "The mentor and the mentee have no language in common." in refused
    assert 'href="#f-mentor_id"' in refused
    unchosen = page(api, path, town["manager"], 422, mentor_id="")
    assert "Choose a mentor" in unchosen
    german = page(api, f"{path}?lang=de", town["manager"])
    assert "Nicht vermittelbar: keine gemeinsame Sprache" in german
    assert page(api, f"{town['programme']}/matching/mentees/nobody", town["manager"], 404)


def test_exclusions_are_listed_and_added_with_each_mistake_at_its_field(api: Api, town):
    path = f"{town['programme']}/matching/exclusions"
    assert "No pair is excluded." in page(api, path, town["manager"])
    html = page(api, path, town["manager"], 422, mentor_id="", mentee_id=town["anna"]["participant_id"])
    assert 'href="#f-mentor_id"' in html and 'href="#f-mentee_id"' in html
    assert (
        posted(
            api,
            path,
            town["manager"],
            mentor_id=town["bernd"]["participant_id"],
            mentee_id=town["fatma"]["participant_id"],
        )
        == path
    )
    listed = page(api, path, town["manager"])
    assert "Bernd Bauer" in listed and "Fatma Fischer" in listed and "No pair is excluded." not in listed


def anna_match(api: Api, town: dict[str, Any]) -> str:
    matches = api.call("GET", f"/v1/matches?programme_id={town['programme_id']}", town["manager"]).json()[
        "items"
    ]
    return str(next(m["match_id"] for m in matches if m["mentor_id"] == town["anna"]["participant_id"]))


def test_a_mentee_sees_their_match_by_first_names_on_their_home_and_no_contact_details(api: Api, town):
    dana = person(api, town, "dana")
    assert api.call("GET", town["base"], dana).headers["Location"] == f"{town['base']}/home"
    home = page(api, f"{town['base']}/home", dana)
    assert "Matching e2e" in home and "mentee" in home
    assert "Anna" in home and "Adler" not in home
    assert "You are matched since" in home and "use Tandem or ask your programme manager" in home
    assert 'href="' + town["base"] + '/home" aria-current="page"' in home
    no_contact_details(home, town, "dana")

    anna = page(api, f"{town['base']}/home", person(api, town, "anna"))
    assert "Dana" in anna and "Dorn" not in anna
    fatma = page(api, f"{town['base']}/home?lang=de", person(api, town, "fatma"))
    assert "Sie warten auf die Vermittlung einer Mentor*in" in fatma

    match = f"{town['base']}/matches/{anna_match(api, town)}"
    own = page(api, match, dana)
    assert "Anna" in own and "Adler" not in own and "End this match" not in own
    no_contact_details(own, town, "dana")
    assert "Page not found" in page(api, match, person(api, town, "bernd"), 404)  # a stranger's match
    assert page(api, match, person(api, town, "cem"), 404)


def test_a_participant_cannot_open_a_managers_page_nor_a_manager_the_home(api: Api, town):
    dana = person(api, town, "dana")
    for path in (
        f"{town['programme']}/matching",
        f"{town['programme']}/matches",
        f"{town['programme']}/matching/exclusions",
        town["run"],
    ):
        assert "You cannot open this page" in page(api, path, dana, 403)
    assert page(api, f"{town['base']}/matches/{anna_match(api, town)}", dana, 403, reason="x", action="end")
    assert page(api, f"{town['base']}/home", town["manager"], 403)
    nobody = api.call("GET", f"{town['programme']}/matching")
    assert nobody.status_code == 303 and "/sign-in?next=" in nobody.headers["Location"]


def test_another_municipalitys_ids_are_not_found(api: Api, town):
    other = api.new_town(GROUP)
    base = f"/app/{other['slug']}"
    mine = f"{base}/programmes/{other['programme_id']}"
    run_id = town["run"].rsplit("/", 1)[1]
    for path in (
        f"{base}/programmes/{town['programme_id']}/matching",
        f"{base}/programmes/{town['programme_id']}/matches",
        f"{mine}/matching/runs/{run_id}",
        f"{mine}/matching/mentees/{town['dana']['participant_id']}",
        f"{base}/matches/{anna_match(api, town)}",
    ):
        assert "Page not found" in page(api, path, other["manager"], 404), path
    # The same run under another programme of its own municipality is not found either.
    assert page(
        api, f"{mine}/matching/runs/{run_id}".replace(other["slug"], town["slug"]), town["manager"], 404
    )


def test_ending_a_match_keeps_the_reason_from_its_members_and_proposes_a_new_mentor(api: Api, town):
    gabi = accept(api, town, applicant("mentor", "Gabi", ["en"], ["technology"], ["mon_evening"], 1, "Graf"))
    api.settle()
    match = f"{town['base']}/matches/{anna_match(api, town)}"
    shown = page(api, match, town["manager"])
    assert "Anna Adler" in shown and "Dana Dorn" in shown and "End this match" in shown

    missing = page(api, match, town["manager"], 422, action="end", reason="")
    assert "Say why the match ends" in missing and 'href="#f-reason"' in missing
    assert (
        posted(api, match, town["manager"], action="end", reason=END_REASON, rematch="yes")
        == f"{match}?rematch=1"
    )

    proposal = page(api, f"{match}?rematch=1", town["manager"])
    assert END_REASON in proposal and "Proposed: Gabi Graf" in proposal
    again = page(api, match, town["manager"], 409, action="end", reason="twice")
    assert "This match has ended already." in again and 'href="#f-status"' in again

    for key in ("dana", "anna"):
        seen = page(api, match, person(api, town, key))
        assert "Ended" in seen and END_REASON not in seen
        assert END_REASON not in page(api, f"{town['base']}/home", person(api, town, key))
    assert "Your match ended on" in page(api, f"{town['base']}/home", person(api, town, "dana"))

    wrong = page(
        api,
        match,
        town["manager"],
        422,
        action="rematch",
        mentor_id=gabi["participant_id"],
        mentee_id="someone",
    )
    assert "Choose one of the proposed mentors" in wrong
    made = posted(
        api,
        match,
        town["manager"],
        action="rematch",
        mentor_id=gabi["participant_id"],
        mentee_id=town["dana"]["participant_id"],
    )
    assert "Gabi Graf" in page(api, made, town["manager"])
    home = page(api, f"{town['base']}/home", person(api, town, "dana"))
    assert "Gabi" in home and "You are matched since" in home
