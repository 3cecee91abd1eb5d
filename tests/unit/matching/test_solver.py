"""The solver finds the proven optimum: it agrees with independent exact methods, beats greedy, and
never breaks a rule."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, milp

from services.matching.engine import candidates, solver
from services.matching.engine.proposals import run_matching
from services.matching.engine.rules import FEASIBLE, mentor_slots
from services.matching.engine.scoring import score_matrix
from services.matching.engine.solver import SolverError, assign
from services.matching.models import Exclusion, MatchingConfig, MatchingProfile, MenteeWishes
from shared.errors import RuleViolation

# ---------------------------------------------------------------------------------------------------
# Independent references
# ---------------------------------------------------------------------------------------------------


def objective_key(objective: str, total: int, matched: int) -> tuple[int, int]:
    """The objectives as their definitions say, lexicographically: what is compared first."""
    return (total, matched) if objective == "max_total" else (matched, total)


def brute_force(
    scores: np.ndarray, feasible: np.ndarray, slots: np.ndarray, objective: str
) -> tuple[int, int]:
    """Every assignment of every mentee to a mentor or to nobody; (total, matched) of the best."""
    n, m = scores.shape
    options = [[-1, *(j for j in range(m) if feasible[i, j])] for i in range(n)]
    best: tuple[int, int] | None = None
    best_key: tuple[int, int] | None = None
    for choice in itertools.product(*options):
        taken = [j for j in choice if j >= 0]
        if any(taken.count(j) > slots[j] for j in set(taken)):
            continue
        total = sum(int(scores[i, j]) for i, j in enumerate(choice) if j >= 0)
        key = objective_key(objective, total, len(taken))
        if best_key is None or key > best_key:
            best_key, best = key, (total, len(taken))
    assert best is not None
    return best


def lsa_reference(
    scores: np.ndarray, feasible: np.ndarray, slots: np.ndarray, objective: str
) -> tuple[int, int]:
    """scipy's dense linear_sum_assignment: one column per mentor slot, one "nobody" column per
    mentee, infeasible pairs priced out; the objective as lexicographic weights."""
    n, m = scores.shape
    slot_mentor = np.repeat(np.arange(m), slots)
    big = 10_000 * n + 1
    if objective == "max_total":
        gain = scores[:, slot_mentor].astype(np.float64) * (n + 1) + 1
    else:
        gain = scores[:, slot_mentor].astype(np.float64) + big
    gain[~feasible[:, slot_mentor]] = -1e15
    matrix = np.hstack([gain, np.zeros((n, n))])
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    real = cols < len(slot_mentor)
    mentors = slot_mentor[cols[real]]
    assert feasible[rows[real], mentors].all()
    return int(scores[rows[real], mentors].sum()), int(real.sum())


def milp_reference(
    scores: np.ndarray, feasible: np.ndarray, slots: np.ndarray, objective: str
) -> tuple[int, int]:
    """An integer program solved twice by HiGHS: first the primary objective, then the secondary one
    with the primary fixed at its optimum. Shares nothing with the solver but the data."""
    n, m = scores.shape
    pairs = [(i, j) for i in range(n) for j in range(m) if feasible[i, j]]
    if not pairs:
        return 0, 0
    k = len(pairs)
    score_vec = np.array([scores[i, j] for i, j in pairs], np.float64)
    ones = np.ones(k)
    rows = np.zeros((n + m, k))
    for e, (i, j) in enumerate(pairs):
        rows[i, e] = 1
        rows[n + j, e] = 1
    limits = LinearConstraint(rows, -np.inf, np.concatenate([np.ones(n), slots]))
    primary, secondary = (score_vec, ones) if objective == "max_total" else (ones, score_vec)
    first = milp(-primary, constraints=[limits], integrality=ones, bounds=Bounds(0, 1))
    best = round(-first.fun)
    fixed = LinearConstraint(primary[None, :], best, np.inf)
    second = milp(-secondary, constraints=[limits, fixed], integrality=ones, bounds=Bounds(0, 1))
    x = np.round(second.x)
    return int(score_vec @ x), int(x.sum())


def greedy(scores: np.ndarray, feasible: np.ndarray, slots: np.ndarray) -> tuple[int, int]:
    """Best pair first: what a hurried manager might do."""
    free = slots.copy()
    taken: set[int] = set()
    total = matched = 0
    for flat in np.argsort(-scores, axis=None, kind="stable"):
        i, j = divmod(int(flat), scores.shape[1])
        if feasible[i, j] and i not in taken and free[j] > 0:
            taken.add(i)
            free[j] -= 1
            total += int(scores[i, j])
            matched += 1
    return total, matched


def random_instance(
    rng: np.random.Generator, n: int, m: int, groups: bool, density: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scores with structure (mentees agree on who the good mentors are) and some ties."""
    appeal = rng.integers(0, 6000, size=m)
    scores = np.clip(appeal[None, :] + rng.integers(0, 4000, size=(n, m)), 0, 10_000)
    coarse = int(rng.choice([1, 50, 500]))  # sometimes coarse, to create ties
    scores = scores // coarse * coarse
    feasible = rng.random((n, m)) < density
    slots = rng.integers(1, 4 if groups else 2, size=m)
    if rng.random() < 0.2:
        slots[rng.integers(0, m)] = 0
    return scores.astype(np.int64), feasible, slots.astype(np.int64)


def check_certificate(
    result: solver.Assignment, scores: np.ndarray, feasible: np.ndarray, slots: np.ndarray
) -> None:
    """The dual really proves optimality: u_i + v_j >= w_ij on every feasible pair, equal sums."""
    n, _ = scores.shape
    a, b = solver._weights(result.objective, n)
    w = scores * a + b
    usable = feasible & (slots > 0)[None, :]
    u, v = result.mentee_surplus, result.mentor_price
    assert (u >= 0).all() and (v >= 0).all()
    assert ((w - u[:, None] - v[None, :])[usable] <= 0).all()
    matched = np.flatnonzero(result.mentor_of >= 0)
    assert int(w[matched, result.mentor_of[matched]].sum()) == int(u.sum() + (slots * v).sum())


def check_valid(result: solver.Assignment, feasible: np.ndarray, slots: np.ndarray) -> None:
    matched = np.flatnonzero(result.mentor_of >= 0)
    assert feasible[matched, result.mentor_of[matched]].all()
    assert (np.bincount(result.mentor_of[matched], minlength=len(slots)) <= slots).all()


@pytest.fixture
def tiny_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    """One candidate per mentee and per slot: the pricing rounds and cycle cancelling must do the work
    (on the sparse path, which small problems would otherwise skip for the dense one)."""
    monkeypatch.setattr(solver, "DENSE_CELLS", 0)
    monkeypatch.setattr(solver, "CANDIDATES_PER_MENTEE", 1)
    monkeypatch.setattr(solver, "CANDIDATES_PER_SLOT", 1)
    monkeypatch.setattr(solver, "ADDED_PER_MENTEE", 1)


# ---------------------------------------------------------------------------------------------------
# Optimality
# ---------------------------------------------------------------------------------------------------

OBJECTIVES = ("max_total", "max_matched")


@pytest.fixture(params=["dense", "sparse"])
def path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both exact methods: dense linear_sum_assignment (small problems) and the sparse rounds."""
    monkeypatch.setattr(solver, "DENSE_CELLS", 10**12 if request.param == "dense" else 0)
    return str(request.param)


@pytest.mark.parametrize("objective", OBJECTIVES)
@pytest.mark.parametrize("groups", [False, True], ids=["pairs", "groups"])
def test_equals_brute_force_on_tiny_instances(objective: str, groups: bool, path: str) -> None:
    rng = np.random.default_rng(11 + groups)
    for _ in range(40):
        n, m = int(rng.integers(1, 6)), int(rng.integers(1, 4))
        scores, feasible, slots = random_instance(rng, n, m, groups, density=0.75)
        result = assign(scores, feasible, slots, objective)
        assert (result.total_score, result.matched) == brute_force(scores, feasible, slots, objective)
        check_valid(result, feasible, slots)
        check_certificate(result, scores, feasible, slots)


@pytest.mark.parametrize("objective", OBJECTIVES)
@pytest.mark.parametrize("groups", [False, True], ids=["pairs", "groups"])
@pytest.mark.parametrize("squeeze", [False, True], ids=["default-candidates", "one-candidate"])
def test_equals_linear_sum_assignment(
    objective: str, groups: bool, squeeze: bool, request: pytest.FixtureRequest, path: str
) -> None:
    if squeeze:
        request.getfixturevalue("tiny_candidates")
    rng = np.random.default_rng(101 + 2 * groups + squeeze)
    rounds = []
    for _ in range(20):
        n, m = int(rng.integers(5, 60)), int(rng.integers(3, 40))
        scores, feasible, slots = random_instance(rng, n, m, groups, density=float(rng.uniform(0.3, 1.0)))
        result = assign(scores, feasible, slots, objective)
        assert (result.total_score, result.matched) == lsa_reference(scores, feasible, slots, objective)
        check_valid(result, feasible, slots)
        check_certificate(result, scores, feasible, slots)
        rounds.append(result.rounds)
    if squeeze:
        assert max(rounds) > 1, "the pricing loop was never exercised"


@pytest.mark.parametrize("objective", OBJECTIVES)
def test_equals_integer_program(objective: str, tiny_candidates: None) -> None:
    rng = np.random.default_rng(7)
    for _ in range(10):
        n, m = int(rng.integers(4, 25)), int(rng.integers(2, 12))
        scores, feasible, slots = random_instance(rng, n, m, True, density=0.6)
        result = assign(scores, feasible, slots, objective)
        assert (result.total_score, result.matched) == milp_reference(scores, feasible, slots, objective)


def test_cycle_cancelling_path_is_exact(monkeypatch: pytest.MonkeyPatch, tiny_candidates: None) -> None:
    """With a high cancel limit every round after the first repairs by cancelling cycles."""
    monkeypatch.setattr(solver, "CANCEL_LIMIT", 10**9)
    rng = np.random.default_rng(5)
    cancelled_rounds = 0
    for _ in range(15):
        n, m = int(rng.integers(10, 50)), int(rng.integers(5, 25))
        scores, feasible, slots = random_instance(rng, n, m, True, density=0.8)
        for objective in OBJECTIVES:
            result = assign(scores, feasible, slots, objective)
            assert (result.total_score, result.matched) == lsa_reference(scores, feasible, slots, objective)
            cancelled_rounds += result.rounds > 1
    assert cancelled_rounds


def test_re_solving_on_the_pairs_of_least_reduced_cost_is_exact(
    monkeypatch: pytest.MonkeyPatch, tiny_candidates: None
) -> None:
    """Every round after the first re-solves on a share of the candidates; the result is still exact."""
    monkeypatch.setattr(solver, "CANCEL_LIMIT", 0)
    monkeypatch.setattr(solver, "RESOLVE_SHARE", 0.2)
    rng = np.random.default_rng(8)
    resolved = 0
    for _ in range(15):
        n, m = int(rng.integers(10, 50)), int(rng.integers(5, 25))
        scores, feasible, slots = random_instance(rng, n, m, True, density=0.8)
        for objective in OBJECTIVES:
            result = assign(scores, feasible, slots, objective)
            assert (result.total_score, result.matched) == lsa_reference(scores, feasible, slots, objective)
            check_certificate(result, scores, feasible, slots)
            resolved += result.rounds > 1
    assert resolved


def test_beats_greedy_where_greedy_is_suboptimal() -> None:
    # Greedy takes A-X (90) first and leaves B with Y (10): 100. The optimum is A-Y + B-X: 165.
    scores = np.array([[9000, 8000], [8500, 1000]])
    feasible = np.ones((2, 2), bool)
    slots = np.array([1, 1])
    assert greedy(scores, feasible, slots) == (10_000, 2)
    result = assign(scores, feasible, slots)
    assert (result.total_score, result.matched) == (16_500, 2)
    assert result.mentor_of.tolist() == [1, 0]


def test_beats_greedy_on_random_instances() -> None:
    rng = np.random.default_rng(3)
    strictly_better = 0
    for _ in range(30):
        scores, feasible, slots = random_instance(rng, 40, 15, True, density=0.7)
        ours = assign(scores, feasible, slots).total_score
        theirs = greedy(scores, feasible, slots)[0]
        assert ours >= theirs
        strictly_better += ours > theirs
    assert strictly_better > 0


def test_max_matched_matches_more_where_max_total_would_not() -> None:
    # X suits A very well (95), Y poorly (10); B can only take X (40). max_total gives X to A alone
    # (95 > 10 + 40); max_matched serves both: Y to A, X to B.
    scores = np.array([[9500, 1000], [4000, 0]])
    feasible = np.array([[True, True], [True, False]])
    slots = np.array([1, 1])
    total = assign(scores, feasible, slots, "max_total")
    most = assign(scores, feasible, slots, "max_matched")
    assert (total.total_score, total.matched) == (9500, 1)
    assert (most.total_score, most.matched) == (5000, 2)
    assert most.mentor_of.tolist() == [1, 0]


def test_ties_are_broken_towards_more_matches() -> None:
    # A zero-score feasible pair adds nothing to the total, but max_total still takes it.
    scores = np.array([[0]])
    result = assign(scores, np.array([[True]]), np.array([1]), "max_total")
    assert result.matched == 1


def test_empty_and_degenerate_inputs() -> None:
    assert assign(np.zeros((0, 3), int), np.zeros((0, 3), bool), np.ones(3)).matched == 0
    assert assign(np.zeros((3, 0), int), np.zeros((3, 0), bool), np.ones(0)).matched == 0
    nothing = assign(np.full((3, 2), 5000), np.zeros((3, 2), bool), np.ones(2))
    assert nothing.matched == 0 and (nothing.mentor_of == -1).all()
    no_slots = assign(np.full((3, 2), 5000), np.ones((3, 2), bool), np.zeros(2))
    assert no_slots.matched == 0


def test_all_equal_scores_are_thinned_and_still_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(candidates, "MAX_TIED_CANDIDATES", 3)
    rng = np.random.default_rng(9)
    scores = np.full((60, 30), 5000)
    feasible = rng.random((60, 30)) < 0.5
    slots = rng.integers(1, 3, size=30)
    for objective in OBJECTIVES:
        result = assign(scores, feasible, slots, objective)
        assert (result.total_score, result.matched) == lsa_reference(scores, feasible, slots, objective)


@pytest.mark.parametrize("objective", OBJECTIVES)
def test_heavy_ties_are_sampled_and_still_exact(objective: str) -> None:
    """Scores that barely tell mentors apart: candidates are sampled among the ties, the pricing
    rounds add what matters, the result equals the dense reference, and the third-best feasible
    score per mentee (for top3_share) is still exact."""
    rng = np.random.default_rng(13)
    for levels in (1, 3):
        scores = rng.integers(0, levels, size=(200, 300)) * 1000
        feasible = rng.random((200, 300)) < 0.6
        slots = rng.integers(1, 3, size=300)
        result = assign(scores, feasible, slots, objective)
        assert (result.total_score, result.matched) == lsa_reference(scores, feasible, slots, objective)
        check_certificate(result, scores, feasible, slots)
        exact_third = [
            int(np.sort(row[ok])[-min(3, ok.sum())]) if ok.any() else -1
            for row, ok in zip(scores, feasible, strict=True)
        ]
        assert result.third_best.tolist() == exact_third


def test_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="shapes"):
        assign(np.zeros((2, 2), int), np.ones((2, 3), bool), np.ones(2))
    with pytest.raises(ValueError, match="hundredths"):
        assign(np.full((1, 1), 10_001), np.ones((1, 1), bool), np.ones(1))
    with pytest.raises(ValueError, match="negative"):
        assign(np.zeros((1, 1), int), np.ones((1, 1), bool), np.array([-1]))
    with pytest.raises(ValueError, match="objective"):
        assign(np.zeros((1, 1), int), np.ones((1, 1), bool), np.ones(1), "max_happiness")  # type: ignore[arg-type]


def test_a_poor_restricted_matching_is_repaired(monkeypatch: pytest.MonkeyPatch) -> None:
    """Optimality is established by the dual, not assumed from the restricted solver: had it returned
    nothing at all, cycle cancelling would still reach (and prove) the optimum."""
    monkeypatch.setattr(solver, "solve_restricted", lambda rows, cols, w, slots, n: np.full(n, -1, np.int64))
    monkeypatch.setattr(solver, "DENSE_CELLS", 0)
    rng = np.random.default_rng(21)
    for _ in range(10):
        scores, feasible, slots = random_instance(rng, 12, 6, True, density=0.8)
        result = assign(scores, feasible, slots)
        assert (result.total_score, result.matched) == lsa_reference(scores, feasible, slots, "max_total")
        check_certificate(result, scores, feasible, slots)


def test_a_broken_certificate_fails_loudly(monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    """If the prices did not prove the matching optimal, the run raises instead of returning it."""
    if path == "sparse":
        real = solver.optimise

        def lying(*args: object) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
            mentor_of, surplus, prices, cancelled = real(*args)  # type: ignore[arg-type]
            return mentor_of, surplus + 1, prices, cancelled

        monkeypatch.setattr(solver, "optimise", lying)
    else:
        real_dense = solver.dense_duals

        def lying_dense(*args: object) -> tuple[np.ndarray, np.ndarray]:
            surplus, prices = real_dense(*args)  # type: ignore[arg-type]
            return surplus + 1, prices

        monkeypatch.setattr(solver, "dense_duals", lying_dense)
    with pytest.raises(SolverError, match="certificate"):
        assign(np.array([[9000, 8000], [8500, 1000]]), np.ones((2, 2), bool), np.array([1, 1]))


def test_a_dense_matching_that_is_not_optimal_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """The dense solver's answer is priced, not trusted: greedy's A-X + B-Y has an improving cycle."""
    monkeypatch.setattr(solver, "solve_dense", lambda weights, slots: np.array([0, 1]))
    with pytest.raises(SolverError, match=r"improving cycle|not optimal"):
        assign(np.array([[9000, 8000], [8500, 1000]]), np.ones((2, 2), bool), np.array([1, 1]))


# ---------------------------------------------------------------------------------------------------
# Runs over profiles: rules, reasons, metrics
# ---------------------------------------------------------------------------------------------------


def profile(pid: str, role: str, **fields: object) -> MatchingProfile:
    base: dict[str, object] = {"participant_id": pid, "role": role, "birth_year": 1990, "languages": ["de"]}
    base.update(fields)
    return MatchingProfile.model_validate(base)


CONFIG = MatchingConfig(kind="group", max_group_size=3, reference_year=2026)


def test_mentor_slots_follow_the_programme() -> None:
    mentors = [profile("x", "mentor", capacity=5), profile("y", "mentor", capacity=2)]
    assert mentor_slots(mentors, CONFIG).tolist() == [3, 2]
    assert mentor_slots(mentors, CONFIG, "pairs").tolist() == [1, 1]
    pair_programme = MatchingConfig(kind="pair")
    assert mentor_slots(mentors, pair_programme).tolist() == [1, 1]
    with pytest.raises(RuleViolation, match="pair programme"):
        mentor_slots(mentors, pair_programme, "groups")
    mixed = MatchingConfig(kind="mixed", max_group_size=4)
    assert mentor_slots(mentors, mixed).tolist() == [4, 2]


def test_unmatched_reasons() -> None:
    config = MatchingConfig(kind="pair", min_score=30, mentor_training_required=True, reference_year=2026)
    mentors = [
        profile("m-de", "mentor", languages=["de"], preferred_mode="in_person", interests=["chess"]),
        profile("m-untrained", "mentor", languages=["ar"], eligible=False),
    ]
    mentees = [
        profile("t-first", "mentee", interests=["chess"], motivation_level=5, preferred_mode="in_person"),
        profile("t-second", "mentee", interests=["chess"], motivation_level=5, preferred_mode="in_person"),
        profile("t-uk", "mentee", languages=["uk"]),
        profile("t-online", "mentee", languages=["de", "ar"], preferred_mode="e_mentoring"),
    ]
    result = run_matching(mentees, mentors, config)
    reasons = {u.participant_id: u.reason for u in result.unmatched}
    assert result.metrics.matched == 1
    assert reasons.pop("t-uk") == "no_shared_language"
    assert reasons.pop("t-online") == "no_eligible_mentor"
    # t-first and t-second both fit m-de, which has one place.
    assert list(reasons.values()) == ["capacity_exhausted"]
    assert set(reasons) < {"t-first", "t-second"}

    strict = config.model_copy(update={"min_score": 99})
    low = run_matching(mentees[:1], mentors[:1], strict)
    assert [u.reason for u in low.unmatched] == ["below_min_score"]
    assert [u.reason for u in run_matching(mentees[:1], [], config).unmatched] == ["no_eligible_mentor"]


def test_excluded_pair_is_never_proposed() -> None:
    mentors = [profile("x", "mentor", interests=["chess"]), profile("y", "mentor")]
    mentees = [profile("a", "mentee", interests=["chess"])]
    assert run_matching(mentees, mentors, CONFIG).proposals[0].mentor_id == "x"
    result = run_matching(mentees, mentors, CONFIG, exclusions=[Exclusion(mentor_id="x", mentee_id="a")])
    assert result.proposals[0].mentor_id == "y"


def test_run_metrics_and_proposals() -> None:
    mentors = [
        profile(f"m{j}", "mentor", capacity=2, interests=["chess", "music"][: j + 1]) for j in range(2)
    ]
    mentees = [
        profile(f"t{i}", "mentee", interests=["chess", "music"], motivation_level=1 + i) for i in range(5)
    ]
    result = run_matching(mentees, mentors, CONFIG, language="de")
    metrics = result.metrics
    assert metrics.matched == 4 and metrics.unmatched == 1
    assert sum(metrics.histogram.values()) == metrics.matched
    assert list(metrics.histogram) == [f"{k}-{k + 10}" for k in range(0, 100, 10)]
    scores = [m.score for p in result.proposals for m in p.mentees]
    assert metrics.total_score == pytest.approx(sum(scores))
    assert metrics.min_score == min(scores)
    assert 0 <= metrics.top3_share <= 1
    for proposal in result.proposals:
        assert len(proposal.mentees) <= 2
        assert proposal.mentee_ids == [m.mentee_id for m in proposal.mentees]
        for member in proposal.mentees:
            assert round(sum(member.breakdown.values()), 2) == member.score
            assert member.reasons and all(isinstance(r, str) for r in member.reasons)
    # With two mentors only, every matched mentee has one of its three best: top3_share is 1.
    assert metrics.top3_share == 1.0


def test_top3_share_counts_only_the_three_best() -> None:
    scores = np.array([[9000, 8000, 7000, 6000]] * 4)
    feasible = np.ones((4, 4), bool)
    result = assign(scores, feasible, np.ones(4, np.int64))
    matched = result.mentor_of >= 0
    got = scores[np.arange(4), result.mentor_of]
    assert result.third_best.tolist() == [7000] * 4
    assert ((got >= result.third_best)[matched]).sum() == 3


@pytest.mark.parametrize("width", [1, 2, 3, 7])
def test_third_best_of_weights_and_of_masked_scores_agree_with_sorting(width: int) -> None:
    """The weights' form (the positive values are the usable ones) and the masked form (a feasible pair
    may score 0) give each row's third-best usable value, its worst with fewer than three, -1 with none."""
    rng = np.random.default_rng(width)
    values = rng.integers(0, 4, size=(300, width)) * 1000
    values[:, 0] = np.where(rng.random(300) < 0.5, values[:, 0], 0)  # many rows with fewer than 3
    usable = rng.random((300, width)) < 0.6

    def by_sorting(row: np.ndarray, ok: np.ndarray) -> int:
        kept = np.sort(row[ok])
        return int(kept[-min(3, len(kept))]) if len(kept) else -1

    weights = np.where(usable, values + 1, 0).astype(np.int32)  # positive exactly where usable
    assert solver.third_best(weights).tolist() == [by_sorting(r, r > 0) for r in weights]
    assert solver.third_best(values, usable).tolist() == [
        by_sorting(r, ok) for r, ok in zip(values, usable, strict=True)
    ]


# ---------------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------------

LANGS = ["de", "en", "uk"]
TAGS = ["chess", "music", "IT", "cooking"]
SLOT_NAMES = ["mon_morning", "tue_evening", "sat_afternoon"]


@st.composite
def profiles(draw: st.DrawFn, role: str, index: int) -> MatchingProfile:
    return MatchingProfile(
        participant_id=f"{role}-{index}",
        role=role,  # type: ignore[arg-type]
        birth_year=draw(st.integers(1960, 2005)),
        gender=draw(st.sampled_from([None, "f", "m"])),
        languages=draw(st.lists(st.sampled_from(LANGS), min_size=1, max_size=2, unique=True)),
        interests=draw(st.lists(st.sampled_from(TAGS), max_size=3, unique=True)),
        values=draw(st.lists(st.sampled_from(TAGS), max_size=2, unique=True)),
        availability=draw(st.lists(st.sampled_from(SLOT_NAMES), max_size=3, unique=True)),
        preferred_mode=draw(st.sampled_from([None, "in_person", "e_mentoring", "blended"])),
        motivation_level=draw(st.integers(1, 5)),
        wishes=MenteeWishes(mentor_gender=draw(st.sampled_from([None, "f"]))) if role == "mentee" else None,
        capacity=draw(st.integers(1, 5)) if role == "mentor" else 1,
        eligible=draw(st.booleans()) if role == "mentor" else True,
    )


@st.composite
def programmes(
    draw: st.DrawFn,
) -> tuple[list[MatchingProfile], list[MatchingProfile], MatchingConfig, list[Exclusion]]:
    n, m = draw(st.integers(0, 9)), draw(st.integers(0, 5))
    mentees = [draw(profiles("mentee", i)) for i in range(n)]
    mentors = [draw(profiles("mentor", j)) for j in range(m)]
    config = MatchingConfig(
        kind=draw(st.sampled_from(["pair", "group", "mixed"])),
        max_group_size=draw(st.integers(2, 4)),
        mode=draw(st.sampled_from(["in_person", "e_mentoring", "blended"])),
        mentor_training_required=draw(st.booleans()),
        min_score=draw(st.sampled_from([0, 40, 60])),
        reference_year=2026,
    )
    exclusions = [
        Exclusion(mentor_id=mentors[j].participant_id, mentee_id=mentees[i].participant_id)
        for i, j in draw(
            st.lists(st.tuples(st.integers(0, max(0, n - 1)), st.integers(0, max(0, m - 1))), max_size=3)
        )
        if n and m
    ]
    return mentees, mentors, config, exclusions


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(programmes())
def test_proposals_never_break_a_rule(
    programme: tuple[list[MatchingProfile], list[MatchingProfile], MatchingConfig, list[Exclusion]],
) -> None:
    mentees, mentors, config, exclusions = programme
    matrix = score_matrix(mentees, mentors, config, exclusions)
    slots = mentor_slots(mentors, config)
    index_of = {p.participant_id: k for k, p in enumerate(mentees)}
    mentor_index = {p.participant_id: k for k, p in enumerate(mentors)}
    results = {
        objective: run_matching(
            mentees, mentors, config, objective=objective, exclusions=exclusions, explain=False
        )
        for objective in OBJECTIVES
    }
    for result in results.values():
        seen: list[str] = []
        for proposal in result.proposals:
            j = mentor_index[proposal.mentor_id]
            assert 1 <= len(proposal.mentees) <= slots[j]
            for mentee_id in proposal.mentee_ids:
                i = index_of[mentee_id]
                assert matrix.reason[i, j] == FEASIBLE
                assert not config.mentor_training_required or mentors[j].eligible
                assert set(mentees[i].languages) & set(mentors[j].languages)
                assert (mentors[j].participant_id, mentee_id) not in {
                    (e.mentor_id, e.mentee_id) for e in exclusions
                }
                assert matrix.score[i, j] >= config.min_score * 100
            seen.extend(proposal.mentee_ids)
        assert len(seen) == len(set(seen))
        assert len(seen) + len(result.unmatched) == len(mentees)
        assert {u.participant_id for u in result.unmatched}.isdisjoint(seen)
    assert results["max_matched"].metrics.matched >= results["max_total"].metrics.matched
    assert results["max_total"].metrics.total_score >= results["max_matched"].metrics.total_score


@settings(max_examples=80, deadline=None, derandomize=True)
@given(st.integers(1, 7), st.integers(1, 5), st.booleans(), st.integers(0, 2**32 - 1))
def test_max_matched_never_matches_fewer(n: int, m: int, groups: bool, seed: int) -> None:
    rng = np.random.default_rng(seed)
    scores, feasible, slots = random_instance(rng, n, m, groups, density=0.6)
    total = assign(scores, feasible, slots, "max_total")
    most = assign(scores, feasible, slots, "max_matched")
    assert most.matched >= total.matched
    assert total.total_score >= most.total_score
    assert (total.total_score, total.matched) == brute_force(scores, feasible, slots, "max_total")
