"""What the skill matrix and the personality criterion (seed 001) cost the scoring at 10,000 x 2,500: the
same profiles scored without them, and with eight rated skills and the five traits weighed in. Printed
figures only (no timed assertions)."""

from __future__ import annotations

import statistics
import time

import numpy as np

from services.matching.engine.scoring import score_matrix
from services.matching.models import MatchingConfig, MatchingProfile
from tests.bench.test_matching_bench import CONFIG, generate

SKILLS = [
    "leadership", "communication", "presenting", "project_management",
    "conflict_resolution", "time_management", "data_analysis", "strategic_thinking",
]  # fmt: skip
TRAITS = ["extraversion", "agreeableness", "conscientiousness", "emotional_stability", "openness"]


def _with_assessments(profiles: list[MatchingProfile], rng: np.random.Generator) -> list[MatchingProfile]:
    out = []
    for p in profiles:
        ratings = {s: int(rng.integers(0, 5)) for s in SKILLS}
        traits = {t: float(rng.integers(2, 15)) / 2 for t in TRAITS}
        out.append(p.model_copy(update={"skill_ratings": ratings, "personality": traits}))
    return out


def _median(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def test_print_the_scoring_time_with_and_without_the_self_assessments() -> None:
    mentees, mentors = generate(10_000, 2_500, 7)
    rng = np.random.default_rng(7)
    rated_mentees, rated_mentors = _with_assessments(mentees, rng), _with_assessments(mentors, rng)
    weighed = MatchingConfig(
        **{
            **CONFIG.model_dump(),
            "weights": {**CONFIG.weights, "skills": 5, "personality": 3},
            "personality_traits": ["conscientiousness", "openness"],
        }
    )
    before = _median(lambda: score_matrix(mentees, mentors, CONFIG))
    after = _median(lambda: score_matrix(rated_mentees, rated_mentors, weighed))
    every_trait = _median(
        lambda: score_matrix(
            rated_mentees, rated_mentors, weighed.model_copy(update={"personality_traits": TRAITS})
        )
    )
    print(
        "\n== scoring 10,000 x 2,500 with the skill matrix and personality (seed 001) ==\n"
        f"  without them (today's criteria)              median {before:.3f} s\n"
        f"  8 rated skills + 2 chosen traits weighed     median {after:.3f} s\n"
        f"  8 rated skills + all 5 traits weighed        median {every_trait:.3f} s"
    )
