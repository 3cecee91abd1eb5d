"""Team-fit matching benchmark: group runs that weigh how a group's mentees fit together.

Run:  .venv/bin/python -m pytest tests/bench/test_team_fit_bench.py -s

On the same seeded programmes as `test_matching_bench` (team weight 3 beside the criteria's 32), for
20 x 5, 60 x 15 and 100 x 25 (exact: `team_exact`'s group columns), 200 x 50, 300 x 75, 500 x 120 and
10,000 x 2,500 (the heuristic), prints: the whole run's time
(median of `REPEAT` runs), the combined objective reached, its proven upper bound (the Lagrangian one,
see `team_bound`) beside the ceiling bound (every mentee at full team fit) and the gap to each, the
method, the alternation rounds,
the mean team fit of the matched, and on the same instance the pair-only optimum's team fit and
combined value (what weighing the team in buys). Timings are printed, never asserted; the bound is.
"""

from __future__ import annotations

import statistics
import time

import numpy as np
import pytest

from services.matching.engine.proposals import run_matching
from services.matching.engine.rules import mentor_slots
from services.matching.engine.team import credits, encode_team
from tests.bench.test_matching_bench import CONFIG as PAIR_ONLY
from tests.bench.test_matching_bench import generate

TEAMS = PAIR_ONLY.model_copy(update={"team_weight": 3})


#: Runs per size; the time printed is their median (the machine is shared).
REPEAT = 3


def _bench(n_mentees: int, n_mentors: int) -> None:
    mentees, mentors = generate(n_mentees, n_mentors, seed=2026)
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        result = run_matching(mentees, mentors, TEAMS)
        times.append(time.perf_counter() - start)
    seconds = statistics.median(times)
    metrics, teams = result.metrics, result.teams
    assert teams is not None and metrics.bound is not None and metrics.objective_value is not None
    assert metrics.bound >= metrics.objective_value
    assert teams.bound_assignment.total_score / 100 >= metrics.bound - 0.01  # never looser than the ceiling
    matched = teams.mentor_of >= 0

    plain = run_matching(mentees, mentors, PAIR_ONLY, explain=False)
    dimensions = encode_team(mentees, TEAMS, 2026)
    plain_of = plain.assignment.mentor_of
    plain_team = credits(dimensions, plain_of, len(mentors))
    p, t = sum(TEAMS.effective_weights().values()), TEAMS.team_weight
    plain_fit = plain_team[plain_of >= 0].mean() / 100
    plain_value = (
        (p * plain.metrics.total_score * 100 + t * int(plain_team[plain_of >= 0].sum())) / (p + t) / 100
    )
    ceiling = teams.bound_assignment.total_score / 100
    print(
        f"\n== team fit {n_mentees:,} x {n_mentors:,}, {int(mentor_slots(mentors, TEAMS).sum()):,} slots ==\n"
        f"  whole run (score, bounds, {metrics.method}, proposals): {seconds:.2f} s median of {REPEAT}"
        f" ({', '.join(f'{x:.2f}' for x in times)}), {teams.rounds} rounds\n"
        f"  matched {metrics.matched:,}; combined objective {metrics.objective_value:,.2f},"
        f" proven bound {metrics.bound:,.2f}, gap {100 * (metrics.gap or 0):.3f} %\n"
        f"  ceiling bound (every mentee at full team fit) {ceiling:,.2f},"
        f" gap to it {100 * (ceiling - metrics.objective_value) / ceiling:.3f} %\n"
        f"  mean team fit of the matched {teams.team[matched].mean() / 100:.1f} of 100,"
        f" pair score total {metrics.total_score:,.2f}\n"
        f"  pair-only optimum on the same instance: team fit {plain_fit:.1f} of 100,"
        f" combined {plain_value:,.2f}, pair score total {plain.metrics.total_score:,.2f}"
    )
    assert metrics.objective_value >= plain_value - 0.01 * len(mentees)  # rounding of the shown figures
    assert np.isfinite(metrics.gap or 0)


@pytest.mark.parametrize(
    ("n_mentees", "n_mentors"),
    [(20, 5), (60, 15), (100, 25), (200, 50), (300, 75), (500, 120), (10_000, 2_500)],
    ids=["20x5", "60x15", "100x25", "200x50", "300x75", "500x120", "10000x2500"],
)
def test_team_fit_benchmark(n_mentees: int, n_mentors: int) -> None:
    _bench(n_mentees, n_mentors)
