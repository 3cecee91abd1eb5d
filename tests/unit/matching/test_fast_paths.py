"""The run's fast paths give what the one-pair functions give: every proposal's breakdown and reasons are
those `breakdown` and `reasons` give the pair alone, in every language, with every criterion weighed;
`trusted` builds the same models as `model_construct`; skipping a criterion weighted 0 changes no score."""

from __future__ import annotations

import gc

import numpy as np
import pytest

from services.matching.engine import proposals
from services.matching.engine.explain import reasons
from services.matching.engine.features import encode
from services.matching.engine.proposals import run_matching
from services.matching.engine.scoring import _weighted_matrices, breakdown
from services.matching.models import CRITERIA, MatchingConfig, MatchingProfile, MenteeWishes
from services.matching.run_models import ProposedMentee, RunProposal, UnmatchedParticipant, trusted
from shared.vocabulary import MATRIX_SKILLS, TRAITS

INTERESTS = ["music", "cooking", "football", "IT", "reading", "hiking"]
SLOTS = ["mon_evening", "tue_evening", "sat_morning", "sun_afternoon"]
EVERYTHING = MatchingConfig(
    kind="group",
    max_group_size=3,
    weights=dict.fromkeys(CRITERIA, 2) | {"skills": 5, "personality": 5},
    personality_traits=["openness", "conscientiousness", "extraversion"],
    reference_year=2026,
)


def _people(role: str, count: int, rng: np.random.Generator) -> list[MatchingProfile]:
    people = []
    for k in range(count):
        fields: dict[str, object] = {
            "participant_id": f"{role}-{k}",
            "role": role,
            "birth_year": int(rng.integers(1960, 2005)),
            "gender": str(rng.choice(["f", "m"])),
            "languages": ["de"],
            "interests": list(rng.choice(INTERESTS, size=int(rng.integers(0, 4)), replace=False)),
            "values": list(
                rng.choice(["honesty", "respect", "family"], size=int(rng.integers(0, 3)), replace=False)
            ),
            "life_experience": list(
                rng.choice(["migration", "parenthood"], size=int(rng.integers(0, 2)), replace=False)
            ),
            "availability": list(rng.choice(SLOTS, size=int(rng.integers(1, 3)), replace=False)),
            "industry": str(rng.choice(["IT", "retail", "crafts"])),
            "education": str(rng.choice(["secondary", "vocational", "bachelor"])),
            "communication_style": str(rng.choice(["direct", "reflective", "supportive", "structured"])),
            "preferred_mode": str(rng.choice(["in_person", "blended"])),
            "motivation_level": int(rng.integers(1, 6)),
            "skill_ratings": {
                str(s): int(rng.integers(0, 5)) for s in rng.choice(MATRIX_SKILLS, size=3, replace=False)
            },
            "personality": {t: float(rng.integers(2, 15)) / 2 for t in TRAITS}
            if rng.random() < 0.8
            else None,
        }
        if role == "mentor":
            fields["capacity"] = int(rng.integers(1, 4))
        elif rng.random() < 0.5:
            fields["wishes"] = MenteeWishes(mentor_gender="f", mentor_age_range="30-50")
        people.append(MatchingProfile.model_validate(fields))
    return people


@pytest.mark.parametrize("language", ["en", "de", "pl"])
def test_every_proposal_says_what_the_pair_alone_says(language: str) -> None:
    rng = np.random.default_rng(15)
    mentees, mentors = _people("mentee", 60, rng), _people("mentor", 20, rng)
    result = run_matching(mentees, mentors, EVERYTHING, language=language)
    by_id = {p.participant_id: p for p in mentees + mentors}
    pairs = 0
    for proposal in result.proposals:
        mentor = by_id[proposal.mentor_id]
        for proposed in proposal.mentees:
            mentee = by_id[proposed.mentee_id]
            alone = breakdown(mentee, mentor, EVERYTHING)
            assert proposed.breakdown == alone
            expected = reasons(
                alone, mentee, mentor, language, year=2026, traits=EVERYTHING.personality_traits
            )
            assert proposed.reasons == expected
            pairs += 1
    assert pairs > 20
    if language == "en":
        # Skills and personality are among the reasons given, so their wording is exercised too.
        said = " ".join(r for p in result.proposals for m in p.mentees for r in m.reasons)
        assert "the mentee wants to grow" in said and "Alike in" in said


def test_trusted_builds_what_model_construct_builds() -> None:
    mentee = {"mentee_id": "e", "score": 71.5, "breakdown": {"age": 3.25}, "reasons": ["Both like music"]}
    assert (
        trusted(ProposedMentee, **mentee).model_dump()
        == ProposedMentee.model_construct(**mentee).model_dump()
    )
    values = {
        "proposal_id": "proposal-00000",
        "mentor_id": "m",
        "mentee_ids": ["e"],
        "score": 71.5,
        "breakdown": {"age": 3.25},
        "reasons": [],
        "mentees": [trusted(ProposedMentee, **mentee)],
    }
    fast, slow = trusted(RunProposal, **values), RunProposal.model_construct(**values)
    assert fast.model_dump(mode="json") == slow.model_dump(mode="json")
    assert fast.model_fields_set == slow.model_fields_set and fast.team is None
    assert RunProposal.model_validate(fast.model_dump()) == RunProposal.model_validate(slow.model_dump())
    gone = trusted(UnmatchedParticipant, participant_id="x", reason="capacity_exhausted")
    assert gone.model_dump_json() == '{"participant_id":"x","reason":"capacity_exhausted"}'


def test_a_criterion_weighted_zero_is_not_encoded_and_no_score_moves() -> None:
    rng = np.random.default_rng(3)
    mentees, mentors = _people("mentee", 30, rng), _people("mentor", 12, rng)
    weights = EVERYTHING.effective_weights() | {"skills": 0, "personality": 0, "age": 0}
    everything = encode(mentees, mentors, 2026, EVERYTHING.personality_traits)
    weighted = encode(mentees, mentors, 2026, EVERYTHING.personality_traits, weights)
    assert weighted["skills"].mentee.shape[1] == 1 and not weighted["skills"].mentee.any()
    a, b = _weighted_matrices(everything, weights, 30, 12)
    c, d = _weighted_matrices(weighted, weights, 30, 12)
    assert np.array_equal(a @ b, c @ d)


@pytest.mark.parametrize("on_before", [True, False])
def test_a_run_pauses_the_cycle_collector_and_leaves_it_as_it_found_it(
    on_before: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Off while the run builds its proposals; afterwards on again only if it was on, also when the run
    fails."""
    seen: list[bool] = []
    real_score_matrix = proposals.score_matrix

    def watched(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real_score_matrix(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(proposals, "score_matrix", watched)
    rng = np.random.default_rng(3)
    mentees, mentors = _people("mentee", 12, rng), _people("mentor", 4, rng)
    was = gc.isenabled()
    try:
        (gc.enable if on_before else gc.disable)()
        result = run_matching(mentees, mentors, EVERYTHING)
        assert result.metrics.matched > 0
        assert seen == [False] and gc.isenabled() is on_before

        def broken(*args: object, **kwargs: object) -> object:
            raise RuntimeError("scoring failed")

        monkeypatch.setattr(proposals, "score_matrix", broken)
        with pytest.raises(RuntimeError, match="scoring failed"):
            run_matching(mentees, mentors, EVERYTHING)
        assert gc.isenabled() is on_before
    finally:
        (gc.enable if was else gc.disable)()
