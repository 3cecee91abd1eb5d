"""Groups that work as teams: the team fit among a group's mentees, its reasons, and a result that is
provably optimal (small) or comes with a proven bound (any size)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from services.matching.engine.proposals import run_matching
from services.matching.engine.scoring import score_matrix
from services.matching.engine.team import credits, encode_team
from services.matching.engine.team_bound import lagrangian_bound, tighten
from services.matching.engine.teams import objective_units, solve_teams
from services.matching.models import MatchingConfig, MatchingProfile

CONFIG = MatchingConfig(kind="group", max_group_size=3, reference_year=2026)
PAIRS = MatchingConfig(kind="pair", reference_year=2026)


def person(pid: str, role: str, languages: list[str], **fields: object) -> MatchingProfile:
    base: dict[str, object] = {"birth_year": 1995 if role == "mentee" else 1975, "capacity": 3}
    return MatchingProfile.model_validate(
        {"participant_id": pid, "role": role, "languages": languages, **base, **fields}
    )


def test_a_group_sharing_no_language_scores_lower_as_a_team_than_one_that_does_and_says_why():
    mentor = person("mentor", "mentor", ["de", "uk", "ar"])
    same = [person(f"s{i}", "mentee", ["uk"]) for i in range(3)]
    mixed = [person("m0", "mentee", ["uk"]), person("m1", "mentee", ["ar"]), person("m2", "mentee", ["de"])]
    together = run_matching(same, [mentor], CONFIG).proposals[0].team
    apart = run_matching(mixed, [mentor], CONFIG).proposals[0].team
    assert together is not None and apart is not None
    assert together.score > apart.score
    assert together.combined_score > apart.combined_score
    assert "All 3 mentees speak Ukrainian" in " ".join(together.reasons)
    assert not any("speak" in r for r in apart.reasons)  # no language shared by two: nothing to say
    german = run_matching(same, [mentor], CONFIG, language="de").proposals[0].team
    polish = run_matching(same, [mentor], CONFIG, language="pl").proposals[0].team
    assert german is not None and "Alle 3 Mentees sprechen" in german.reasons[0]
    assert polish is not None and "Wszyscy podopieczni (3)" in polish.reasons[0]


def test_the_team_pulls_mentees_who_share_a_time_and_a_language_into_one_group():
    mentors = [person("a", "mentor", ["de", "pl"]), person("b", "mentor", ["de", "pl"])]
    mentees = [
        person("pl-1", "mentee", ["pl"], availability=["mon_evening"]),
        person("de-1", "mentee", ["de"], availability=["sat_morning"]),
        person("pl-2", "mentee", ["pl"], availability=["mon_evening"]),
        person("de-2", "mentee", ["de"], availability=["sat_morning"]),
    ]
    config = CONFIG.model_copy(update={"max_group_size": 2})
    result = run_matching(mentees, mentors, config)
    groups = sorted(sorted(p.mentee_ids) for p in result.proposals)
    assert groups == [["de-1", "de-2"], ["pl-1", "pl-2"]]
    for proposal in result.proposals:
        assert proposal.team is not None
        assert any(
            "can meet on Monday evening" in r or "Saturday morning" in r for r in proposal.team.reasons
        )
    assert result.metrics.method == "exact" and result.metrics.gap == 0.0


def test_pairs_programmes_are_matched_as_before_without_team_fit():
    mentors = [person("a", "mentor", ["de"]), person("b", "mentor", ["de"])]
    mentees = [person("x", "mentee", ["de"]), person("y", "mentee", ["de"])]
    result = run_matching(mentees, mentors, PAIRS)
    assert all(p.team is None for p in result.proposals)
    assert result.metrics.bound is None and result.metrics.gap is None and result.teams is None


LANGS = ["de", "en", "pl", "uk"]
SLOTS = ["mon_morning", "tue_evening", "sat_morning", "sun_evening"]
TOPICS = ["cooking", "football", "music", "IT"]


def random_people(
    rng: np.random.Generator, n: int, m: int
) -> tuple[list[MatchingProfile], list[MatchingProfile]]:
    def one(pid: str, role: str) -> MatchingProfile:
        speaks = [str(x) for x in rng.choice(LANGS, size=int(rng.integers(1, 3)), replace=False)]
        return person(
            pid,
            role,
            speaks + (["de"] if role == "mentor" else []),
            birth_year=int(rng.integers(1960, 2005)),
            interests=[str(x) for x in rng.choice(TOPICS, size=int(rng.integers(0, 3)), replace=False)],
            availability=[str(x) for x in rng.choice(SLOTS, size=int(rng.integers(0, 3)), replace=False)],
            capacity=int(rng.integers(1, 4)),
        )

    return [one(f"e{i}", "mentee") for i in range(n)], [one(f"r{j}", "mentor") for j in range(m)]


def brute_force(score, feasible, slots, dimensions, weights) -> int:  # type: ignore[no-untyped-def]
    n, m = score.shape
    best = 0
    for combo in itertools.product(range(-1, m), repeat=n):
        mentor_of = np.array(combo, np.int64)
        if any((mentor_of == j).sum() > slots[j] for j in range(m)):
            continue
        if any(j >= 0 and not feasible[i, j] for i, j in enumerate(combo)):
            continue
        best = max(best, objective_units(score, mentor_of, credits(dimensions, mentor_of, m), *weights))
    return best


@pytest.mark.parametrize("seed", range(8))
def test_the_exact_method_equals_brute_force_over_every_assignment_and_the_heuristic_is_bounded(seed):
    rng = np.random.default_rng(seed)
    mentees, mentors = random_people(rng, 6, 2)
    matrix = score_matrix(mentees, mentors, CONFIG)
    slots = np.array([min(3, p.capacity) for p in mentors], np.int64)
    dimensions = encode_team(mentees, CONFIG, 2026)
    weights = (sum(CONFIG.effective_weights().values()), CONFIG.team_weight)
    optimum = brute_force(matrix.score, matrix.feasible, slots, dimensions, weights) / sum(weights)

    exact = solve_teams(matrix.score, matrix.feasible, slots, dimensions, weights, "max_total", exact=True)
    assert exact.method == "exact"
    assert exact.value == pytest.approx(optimum) and exact.bound == pytest.approx(optimum)
    assert exact.gap == 0.0

    heuristic = solve_teams(
        matrix.score, matrix.feasible, slots, dimensions, weights, "max_total", exact=False
    )
    assert heuristic.value <= optimum + 1e-9 <= heuristic.bound + 1e-9  # the bound holds
    assert 0.0 <= heuristic.gap < 0.2


def test_on_a_larger_programme_the_bound_is_at_least_the_objective_found():
    rng = np.random.default_rng(7)
    mentees, mentors = random_people(rng, 400, 100)  # beyond EXACT_MENTEES: the heuristic
    result = run_matching(mentees, mentors, CONFIG)
    metrics = result.metrics
    assert metrics.method == "heuristic"
    assert metrics.bound is not None and metrics.objective_value is not None and metrics.gap is not None
    assert metrics.bound >= metrics.objective_value > 0
    assert metrics.gap == pytest.approx((metrics.bound - metrics.objective_value) / metrics.bound, abs=1e-4)
    # The objective is what the proposals add up to: pair scores and team fit, weighed.
    weights = sum(CONFIG.effective_weights().values()), CONFIG.team_weight
    assert result.teams is not None
    team_total = sum(int(t) for t in result.teams.team)
    expected = (weights[0] * round(metrics.total_score * 100) + weights[1] * team_total) / sum(weights) / 100
    assert metrics.objective_value == pytest.approx(expected, abs=0.01)


def test_a_team_weight_of_zero_leaves_groups_to_the_pair_fit():
    rng = np.random.default_rng(3)
    mentees, mentors = random_people(rng, 12, 4)
    plain = CONFIG.model_copy(update={"team_weight": 0})
    result = run_matching(mentees, mentors, plain)
    assert all(p.team is None for p in result.proposals) and result.metrics.gap is None


def small_instance(seed: int, n: int = 6, m: int = 2):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    mentees, mentors = random_people(rng, n, m)
    matrix = score_matrix(mentees, mentors, CONFIG)
    slots = np.array([min(3, p.capacity) for p in mentors], np.int64)
    dimensions = encode_team(mentees, CONFIG, 2026)
    weights = (sum(CONFIG.effective_weights().values()), CONFIG.team_weight)
    return rng, matrix, slots, dimensions, weights


@pytest.mark.parametrize("seed", range(8))
def test_the_lagrangian_bound_is_at_least_the_brute_force_optimum_whatever_the_prices(seed):
    rng, matrix, slots, dimensions, weights = small_instance(seed)
    optimum = brute_force(matrix.score, matrix.feasible, slots, dimensions, weights)
    scale = sum(weights) * 10_000
    for prices in (np.zeros(6, np.int64), rng.integers(0, scale, 6), rng.integers(0, scale // 4, 6)):
        bound = lagrangian_bound(matrix.score, matrix.feasible, slots, dimensions, *weights, prices)
        assert bound.value >= optimum
    best = tighten(matrix.score, matrix.feasible, slots, dimensions, *weights, np.zeros(6, np.int64), 0, 6)
    assert best.value >= optimum


@pytest.mark.parametrize("seed", range(6))
def test_with_one_mentor_and_no_prices_the_lagrangian_bound_is_the_optimum_itself(seed):
    """Each mentor's branch and bound over the group's choices is exact, not only an upper bound."""
    _, matrix, _, dimensions, weights = small_instance(seed, n=7, m=1)
    feasible = np.ones_like(matrix.feasible)
    slots = np.array([3], np.int64)
    optimum = brute_force(matrix.score, feasible, slots, dimensions, weights)
    bound = lagrangian_bound(matrix.score, feasible, slots, dimensions, *weights, np.zeros(7, np.int64))
    assert bound.value == optimum


def test_the_reported_bound_is_tighter_than_every_mentee_at_full_team_fit_and_still_above_the_answer():
    rng = np.random.default_rng(11)
    mentees, mentors = random_people(rng, 150, 40)
    matrix = score_matrix(mentees, mentors, CONFIG)
    slots = np.array([min(3, p.capacity) for p in mentors], np.int64)
    dimensions = encode_team(mentees, CONFIG, 2026)
    weights = (sum(CONFIG.effective_weights().values()), CONFIG.team_weight)
    found = solve_teams(matrix.score, matrix.feasible, slots, dimensions, weights, "max_total", exact=False)
    ceiling_bound = found.bound_assignment.total_score  # the pair solver's optimum of the ceiling scores
    assert found.value <= found.bound < ceiling_bound
    assert found.gap < 0.01


@pytest.mark.parametrize("seed", range(4))
def test_most_matched_runs_keep_their_matches_and_a_bound_above_every_assignment(seed):
    _, matrix, slots, dimensions, weights = small_instance(seed)
    optimum = brute_force(matrix.score, matrix.feasible, slots, dimensions, weights) / sum(weights)
    plain = solve_teams(matrix.score, matrix.feasible, slots, dimensions, weights, "max_matched", exact=False)
    assert plain.bound + 1e-9 >= optimum >= plain.value - 1e-9
    assert (plain.mentor_of >= 0).sum() == plain.bound_assignment.matched


@pytest.mark.parametrize("seed", range(6))
def test_the_group_columns_prove_the_brute_force_optimum_even_from_an_empty_start(seed):
    """The exact method on its own (no heuristic answer to lean on) reaches the optimum and proves it."""
    from services.matching.engine.team_exact import prove

    _, matrix, slots, dimensions, weights = small_instance(seed, n=7, m=2)
    optimum = brute_force(matrix.score, matrix.feasible, slots, dimensions, weights)
    nobody = np.full(7, -1, np.int64)
    proof = prove(
        matrix.score,
        matrix.feasible,
        slots,
        dimensions,
        weights,
        np.zeros(7, np.int64),
        (nobody, 0),
        None,
        30,
    )
    assert proof is not None and proof.optimal
    assert proof.value == proof.bound == optimum
    team = credits(dimensions, proof.mentor_of, 2)
    assert objective_units(matrix.score, proof.mentor_of, team, *weights) == optimum


def test_a_programme_of_a_hundred_mentees_gets_its_proven_optimum_at_least_as_good_as_the_heuristic():
    from services.matching.engine.rules import mentor_slots
    from tests.bench.test_matching_bench import generate
    from tests.bench.test_team_fit_bench import TEAMS

    mentees, mentors = generate(100, 25, seed=2026)
    result = run_matching(mentees, mentors, TEAMS)
    assert result.metrics.method == "exact" and result.metrics.gap == 0.0
    matrix = score_matrix(mentees, mentors, TEAMS)
    slots = mentor_slots(mentors, TEAMS)
    dimensions = encode_team(mentees, TEAMS, 2026)
    weights = (sum(TEAMS.effective_weights().values()), TEAMS.team_weight)
    heuristic = solve_teams(
        matrix.score, matrix.feasible, slots, dimensions, weights, "max_total", exact=False
    )
    assert heuristic.method == "heuristic" and heuristic.gap > 0
    assert result.metrics.objective_value is not None
    assert result.metrics.objective_value >= round(heuristic.value / 100, 2)
    assert result.metrics.bound == result.metrics.objective_value
