"""The skill matrix and the personality self-assessment (seed 001) at intake: the TIPI's key with its
reversed items, the form's fields when a programme turns them on, and what matching learns."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import pytest
from pydantic import ValidationError

from services.intake.form_spec import application_from_form, fields_for
from services.intake.personality import PersonalityAnswers, reversed_answer, traits
from services.intake.presets import PRESETS
from services.intake.schemas import ApplicationCreate, ProgrammeCreate


def answers(*values: int) -> PersonalityAnswers:
    return PersonalityAnswers(**{f"tipi_{n}": v for n, v in enumerate(values, 1)})


def test_reversed_items_count_the_other_way_round() -> None:
    assert [reversed_answer(a) for a in range(1, 8)] == [7, 6, 5, 4, 3, 2, 1]


def test_tipi_is_scored_into_the_five_traits_by_its_key() -> None:
    # Given answers to items 1..10 (item 6, 2, 8, 4 and 10 are reversed)
    scored = traits(answers(7, 2, 6, 1, 5, 3, 6, 2, 7, 4))
    # Then each trait is the mean of its item and its reversed item
    assert scored.extraversion == (7 + (8 - 3)) / 2  # items 1 and 6R: 6.0
    assert scored.agreeableness == (6 + (8 - 2)) / 2  # items 7 and 2R: 6.0
    assert scored.conscientiousness == (6 + (8 - 2)) / 2  # items 3 and 8R: 6.0
    assert scored.emotional_stability == (7 + (8 - 1)) / 2  # items 9 and 4R: 7.0
    assert scored.openness == (5 + (8 - 4)) / 2  # items 5 and 10R: 4.5


def test_answering_every_item_the_same_scores_the_middle() -> None:
    # Agreeing with an item and with its opposite cancels out: every trait is 4.
    scored = traits(answers(*[7] * 10))
    assert set(scored.model_dump().values()) == {4.0}


def test_answers_are_whole_numbers_from_1_to_7_and_all_ten() -> None:
    with pytest.raises(ValidationError):
        answers(8, 2, 6, 1, 5, 3, 6, 2, 7, 4)
    with pytest.raises(ValidationError):
        PersonalityAnswers(tipi_1=4)  # type: ignore[call-arg]


def test_the_form_asks_for_them_only_when_the_programme_turns_them_on() -> None:
    plain = [f.name for f in fields_for("mentee")]
    assert not any(n.startswith(("skill_ratings.", "personality.")) for n in plain)
    on = [
        f.name
        for f in fields_for("mentor", skill_matrix=["presenting", "leadership"], personality_assessment=True)
    ]
    assert "skill_ratings.presenting" in on and "skill_ratings.leadership" in on
    assert [n for n in on if n.startswith("personality.")] == [f"personality.tipi_{n}" for n in range(1, 11)]
    # They come before the consent, the form's last section.
    assert on.index("personality.tipi_10") < on.index("consent.processing")


def test_a_posted_form_with_ratings_and_answers_is_a_valid_application() -> None:
    pairs = [
        ("person.given_name", "Ada"), ("person.family_name", "Lovelace"), ("person.email", "ada@example.org"),
        ("person.birth_year", "1990"), ("person.languages", "de"), ("needs", "Presenting to a board"),
        ("profile.motivation", "Grow"), ("profile.expectations", "Feedback"),
        ("consent.processing", "yes"), ("consent.privacy_notice_version", "2026-11"),
        ("skill_ratings.presenting", "1"), ("skill_ratings.leadership", ""),
        *[(f"personality.tipi_{n}", str(1 + n % 7)) for n in range(1, 11)],
    ]  # fmt: skip
    body = ApplicationCreate.model_validate(
        application_from_form(parse_qs(urlencode(pairs), keep_blank_values=True), role="mentee")
    )
    assert body.skill_ratings == {"presenting": 1}
    assert body.personality is not None and body.personality.tipi_10 == 4  # 1 + 10 % 7


def test_the_mentoring_2_0_preset_turns_both_on_and_weighs_them() -> None:
    dates = {"starts_on": "2027-01-01", "ends_on": "2027-12-31"}
    programme = ProgrammeCreate.model_validate(
        {"preset": "mentoring_2_0", "name": "Mentoring 2.0", "languages": ["de"], **dates}
    )
    assert programme.personality_assessment is True
    assert "presenting" in programme.skill_matrix
    assert programme.matching.weights["skills"] > 0 and programme.matching.weights["personality"] > 0
    assert programme.matching.personality_traits == ["conscientiousness", "openness"]
    # The other presets leave both off.
    assert not any(
        p.personality_assessment or p.skill_matrix for k, p in PRESETS.items() if k != "mentoring_2_0"
    )
