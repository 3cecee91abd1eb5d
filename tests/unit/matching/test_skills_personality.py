"""The self-assessments of seed 001 in the matching score: complementary skills and chosen similarity of
personality, as criteria with weights, explained in the reasons; neutral when not given."""

from __future__ import annotations

import pytest

from services.matching.engine.explain import reasons
from services.matching.engine.proposals import run_matching
from services.matching.engine.scoring import assess, breakdown
from services.matching.models import CRITERIA, MatchingConfig, MatchingProfile

ONLY_SKILLS = MatchingConfig(weights=dict.fromkeys(CRITERIA, 0) | {"skills": 5}, reference_year=2026)
ONLY_PERSONALITY = MatchingConfig(
    weights=dict.fromkeys(CRITERIA, 0) | {"personality": 5},
    personality_traits=["conscientiousness", "openness"],
    reference_year=2026,
)
ALIKE = {"extraversion": 4.0, "agreeableness": 5.0, "conscientiousness": 6.0, "emotional_stability": 5.5}


def person(pid: str, role: str, **fields: object) -> MatchingProfile:
    base: dict[str, object] = {"participant_id": pid, "role": role, "birth_year": 1990, "languages": ["de"]}
    return MatchingProfile.model_validate(base | fields)


def test_a_mentor_strong_where_the_mentee_wants_to_grow_scores_the_share_of_growth_covered() -> None:
    # Given a mentee who wants to grow by 4 in presenting and by 2 in leadership (growth 6 in all)
    mentee = person("e", "mentee", skill_ratings={"presenting": 0, "leadership": 2, "data_analysis": 4})
    # When a mentor rated 4 in presenting, 1 in leadership is scored on skills alone
    mentor = person("m", "mentor", skill_ratings={"presenting": 4, "leadership": 1})
    # Then the score is (4*4 + 2*1) / (4*6) = 75 %
    assert assess(mentee, mentor, ONLY_SKILLS).score == 75.0


def test_complementary_skills_are_neutral_without_ratings_or_without_growth() -> None:
    rated = person("m", "mentor", skill_ratings={"presenting": 4})
    unrated = person("n", "mentor")
    grows = person("e", "mentee", skill_ratings={"presenting": 1})
    complete = person("f", "mentee", skill_ratings={"presenting": 4})
    assert assess(grows, unrated, ONLY_SKILLS).score == 50.0
    assert assess(person("g", "mentee"), rated, ONLY_SKILLS).score == 50.0
    assert assess(complete, rated, ONLY_SKILLS).score == 50.0
    # A mentor weak in what the mentee wants to grow in scores nothing here.
    weak = person("w", "mentor", skill_ratings={"presenting": 0})
    assert assess(grows, weak, ONLY_SKILLS).score == 0.0


def test_personality_compares_only_the_traits_the_programme_chose() -> None:
    # Same conscientiousness; openness 3 apart (half the widest gap of 6): (1 + 0.5) / 2 = 75 %.
    mentee = person("e", "mentee", personality=ALIKE | {"openness": 2.0})
    mentor = person("m", "mentor", personality=ALIKE | {"openness": 5.0, "extraversion": 1.0})
    assert assess(mentee, mentor, ONLY_PERSONALITY).score == 75.0
    # On all five, the extraversion gap (3 of 6) counts too: (1 + 0.5 + 1 + 1 + 0.5) / 5 = 80 %.
    all_five = MatchingConfig(weights=ONLY_PERSONALITY.weights, reference_year=2026)
    assert assess(mentee, mentor, all_five).score == 80.0
    assert assess(mentee, person("n", "mentor"), ONLY_PERSONALITY).score == 50.0


def test_programmes_that_do_not_weigh_them_score_as_before() -> None:
    # The defaults weigh neither: a pair's score does not move with its self-assessments.
    plain = MatchingConfig(reference_year=2026)
    mentee = person("e", "mentee", interests=["music"], skill_ratings={"presenting": 0})
    mentor = person("m", "mentor", interests=["music"], skill_ratings={"presenting": 4}, personality=None)
    without = assess(
        person("e", "mentee", interests=["music"]), person("m", "mentor", interests=["music"]), plain
    )
    assert assess(mentee, mentor, plain).score == without.score
    parts = breakdown(mentee, mentor, plain)
    assert parts["skills"] == 0 and parts["personality"] == 0


def test_a_pair_with_complementary_skills_ranks_above_one_without_and_says_why() -> None:
    # Given one mentee who wants to grow in presenting and project management, and two mentors alike
    # in everything else, only one of them strong in both skills
    mentee = person(
        "e", "mentee", interests=["music"], skill_ratings={"presenting": 1, "project_management": 0}
    )
    strong = person(
        "strong", "mentor", interests=["music"], skill_ratings={"presenting": 4, "project_management": 3}
    )
    other = person(
        "other", "mentor", interests=["music"], skill_ratings={"presenting": 1, "project_management": 0}
    )
    config = MatchingConfig(weights={"skills": 5, "personality": 2}, reference_year=2026)
    # When the matching runs with one place
    result = run_matching([mentee], [other, strong], config, language="en")
    # Then the strong mentor is proposed, and the reasons name the skills
    (proposal,) = result.proposals
    assert proposal.mentor_id == "strong"
    assert assess(mentee, strong, config).score > assess(mentee, other, config).score
    assert any("Presenting" in r and "Project management" in r for r in proposal.reasons)


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Conscientiousness"), ("de", "Gewissenhaftigkeit"), ("pl", "Sumienność")],
)
def test_the_personality_reason_names_the_traits_alike_in_each_language(language: str, words: str) -> None:
    mentee = person("e", "mentee", personality=ALIKE | {"openness": 2.0})
    mentor = person("m", "mentor", personality=ALIKE | {"openness": 6.5})
    parts = breakdown(mentee, mentor, ONLY_PERSONALITY)
    said = reasons(parts, mentee, mentor, language, traits=ONLY_PERSONALITY.personality_traits)
    assert len(said) == 1 and words in said[0]
    # Openness (4.5 apart) is not "alike", so it is not named.
    assert "Openness" not in said[0]
