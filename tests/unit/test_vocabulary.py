"""One vocabulary: the event contract, intake's schemas and form, and the catalogues name the same choices."""

from __future__ import annotations

from typing import get_args

import pytest
from pydantic import ValidationError

from services.intake import i18n
from services.intake.form_spec import fields_for
from services.intake.models import MATCHING_CRITERIA, MatchingSettings, Profile, Wishes
from services.intake.pages import OPTION_GROUPS
from shared import choices
from shared import vocabulary as v
from shared.events.catalog import MatchingFacts, MatchingRules, ProgrammeFacts
from shared.languages import SHIPPED


def test_the_shipped_languages_are_one_list():
    assert v.SHIPPED_LANGUAGES == SHIPPED == get_args(v.ShippedLanguage)
    assert set(SHIPPED) == set(i18n.shipped())


def test_slots_are_every_day_and_part():
    assert tuple(f"{d}_{p}" for d in v.DAYS for p in v.DAY_PARTS) == v.SLOTS


def test_each_option_of_each_list_is_worded_in_every_shipped_language():
    for role in ("mentee", "mentor"):
        for field in fields_for(role):
            group = OPTION_GROUPS.get(field.name)
            if group is None:
                continue
            for option in field.options or ():
                for lang in SHIPPED:
                    assert f"{group}.{option}" in choices.CATALOGUES.all[lang], (lang, group, option)


def test_intake_and_the_event_contract_use_the_vocabulary():
    assert MATCHING_CRITERIA == v.CRITERIA
    assert Profile.model_fields["industry"].annotation == v.Industry | None
    assert Wishes.model_fields["industry"].annotation == v.Industry | None
    assert MatchingFacts.model_fields["interests"].annotation == list[v.Interest]
    assert MatchingFacts.model_fields["skills"].annotation == list[v.Skill]
    assert ProgrammeFacts.model_fields["kind"].annotation == v.Kind
    # `min_score` has one type: an int in the API and in the event
    assert MatchingSettings.model_fields["min_score"].annotation is int
    assert MatchingRules.model_fields["min_score"].annotation is int


@pytest.mark.parametrize(
    "facts",
    [
        {"industry": "IT"},
        {"interests": ["Call 0800 123"]},
        {"values": ["free text"]},
        {"life_experience": ["moved"]},
        {"skills": ["CV"]},
        {"wishes": {"industry": "anything"}},
        {"availability": ["someday"]},
    ],
)
def test_matching_facts_refuse_anything_but_a_choice(facts: dict[str, object]):
    with pytest.raises(ValidationError):
        MatchingFacts.model_validate({"birth_year": 1990, "languages": ["de"], **facts})


def test_every_choice_label_exists_in_every_shipped_language():
    english = set(choices.CATALOGUES.all["en"])
    assert english and all(set(choices.CATALOGUES.all[lang]) == english for lang in SHIPPED)
