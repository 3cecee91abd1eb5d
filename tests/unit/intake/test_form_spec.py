"""The form as data: its fields follow `ApplicationCreate`, and a posted form parses into a valid body."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, get_args
from urllib.parse import parse_qs, urlencode

import pytest
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from services.intake.form_spec import application_from_form, as_role, fields_for
from services.intake.models import MINIMUM_AGE
from services.intake.schemas import ApplicationCreate
from shared.vocabulary import INDUSTRIES, INTERESTS, LIFE_EXPERIENCES, SKILLS, VALUES

ROLES = ("mentee", "mentor")


def _posted(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """What the browser sends, through the same parser the route uses."""
    return parse_qs(urlencode(pairs), keep_blank_values=True)


def _model_of(annotation: Any) -> type[BaseModel]:
    for candidate in (annotation, *get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    raise AssertionError(f"{annotation} is not a nested model")


def _schema_field(dotted: str) -> FieldInfo:
    """The schema's field at a dotted form name; a KeyError names a form field the schema lacks."""
    model: type[BaseModel] = ApplicationCreate
    *parents, leaf = dotted.split(".")
    for part in parents:
        model = _model_of(model.model_fields[part].annotation)
    return model.model_fields[leaf]


BOTH = [
    ("person.given_name", "Amina"),
    ("person.family_name", "Haddad"),
    ("person.email", "amina@example.org"),
    ("person.phone", ""),
    ("person.birth_year", "1996"),
    ("person.gender", ""),
    ("person.postcode", "10115"),
    ("person.languages", "ar"),
    ("person.languages", "de"),
    ("profile.motivation", "Ich möchte ankommen."),
    ("profile.expectations", "Jemand, der zuhört."),
    ("profile.interests", "cooking"),
    ("profile.interests", "football"),
    ("profile.interests", "music"),
    ("profile.values", ""),
    ("profile.life_experience", ""),
    ("profile.education", "vocational"),
    ("profile.industry", ""),
    ("profile.communication_style", ""),
    ("profile.preferred_mode", "blended"),
    ("profile.availability", "mon_evening"),
    ("profile.availability", "sat_morning"),
    ("consent.privacy_notice_version", "2026-11"),
    ("consent.processing", "yes"),
    ("consent.contact_email", "yes"),
    ("website", ""),
]


def test_every_field_names_a_place_in_the_application_body():
    for role in ROLES:
        for field in fields_for(role):
            assert _schema_field(field.name) is not None, field.name


def test_what_the_schema_requires_the_form_marks_required():
    for role in ROLES:
        for field in fields_for(role):
            if _schema_field(field.name).is_required() and field.kind != "checkbox":
                assert field.required, field.name


def test_fields_are_in_display_order_and_unique_per_role():
    for role in ROLES:
        names = [f.name for f in fields_for(role)]
        assert len(names) == len(set(names))
        assert names[0] == "person.given_name" and names[-1].startswith("consent.")
    mentee = {f.name for f in fields_for("mentee")}
    mentor = {f.name for f in fields_for("mentor")}
    assert {"needs", "wishes.mentor_gender", "wishes.mentor_age_range", "wishes.industry"} <= mentee - mentor
    assert {"skills", "competences", "mentoring_experience", "capacity"} <= mentor - mentee


def test_select_options_are_exactly_what_the_schema_accepts():
    fields = {f.name: f for f in fields_for("mentee")}
    assert fields["profile.education"].options == [
        "secondary",
        "vocational",
        "bachelor",
        "master",
        "doctorate",
    ]
    assert fields["person.gender"].options == ["female", "male", "diverse", "prefer_not_to_say"]
    assert fields["profile.preferred_mode"].options == ["in_person", "e_mentoring", "blended"]
    assert len(fields["profile.availability"].options or []) == 21
    for value in fields["wishes.mentor_age_range"].options or []:
        ApplicationCreate.model_validate(_body("mentee", [("wishes.mentor_age_range", value)]))


def test_birth_year_bounds_follow_the_minimum_age():
    year = {f.name: f for f in fields_for("mentor")}["person.birth_year"]
    assert (year.minimum, year.maximum) == (1900, datetime.now(UTC).year - MINIMUM_AGE)
    capacity = {f.name: f for f in fields_for("mentor")}["capacity"]
    assert (capacity.minimum, capacity.maximum, capacity.required) == (1, 5, True)


def test_required_fields_match_the_schema():
    required = {f.name for f in fields_for("mentee") if f.required}
    assert required == {
        "person.given_name", "person.family_name", "person.email", "person.birth_year", "person.languages",
        "needs", "profile.motivation", "profile.expectations", "consent.processing",
    }  # fmt: skip


def _body(role: str, extra: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    own = (
        [("needs", "Eine Ausbildung finden."), ("wishes.mentor_gender", "female"), ("wishes.industry", "")]
        if role == "mentee"
        else [
            ("skills", "job_applications"),
            ("skills", "accounting"),
            ("capacity", "2"),
            ("competences", ""),
        ]
    )
    return application_from_form(_posted(BOTH + own + (extra or [])), role=role, language="de")


@pytest.mark.parametrize("role", ROLES)
def test_a_filled_form_round_trips_into_a_valid_application(role: str):
    application = ApplicationCreate.model_validate(_body(role))

    assert application.role == role and application.language == "de"
    assert application.person.languages == ["ar", "de"]
    assert application.person.phone is None and application.person.gender is None
    assert application.person.birth_year == 1996
    assert application.profile.interests == ["cooking", "football", "music"]
    assert application.profile.values == [] and application.profile.industry is None
    assert application.profile.availability == ["mon_evening", "sat_morning"]
    assert application.consent.processing is True
    assert application.consent.contact_email is True and application.consent.contact_sms is False
    assert application.website is None
    if role == "mentee":
        assert application.wishes is not None and application.wishes.mentor_gender == "female"
        assert application.wishes.industry is None and application.skills is None
    else:
        assert application.skills == ["job_applications", "accounting"] and application.capacity == 2
        assert application.competences is None and application.wishes is None


def test_an_empty_wishes_group_is_left_out():
    body = application_from_form(
        _posted([("wishes.mentor_gender", ""), ("wishes.industry", " ")]), role="mentee"
    )
    assert "wishes" not in body


def test_an_unticked_consent_is_a_no_that_names_its_field():
    posted = [pair for pair in BOTH if pair[0] != "consent.processing"]
    body = application_from_form(_posted([*posted, ("needs", "x")]), role="mentee")
    assert body["consent"]["processing"] is False
    with pytest.raises(ValidationError) as caught:
        ApplicationCreate.model_validate(body)
    assert [e["loc"] for e in caught.value.errors()] == [("consent", "processing")]


def test_a_number_that_is_not_one_stays_text_so_validation_names_it():
    body = _body("mentor", [("person.birth_year", "neunzehn")])
    assert body["person"]["birth_year"] == "neunzehn"
    with pytest.raises(ValidationError) as caught:
        ApplicationCreate.model_validate(body)
    assert {e["loc"] for e in caught.value.errors()} == {("person", "birth_year")}


def test_an_empty_form_still_reports_leaves_by_name():
    body = application_from_form({}, role="mentee")
    with pytest.raises(ValidationError) as caught:
        ApplicationCreate.model_validate(body)
    locs = {e["loc"] for e in caught.value.errors()}
    assert ("person", "email") in locs and ("profile", "motivation") in locs
    assert ("consent", "processing") in locs


def test_the_honeypot_is_kept_and_unknown_names_pass_through_to_be_refused():
    body = _body("mentee", [("website", "http://spam.example"), ("favourite_colour", "blue")])
    assert body["website"] == "http://spam.example"
    with pytest.raises(ValidationError) as caught:
        ApplicationCreate.model_validate(body)
    assert [e["type"] for e in caught.value.errors()] == ["extra_forbidden"]


def test_role_and_language_in_the_url_win_over_the_body():
    body = application_from_form(
        _posted([("role", "mentor"), ("language", "pl")]), role="mentee", language="de"
    )
    assert (body["role"], body["language"]) == ("mentee", "de")
    plain = application_from_form(_posted([("role", "mentor")]))
    assert plain["role"] == "mentor" and "language" not in plain


FIXED_LISTS = {
    "profile.interests": INTERESTS,
    "profile.values": VALUES,
    "profile.life_experience": LIFE_EXPERIENCES,
    "profile.industry": INDUSTRIES,
    "wishes.industry": INDUSTRIES,
    "skills": SKILLS,
}


def test_what_travels_to_matching_is_chosen_from_a_fixed_list():
    """Issue 8, item 7: industry, wishes.industry and the former free tags are choices, not text."""
    fields = {f.name: f for role in ROLES for f in fields_for(role)}
    for name, options in FIXED_LISTS.items():
        assert fields[name].kind in ("select", "checkboxes"), name
        assert fields[name].options == list(options), name


@pytest.mark.parametrize(
    ("role", "name", "typed"),
    [
        ("mentee", "profile.interests", "Call 0800 WIN NOW"),
        ("mentee", "profile.values", "honesty, see http://spam.example"),
        ("mentee", "profile.life_experience", "moved"),
        ("mentee", "profile.industry", "IT"),
        ("mentee", "wishes.industry", "care"),
        ("mentor", "skills", "Bewerbungen"),
    ],
)
def test_a_value_outside_the_list_is_refused_by_its_name(role: str, name: str, typed: str):
    with pytest.raises(ValidationError) as refused:
        ApplicationCreate.model_validate(_body(role, [(name, typed)]))
    places = {".".join(str(p) for p in e["loc"] if isinstance(p, str)) for e in refused.value.errors()}
    assert name in places


def test_as_role_knows_only_the_two_roles():
    assert [as_role(v) for v in ("mentee", "mentor", "manager", "", None)] == [
        "mentee",
        "mentor",
        None,
        None,
        None,
    ]
