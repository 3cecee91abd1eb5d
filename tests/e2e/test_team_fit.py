"""Groups that work as teams, over HTTP: a group run weighs how its mentees fit together, says why in
words, and reports the objective reached with a proven bound and the gap; a pair run has none of it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import PROGRAMME, Api
from tests.e2e.test_matching import GROUP, accept, run
from tests.e2e.test_web_matching import page, posted
from tests.fakes.bodies import applicant

TEAMS = {**GROUP, "name": "Team fit e2e", "max_group_size": 2}


@pytest.fixture(scope="module")
def town(api: Api) -> dict[str, Any]:
    town = api.new_town(TEAMS)
    town["mentors"] = [
        accept(
            api,
            town,
            applicant("mentor", "Olga", ["de", "uk"], ["cooking"], ["mon_evening", "sat_morning"], 2),
        ),
        accept(
            api,
            town,
            applicant("mentor", "Paul", ["de", "uk"], ["cooking"], ["mon_evening", "sat_morning"], 2),
        ),
    ]
    # Two who speak only Ukrainian and meet on Monday evenings, two who speak only German and meet on
    # Saturday mornings: each mentor suits all four equally, so only the team fit tells the groups apart.
    town["mentees"] = [
        accept(api, town, applicant("mentee", "Roman", ["uk"], ["cooking"], ["mon_evening"])),
        accept(api, town, applicant("mentee", "Sabine", ["de"], ["cooking"], ["sat_morning"])),
        accept(api, town, applicant("mentee", "Taras", ["uk"], ["cooking"], ["mon_evening"])),
        accept(api, town, applicant("mentee", "Ute", ["de"], ["cooking"], ["sat_morning"])),
    ]
    api.settle()
    town["programme"] = f"/app/{town['slug']}/programmes/{town['programme_id']}"
    return town


def test_a_group_run_forms_teams_that_share_a_language_and_a_time_and_says_so(api: Api, town):
    result = run(api, town, language="en")
    roman, sabine, taras, ute = (m["participant_id"] for m in town["mentees"])
    groups = sorted(tuple(sorted(p["mentee_ids"])) for p in result["proposals"])
    assert groups == sorted([tuple(sorted((roman, taras))), tuple(sorted((sabine, ute)))])
    for proposal in result["proposals"]:
        team = proposal["team"]
        assert team["score"] == 100.0 and team["weight"] == 3
        assert 0 < team["points"] <= team["combined_score"] <= 100
        assert {f["dimension"] for f in team["facts"]} >= {"language", "availability", "needs"}
        words = " ".join(team["reasons"])
        assert "All 2 mentees speak" in words and "All 2 mentees can meet on" in words
    metrics = result["metrics"]
    assert metrics["method"] == "exact" and metrics["gap"] == 0.0
    assert metrics["bound"] >= metrics["objective_value"] > 0

    german = run(api, town, language="de")
    assert any("Alle 2 Mentees sprechen" in r for p in german["proposals"] for r in p["team"]["reasons"])


def test_the_run_page_shows_the_team_and_the_bound(api: Api, town):
    location = posted(
        api, f"{town['programme']}/matching", town["manager"], objective="max_total", grouping="groups"
    )
    api.settle()
    html = page(api, location, town["manager"])
    assert "As a team" in html and "Team fit 100" in html
    assert "All 2 mentees can meet on Monday evening" in html
    assert "Proven upper bound" in html and "Gap to the bound" in html
    polish = page(api, f"{location}?lang=pl", town["manager"])
    assert "Jako zespół" in polish and "Wszyscy podopieczni (2)" in polish


def test_a_pair_programme_has_no_team_fit(api: Api):
    pairs = api.new_town(
        {**PROGRAMME, "name": "Pairs e2e", "kind": "pair", "mentor_training_required": False}
    )
    accept(api, pairs, applicant("mentor", "Vera", ["de"], ["cooking"], ["mon_evening"], 1))
    accept(api, pairs, applicant("mentee", "Wim", ["de"], ["cooking"], ["mon_evening"]))
    api.settle()
    result = run(api, pairs)
    assert len(result["proposals"]) == 1 and result["proposals"][0]["team"] is None
    assert result["metrics"]["bound"] is None and result["metrics"]["gap"] is None
