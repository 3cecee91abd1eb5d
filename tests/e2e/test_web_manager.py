"""The manager's pages over HTTP (and the trainer's): programmes, a programme's dashboard and settings,
applications, participants and training, with the session as a cookie (tests/fakes/web.py).

Each page and each post: the happy path, a mistake shown at its field (422), a conflict in words (409);
a mentee or mentor opening a manager page gets the 403 page; another municipality's ids the 404 page.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from shared.web.session import FLASH_COOKIE
from tests.e2e.conftest import PROGRAMME, Api
from tests.fakes.bodies import applicant

TRAINED = {
    **PROGRAMME,
    "name": "Web pages programme",
    "kind": "pair",
    "languages": ["en", "de"],
    "mentor_training_required": True,
    "required_training_modules": ["mentoring_basics"],
    "matching": {"weights": {"values": 5}, "min_score": 0},
}


def apply(api: Api, town: dict[str, Any], role: str, name: str, **kw: Any) -> str:
    r = api.call("POST", town["apply"], json=applicant(role, name, **kw))
    assert r.status_code == 201, r.text
    return str(r.json()["application_id"])


def accept(api: Api, town: dict[str, Any], application_id: str) -> str:
    r = api.call(
        "POST", f"/v1/applications/{application_id}/decision", town["manager"], json={"decision": "accepted"}
    )
    assert r.status_code == 200, r.text
    return str(r.json()["participant_id"])


def page(api: Api, path: str, token: str | None, status: int = 200) -> str:
    r = api.call("GET", path, token)
    assert r.status_code == status, f"{path}: {r.status_code} {r.text[:2000]}"
    assert r.headers["Content-Type"].startswith("text/html")
    return r.text


def post(api: Api, path: str, token: str | None, data: dict[str, Any], status: int = 303) -> Any:
    r = api.call("POST", path, token, data=data)
    assert r.status_code == status, f"{path}: {r.status_code} {r.text[:3000]}"
    return r


def follow(api: Api, r: Any, token: str) -> str:
    """The page a post redirected to, as a browser shows it: with the flash message the post left (the
    test client keeps no `Secure` cookie over http, so it is handed on here)."""
    flash = r.cookies.get(FLASH_COOKIE)
    headers = {"Cookie": f"{FLASH_COOKIE}={flash}"} if flash else {}
    shown = api.call("GET", r.headers["Location"], token, headers=headers)
    assert shown.status_code == 200, shown.text[:2000]
    return str(shown.text)


def text_of(html: str) -> str:
    """The page's words, without tags or extra spaces (what a reader sees)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def programme_form(**changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "name": "Spring mentoring",
        "kind": "pair",
        "mode": "in_person",
        "max_group_size": "5",
        "cadence_days": "14",
        "starts_on": "2027-03-01",
        "ends_on": "2027-09-01",
        "languages": ["en", "de"],
        "intake_open": "yes",
        "required_training_modules": "mentoring_basics",
        "weight-values": "5",
        "min_score": "10",
    }
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


@pytest.fixture(scope="module")
def town(api: Api) -> dict[str, Any]:
    """A municipality with one programme: a mentor and two mentees accepted, one mentee waiting, one
    mentor waiting; a trainer; and a person (mentee) with an account, for the 403 pages."""
    town = api.new_town(TRAINED)
    town["mentor_app"] = apply(api, town, "mentor", "Marta", family_name="Mentorowa")
    town["mentor"] = accept(api, town, town["mentor_app"])
    town["mentee_app"] = apply(api, town, "mentee", "Nina", family_name="Menteeova")
    town["mentee"] = accept(api, town, town["mentee_app"])
    town["mentee2"] = accept(api, town, apply(api, town, "mentee", "Olek", family_name="Drugi"))
    town["waiting_mentee"] = apply(api, town, "mentee", "Pia", family_name="Wartend")
    town["waiting_mentor"] = apply(api, town, "mentor", "Rolf", family_name="Wartend")
    trainer_email = f"trainer-{uuid.uuid4().hex[:6]}@example.org"
    made = api.call(
        "POST",
        "/v1/users",
        town["manager"],
        json={
            "email": trainer_email,
            "role": "trainer",
            "given_name": "Tea",
            "family_name": "Trainer",
            "language": "en",
        },
    )
    assert made.status_code == 201, made.text
    api.settle()
    town["trainer"] = api.token(trainer_email)
    for who in ("mentee", "mentor"):
        read = api.call("GET", f"/v1/applications/{town[who + '_app']}", town["manager"]).json()
        town[f"{who}_token"] = api.token(read["application"]["person"]["email"])
    town["base"] = f"/app/{town['slug']}"
    town["programme"] = f"/app/{town['slug']}/programmes/{town['programme_id']}"
    return town


@pytest.fixture(scope="module")
def other(api: Api) -> dict[str, Any]:
    return api.new_town({**TRAINED, "name": "Elsewhere"})


# --- programmes ------------------------------------------------------------------------------------------


def test_the_programmes_page_lists_programmes_with_waiting_applications(api: Api, town):
    html = page(api, f"{town['base']}/programmes", town["manager"])
    words = text_of(html)
    assert "Web pages programme" in words
    assert f'href="{town["programme"]}"' in html
    assert f'href="{town["programme"]}/applications?status=submitted"' in html  # 2 wait
    assert "Open for applications" in words
    assert 'aria-current="page"' in html and ">Programmes</a>" in html  # the nav entry, marked current
    # The form to open one has the usual values filled in.
    assert 'name="max_group_size" value="5"' in html and 'name="cadence_days" value="14"' in html


def test_opening_a_programme_leads_to_its_dashboard(api: Api, other):
    r = post(api, f"/app/{other['slug']}/programmes", other["manager"], programme_form(name="Opened here"))
    location = r.headers["Location"]
    assert re.fullmatch(rf"/app/{other['slug']}/programmes/prg_\w+", location), location
    assert "The programme Opened here is open." in text_of(follow(api, r, other["manager"]))
    programme_id = location.rsplit("/", 1)[1]
    made = api.call("GET", f"/v1/programmes/{programme_id}", other["manager"]).json()
    assert made["matching"] == {
        "weights": {"values": 5},
        "min_score": 10,
        "team_weight": None,  # matching's defaults: the form does not ask for them
        "team_age_spread": None,
        "personality_traits": None,  # no trait ticked: the personality criterion compares all five
    }
    assert made["required_training_modules"] == ["mentoring_basics"] and made["intake_open"] is True


def test_a_wrong_programme_form_shows_each_mistake_at_its_field(api: Api, other):
    r = post(
        api,
        f"/app/{other['slug']}/programmes",
        other["manager"],
        programme_form(name="", **{"weight-values": "9"}, max_group_size="12", languages=None),
        status=422,
    )
    for name in ("name", "max_group_size", "languages", "weight-values"):
        assert f'href="#f-{name}"' in r.text, name
        assert f'id="f-{name}-error"' in r.text, name
    assert 'name="weight-values" value="9"' in r.text  # what was typed is kept
    r = post(
        api,
        f"/app/{other['slug']}/programmes",
        other["manager"],
        programme_form(starts_on="2027-09-01", ends_on="2027-03-01"),
        status=422,
    )
    assert 'href="#f-ends_on"' in r.text
    assert "Enter an end date after the start date" in r.text


def test_the_programme_page_speaks_the_language_asked_for(api: Api, town):
    html = page(api, f"{town['base']}/programmes?lang=de", town["manager"])
    assert '<html lang="de"' in html and "Ein neues Programm eröffnen" in html
    html = page(api, f"{town['base']}/programmes?lang=pl", town["manager"])
    assert '<html lang="pl"' in html and "Otwórz nowy program" in html
    page(api, f"{town['base']}/programmes?lang=en", town["manager"])


# --- the dashboard ---------------------------------------------------------------------------------------


def test_the_dashboard_counts_and_says_what_to_do_next_with_links(api: Api, town):
    html = page(api, town["programme"], town["manager"])
    words = text_of(html)
    assert "2 applications wait for a decision" in words
    assert f'href="{town["programme"]}/applications?status=submitted"' in html
    assert "1 mentor still needs their training" in words
    assert f'href="{town["programme"]}/participants?role=mentor"' in html
    # The only mentor is untrained: nobody can be matched, so the way forward is mentors.
    assert "2 mentees are not matched yet, and no mentor can be matched: accept mentors" in words
    # The programme's tabs.
    for tab in ("settings", "applications", "participants"):
        assert f'href="{town["programme"]}/{tab}"' in html


def test_matched_and_unmatched_follow_matchings_events(api: Api):
    town = api.new_town({**TRAINED, "name": "Projection", "mentor_training_required": False})
    mentor = accept(api, town, apply(api, town, "mentor", "Ute"))
    mentee = accept(api, town, apply(api, town, "mentee", "Vera"))
    accept(api, town, apply(api, town, "mentee", "Wim"))
    api.settle()
    base = f"/app/{town['slug']}/programmes/{town['programme_id']}"
    words = text_of(page(api, base, town["manager"]))
    assert "2 mentees are not matched yet: run matching" in words
    body = {"programme_id": town["programme_id"], "mentor_id": mentor, "mentee_ids": [mentee]}
    made = api.call("POST", "/v1/matches", town["manager"], json=body)
    assert made.status_code == 201, made.text
    api.settle()
    words = text_of(page(api, base, town["manager"]))
    assert "1 mentee is not matched yet: run matching" in words
    assert "1 matched" in words
    listed = text_of(page(api, f"{base}/participants", town["manager"]))
    assert re.search(r"Vera Test Mentee Not required Matched", listed), listed
    assert re.search(r"Wim Test Mentee Not required Not matched", listed), listed
    ended = api.call(
        "POST", f"/v1/matches/{made.json()['match_id']}/end", town["manager"], json={"reason": "r"}
    )
    assert ended.status_code == 200, ended.text
    api.settle()
    assert "2 mentees are not matched yet: run matching" in text_of(page(api, base, town["manager"]))


# --- settings --------------------------------------------------------------------------------------------


def test_the_settings_show_every_setting_and_the_form_links(api: Api, town):
    html = page(api, f"{town['programme']}/settings", town["manager"])
    assert f"/forms/{town['slug']}/{town['programme_id']}?role=mentee" in html
    assert f"/forms/{town['slug']}/{town['programme_id']}?role=mentor" in html
    assert 'name="weight-values" value="5"' in html
    assert 'name="weight-interests" value=""' in html  # not set: the usual weight
    assert 'id="f-mentor_training_required" name="mentor_training_required" value="yes" checked' in html
    assert 'name="expected_version" value="' in html


def _settings_form(html: str, **changes: Any) -> dict[str, Any]:
    version = re.search(r'name="expected_version" value="(\d+)"', html)
    assert version is not None
    form = programme_form(
        name="Web pages programme",
        mentor_training_required="yes",
        expected_version=version.group(1),
        **{"weight-values": "5"},
    )
    return {**form, **changes}


def test_changing_the_settings_saves_every_field_weights_included(api: Api, other):
    path = f"/app/{other['slug']}/programmes/{other['programme_id']}/settings"
    # The team's weight is set through the API only: the page's save must leave it as it is.
    team = {"matching": {"team_weight": 1}}
    changed = api.call("PATCH", f"/v1/programmes/{other['programme_id']}", other["manager"], json=team)
    assert changed.status_code == 200, changed.text
    form = _settings_form(page(api, path, other["manager"]), **{"weight-age": "0", "cadence_days": "21"})
    r = post(api, path, other["manager"], form)
    assert r.headers["Location"] == path
    assert "are saved" in text_of(follow(api, r, other["manager"]))
    saved = api.call("GET", f"/v1/programmes/{other['programme_id']}", other["manager"]).json()
    assert saved["matching"]["weights"] == {"values": 5, "age": 0} and saved["matching"]["team_weight"] == 1
    assert saved["cadence_days"] == 21 and saved["name"] == "Web pages programme"


def test_a_wrong_setting_is_shown_at_its_field(api: Api, other):
    path = f"/app/{other['slug']}/programmes/{other['programme_id']}/settings"
    form = _settings_form(page(api, path, other["manager"]), cadence_days="", min_score="200")
    r = post(api, path, other["manager"], form, status=422)
    assert 'href="#f-cadence_days"' in r.text and 'href="#f-min_score"' in r.text
    assert "Enter a score from 0 to 100" in r.text


def test_settings_saved_by_someone_else_meanwhile_are_a_conflict_in_words(api: Api, other):
    path = f"/app/{other['slug']}/programmes/{other['programme_id']}/settings"
    stale = _settings_form(page(api, path, other["manager"]))
    changed = api.call(
        "PATCH",
        f"/v1/programmes/{other['programme_id']}",
        other["manager"],
        json={"name": "Renamed meanwhile"},
    )
    assert changed.status_code == 200, changed.text
    r = post(api, path, other["manager"], stale, status=409)
    assert "Someone else changed these settings while you were editing them." in r.text
    assert 'value="Renamed meanwhile"' in r.text  # the form shows what is saved now


# --- applications ----------------------------------------------------------------------------------------


def test_the_applications_are_filtered_by_status_and_role(api: Api, town):
    path = f"{town['programme']}/applications"
    words = text_of(page(api, path, town["manager"]))
    assert all(name in words for name in ("Marta", "Nina", "Olek", "Pia", "Rolf"))
    words = text_of(page(api, f"{path}?status=submitted", town["manager"]))
    assert "Pia" in words and "Rolf" in words and "Nina" not in words
    words = text_of(page(api, f"{path}?status=submitted&role=mentor", town["manager"]))
    assert "Rolf" in words and "Pia" not in words
    # An edited address with an unknown filter shows everything rather than an error.
    assert "Nina" in text_of(page(api, f"{path}?status=nonsense", town["manager"]))


def test_the_applications_come_a_page_at_a_time(api: Api, town, monkeypatch):
    from services.intake.web import screening  # imported once the runtime has set the environment

    monkeypatch.setattr(screening, "PAGE_SIZE", 2)
    path = f"{town['programme']}/applications"
    first = page(api, path, town["manager"])
    assert len(re.findall(r'href="/app/[^"]+/applications/app_', first)) == 2
    next_page = re.search(r'href="([^"]+page=[^"]+)">Next page', first)
    assert next_page is not None
    second = page(api, next_page.group(1).replace("&amp;", "&"), town["manager"])
    assert len(re.findall(r'href="/app/[^"]+/applications/app_', second)) == 2
    assert "First page" in second
    assert set(re.findall(r"/applications/(app_\w+)", first)).isdisjoint(
        re.findall(r"/applications/(app_\w+)", second)
    )


def test_an_application_shows_every_answer_in_words_in_the_page_language(api: Api, town):
    path = f"{town['base']}/applications/{town['waiting_mentee']}"
    words = text_of(page(api, f"{path}?lang=de", town["manager"]))
    assert "Pia Wartend" in words
    assert "Interessen" in words and "Kochen" in words  # interest.cooking, in German
    assert "Montag, Abend" in words  # mon_evening, in the form's words
    assert "Aufnehmen" in words and "Ablehnen" in words
    page(api, f"{path}?lang=en", town["manager"])


def test_an_interview_note_is_added_and_an_empty_one_is_refused_at_its_field(api: Api, town):
    path = f"{town['base']}/applications/{town['waiting_mentee']}"
    r = post(api, path, town["manager"], {"text": "Met on Monday; very motivated."})
    assert r.headers["Location"] == f"{path}#notes"
    html = follow(api, r, town["manager"])
    assert "Met on Monday; very motivated." in html and "Your note is saved." in html
    r = post(api, path, town["manager"], {"text": "   "}, status=422)
    assert 'href="#f-text"' in r.text and "Write the note" in r.text


def test_deciding_an_application_and_a_second_decision_is_a_conflict_in_words(api: Api, town):
    application_id = apply(api, town, "mentee", "Sara", family_name="Decided")
    path = f"{town['base']}/applications/{application_id}"
    r = post(api, path, town["manager"], {"decision": "accepted", "reason": "x" * 501}, status=422)
    assert 'href="#f-reason"' in r.text
    r = post(api, path, town["manager"], {"decision": "waitlisted", "reason": "Full for now"})
    html = follow(api, r, town["manager"])
    assert "The application is on the waiting list." in html and "Full for now" in html
    r = post(api, path, town["manager"], {"decision": "accepted"})
    html = follow(api, r, town["manager"])
    assert "The person is now a participant." in html and "See the participant" in html
    r = post(api, path, town["manager"], {"decision": "rejected"}, status=409)
    assert "This application was decided meanwhile" in r.text and "It is now: Accepted." in r.text


# --- participants and training ---------------------------------------------------------------------------


def test_the_programmes_participants_show_role_training_and_match(api: Api, town):
    words = text_of(page(api, f"{town['programme']}/participants", town["manager"]))
    assert "Marta Mentorowa Mentor Training not finished Not matched" in words
    assert "Nina Menteeova Mentee Not required Not matched" in words
    words = text_of(page(api, f"{town['programme']}/participants?role=mentor", town["manager"]))
    assert "Marta" in words and "Nina" not in words


def test_the_trainers_start_page_lists_mentors_only(api: Api, town):
    html = page(api, f"{town['base']}/participants", town["trainer"])
    words = text_of(html)
    assert "Marta Mentorowa" in words and "Nina" not in words and "Olek" not in words
    assert town["mentee"] not in html
    assert f'<option value="{town["programme_id"]}"' in html  # the programme filter
    filtered = page(api, f"{town['base']}/participants?programme_id={town['programme_id']}", town["trainer"])
    assert "Marta Mentorowa" in text_of(filtered)
    # The manager sees everyone there.
    assert "Nina Menteeova" in text_of(page(api, f"{town['base']}/participants", town["manager"]))


def test_recording_training_on_the_participant_page(api: Api, town):
    path = f"{town['base']}/participants/{town['mentor']}"
    html = page(api, path, town["trainer"])
    assert "Mentoring basics" in html and "No training is recorded yet." in html
    r = post(
        api, path, town["trainer"], {"module": "mentoring_basics", "completed_on": "2999-01-01"}, status=422
    )
    assert 'href="#f-completed_on"' in r.text and "today or earlier" in r.text
    r = post(api, path, town["trainer"], {"module": "", "completed_on": "2026-11-20"}, status=422)
    assert 'href="#f-module"' in r.text
    r = post(
        api,
        path,
        town["trainer"],
        {"module": "mentoring_basics", "completed_on": "2026-11-20", "assessment_passed": "yes"},
    )
    assert r.headers["Location"] == path
    html = follow(api, r, town["manager"])
    assert "The mentor has finished the training and can now be matched." in html
    assert "Passed" in html and "Trained" in html


def test_a_trainer_cannot_open_a_mentee_nor_the_managers_pages(api: Api, town):
    page(api, f"{town['base']}/participants/{town['mentee']}", town["trainer"], status=404)
    for path in (
        f"{town['base']}/programmes",
        town["programme"],
        f"{town['base']}/applications/{town['mentee_app']}",
    ):
        assert "You cannot open this page" in page(api, path, town["trainer"], status=403)


# --- who may open what ------------------------------------------------------------------------------------


def manager_pages(town: dict[str, Any]) -> list[str]:
    return [
        f"{town['base']}/programmes",
        town["programme"],
        f"{town['programme']}/settings",
        f"{town['programme']}/applications",
        f"{town['programme']}/participants",
        f"{town['base']}/applications/{town['mentee_app']}",
        f"{town['base']}/participants",
        f"{town['base']}/participants/{town['mentor']}",
    ]


@pytest.mark.parametrize("who", ["mentee", "mentor"])
def test_a_mentee_or_mentor_opening_a_managers_page_gets_the_403_page(api: Api, town, who):
    for path in manager_pages(town):
        html = page(api, path, town[f"{who}_token"], status=403)
        assert "You cannot open this page" in html, path
        assert town["mentee"] not in html and "Menteeova" not in html
    r = post(
        api, f"{town['base']}/applications/{town['waiting_mentor']}", town[f"{who}_token"], {"text": "x"}, 403
    )
    assert "You cannot open this page" in r.text


def test_nobody_signed_in_is_sent_to_sign_in_and_back(api: Api, town):
    r = api.call("GET", town["programme"], None)
    assert r.status_code == 303
    assert r.headers["Location"].startswith(f"/app/{town['slug']}/sign-in?next=")


def test_another_municipalitys_ids_are_the_404_page(api: Api, town, other):
    base = f"/app/{other['slug']}"
    foreign = [
        f"{base}/programmes/{town['programme_id']}",
        f"{base}/programmes/{town['programme_id']}/settings",
        f"{base}/programmes/{town['programme_id']}/applications",
        f"{base}/programmes/{town['programme_id']}/participants",
        f"{base}/applications/{town['mentee_app']}",
        f"{base}/participants/{town['mentor']}",
    ]
    for path in foreign:
        html = page(api, path, other["manager"], status=404)
        assert "Page not found" in html and "Menteeova" not in html and "Mentorowa" not in html, path
    post(
        api, f"{base}/applications/{town['waiting_mentee']}", other["manager"], {"decision": "rejected"}, 404
    )
    post(
        api,
        f"{base}/participants/{town['mentor']}",
        other["manager"],
        {"module": "m", "completed_on": "2026-11-01"},
        404,
    )
    post(api, f"{base}/programmes/{town['programme_id']}/settings", other["manager"], programme_form(), 404)
    # The trainer's filter ignores another municipality's programme: nothing of it is shown.
    listed = page(api, f"{base}/participants?programme_id={town['programme_id']}", other["manager"])
    assert "Mentorowa" not in listed


def test_a_post_without_the_csrf_token_is_the_403_page(api: Api, town):
    r = api.call(
        "POST",
        f"{town['base']}/applications/{town['waiting_mentee']}",
        town["manager"],
        data={"text": "x", "csrf": "wrong"},
    )
    assert r.status_code == 403 and "The form has expired" in r.text
