"""The form pages' decisions: which language, and which words for which mistake."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from services.intake import pages
from services.intake.form_spec import application_from_form, fields_for
from services.intake.schemas import ApplicationCreate, PublicProgramme
from shared.vocabulary import VALUES


def _programme(languages: list[str], default: str = "de") -> PublicProgramme:
    return PublicProgramme(
        programme_id="prg_1",
        tenant_slug="demo",
        name="Start",
        languages=languages,
        default_language=default,
        open=True,
        kind="pair",
        mode="in_person",
        privacy_notice_version="2026-11",
        fields={"mentee": fields_for("mentee"), "mentor": fields_for("mentor")},
    )


@pytest.mark.parametrize(
    ("requested", "languages", "default", "chosen"),
    [
        ("pl", ["de", "en", "pl"], "de", "pl"),  # asked for and offered
        (None, ["de", "en", "pl"], "de", "de"),  # nothing asked: the municipality's language
        ("fr", ["de", "en", "pl"], "de", "de"),  # not shipped
        ("pl", ["de", "en"], "de", "de"),  # shipped, but the programme does not run in it
        ("pl", ["uk", "en"], "uk", "en"),  # the default is not shipped: English
        (None, ["pl"], "de", "de"),  # the municipality's own language is always offered when shipped
        ("en", ["uk", "ar"], "uk", "en"),  # nothing shipped at all: English
    ],
)
def test_the_language_falls_back_to_the_municipality_then_english(requested, languages, default, chosen):
    assert pages.choose_language(requested, _programme(languages, default)) == chosen


def test_the_switcher_links_the_other_offered_languages_relative_to_the_page():
    programme = _programme(["de", "en", "pl"])
    page = pages.page_for("de", pages.offered_languages(programme), "mentor")
    assert [(link.code, link.name, link.href) for link in page.switcher] == [
        ("en", "English", "?role=mentor&lang=en"),
        ("pl", "Polski", "?role=mentor&lang=pl"),
    ]
    no_role = pages.page_for("de", ["de", "en"], "manager")
    assert no_role.role is None and no_role.switcher[0].href == "?lang=en"


def _problems(role: str, pairs: dict[str, Any]) -> dict[str | None, str]:
    base = {
        "person.given_name": ["Ana"],
        "person.family_name": ["Kowalska"],
        "person.email": ["ana@example.org"],
        "person.birth_year": ["1990"],
        "person.languages": ["pl"],
        "profile.motivation": ["m"],
        "profile.expectations": ["e"],
        "consent.processing": ["yes"],
        "consent.privacy_notice_version": ["2026-11"],
        **({"needs": ["n"]} if role == "mentee" else {"skills": ["teaching"], "capacity": ["2"]}),
    }
    posted = {k: v for k, v in {**base, **pairs}.items() if v is not None}
    data = application_from_form(posted, role=role, language="en")
    try:
        ApplicationCreate.model_validate(data)
        errors: list[Any] = []
    except ValidationError as exc:
        errors = exc.errors(include_input=False)
    found = pages.problems_from_validation(errors, fields_for(role), data)  # type: ignore[arg-type]
    return {p.name: p.key for p in found}


def test_a_valid_form_has_no_problems():
    assert _problems("mentee", {}) == {} and _problems("mentor", {}) == {}


@pytest.mark.parametrize(
    ("role", "change", "expected"),
    [
        ("mentee", {"person.email": ["not-an-address"]}, {"person.email": "error.email"}),
        ("mentee", {"consent.processing": None}, {"consent.processing": "error.consent_required"}),
        ("mentee", {"person.given_name": ["  "]}, {"person.given_name": "error.required"}),
        ("mentee", {"person.languages": None}, {"person.languages": "error.languages_required"}),
        ("mentee", {"person.languages": ["xx"]}, {"person.languages": "error.option"}),
        (
            "mentee",
            {"person.birth_year": [str(datetime.now(UTC).year - 5)]},
            {"person.birth_year": "error.too_young"},
        ),
        ("mentee", {"person.birth_year": ["19x0"]}, {"person.birth_year": "error.birth_year"}),
        ("mentee", {"person.phone": ["call me"]}, {"person.phone": "error.phone"}),
        ("mentee", {"person.postcode": ["!!"]}, {"person.postcode": "error.postcode"}),
        ("mentee", {"needs": None}, {"needs": "error.required"}),
        ("mentee", {"profile.motivation": ["x" * 2001]}, {"profile.motivation": "error.too_long"}),
        ("mentee", {"profile.interests": ["y" * 61]}, {"profile.interests": "error.option"}),
        ("mentee", {"profile.values": list(VALUES[:11])}, {"profile.values": "error.too_many"}),
        ("mentee", {"profile.industry": ["IT"]}, {"profile.industry": "error.option"}),
        ("mentee", {"wishes.industry": ["care"]}, {"wishes.industry": "error.option"}),
        ("mentor", {"skills": ["Bewerbungen"]}, {"skills": "error.option"}),
        # Issue 8, item 3: a name is one line without links, so a receipt cannot carry a message.
        ("mentee", {"person.given_name": ["Amina\nhttp://win.example"]}, {"person.given_name": "error.name"}),
        (
            "mentee",
            {"person.family_name": ["Win at www.prize.example"]},
            {"person.family_name": "error.name"},
        ),
        ("mentee", {"person.given_name": ["Call 0800 123"]}, {"person.given_name": "error.name"}),
        ("mentee", {"consent.privacy_notice_version": ["2025-01"]}, {None: "error.general"}),
        ("mentee", {"profile.education": ["wizardry"]}, {"profile.education": "error.option"}),
        ("mentee", {"profile.availability": ["mon_midnight"]}, {"profile.availability": "error.option"}),
        ("mentee", {"wishes.mentor_age_range": ["old"]}, {"wishes.mentor_age_range": "error.option"}),
        (
            "mentor",
            {"skills": [""], "capacity": None},
            {"skills": "error.required", "capacity": "error.choose"},
        ),
        ("mentor", {"capacity": ["9"]}, {"capacity": "error.number_range"}),
        ("mentee", {"consent.privacy_notice_version": None}, {None: "error.general"}),
    ],
)
def test_each_mistake_gets_its_own_words_on_its_own_field(role, change, expected):
    assert _problems(role, change) == expected


def test_problems_come_in_the_order_of_the_form():
    found = _problems("mentee", {"consent.processing": None, "person.email": ["x"], "needs": None})
    assert list(found) == ["person.email", "needs", "consent.processing"]


def test_the_error_summary_links_each_problem_to_its_field_and_keeps_values():
    programme = _programme(["de", "en"])
    page = pages.page_for("de", ["de", "en"], "mentee")
    html = pages.form_page(
        programme,
        page,
        values={"person.email": ["kaputt"], "person.given_name": ["Ana"], "person.languages": ["pl", "de"]},
        problems=[
            pages.Problem("person.email", "error.email"),
            pages.Problem("person.languages", "error.languages_required"),
        ],
    )
    assert 'role="alert"' in html
    assert 'href="#f-person-email"' in html and 'href="#f-person-languages-de"' in html
    assert 'id="f-person-email-error"' in html
    assert 'aria-describedby="f-person-email-hint f-person-email-error" aria-invalid="true"' in html
    assert 'value="kaputt"' in html and 'value="Ana"' in html
    assert 'value="pl" checked' in html and 'value="de" checked' in html
    assert "<title>Fehler: Als Mentee bewerben" in html


@pytest.mark.parametrize("lang", ["en", "de", "pl"])
def test_a_name_with_a_link_is_refused_next_to_its_field_in_each_language(lang: str):
    """Issue 8, item 3: the form says, at the name, in the page's language, what a name may hold."""
    programme = _programme(["de", "en", "pl"])
    page = pages.page_for(lang, ["de", "en", "pl"], "mentee")
    posted = {"person.given_name": ["Amina http://win.example"]}
    problems = [pages.Problem("person.given_name", "error.name")]
    html = pages.form_page(programme, page, values=posted, problems=problems)
    wording = pages.i18n.t(lang, "error.name")
    assert wording != pages.i18n.t("en", "error.name") or lang == "en"
    assert 'id="f-person-given_name-error"><span class="vh">' in html.replace("\n", "")
    assert wording in html.split('id="f-person-given_name-error"')[1].split("</p>")[0]
