"""Group runs with team fit: the assignment that maximises pair fit and team fit together, with a
proven upper bound and the gap (see `team` for the team fit itself).

Objective (integers): sum over matched mentees i of  P * s_i,m(i) + T * t_i, with s the pair score and
t the team fit in hundredths (`team`), P the criteria's weights, T the team weight. With
`max_matched` the number matched comes first, as in the pair solver.

Upper bound (every run)
    t_i <= ceiling_i, and t_i = 0 with a mentor of one slot. So the optimum of the plain assignment with
    pair weights c_ij = ceil((P s_ij + T * ceiling_i * [slots_j >= 2]) / (P + T)) bounds the
    objective / (P + T) from above; the pair solver proves that optimum with its dual certificate.
    When the heuristic's answer stays below it, the Lagrangian bound of `team_bound` (each mentor's
    best group and choices against prices per mentee, from that solve's duals, then subgradient steps)
    is tighter: 1.8 % -> 0.87 % gap at 10,000 x 2,500 (with the restart below). The least bound is
    reported.

Exact (up to `EXACT_MENTEES` mentees with a feasible mentor): `team_exact` from the heuristic's answer
    (column generation prices a Lagrangian bound to ~0.02 %, pairs and groups that cannot beat a target
    just below it are dropped, a set packing MILP over the rest; measured: 300 x 75 proven optimal in
    ~25 s). Should one mentor have too many groups to list, the compact MILP below runs instead:
    x_ij in {0,1} (feasible pairs), y_jdo in {0,1} (group j chooses option o of dimension d),
    g_j in {0,1} (group j has two or more mentees), 0 <= u_ijd <= 1 (i earns d's quarter with j);
    max sum (P s_ij + T * half-credits) x_ij + T * QUARTER * sum u_ijd
    s.t. sum_j x_ij <= 1, sum_i x_ij <= slots_j, sum_o y_jdo <= 1, 2 g_j <= sum_i x_ij,
         u_ijd <= x_ij, u_ijd <= g_j, u_ijd <= sum_{o of i} y_jdo  (and the half-credits likewise).
    Stopped at the time limit, either one's incumbent and HiGHS's proven bound are reported, with the gap.

Heuristic (larger, and a start for the exact one): alternate between (a) each group's choices fixed,
the team fit of every pair is known and the best assignment is one exact pair solve, and (b) the
assignment fixed, each group chooses what most of its mentees share. Neither step lowers the
objective; it stops when a round gains nothing (or less than `GAIN_STOP`). It then starts once more
from the choices of the Lagrangian bound's best groups (what each mentor's group would choose at the
prices), which reaches answers the first start's choices had locked out; the better answer is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from services.matching.engine.features import MAX_SCORE, IntArray
from services.matching.engine.solver import Assignment, solve
from services.matching.engine.team import (
    HALF,
    QUARTER,
    Dimension,
    ceiling,
    choices,
    credits,
    fixed_choice_credits,
)
from services.matching.engine.team_bound import tighten
from services.matching.engine.team_exact import prove
from services.matching.models import Objective

#: Mentees (with a feasible mentor) up to which the exact method runs; beyond, the heuristic alone
#: (measured on the bench's programmes: 100 x 25 ~6 s, 200 x 50 ~21 s, 300 x 75 ~26 s, all proven).
EXACT_MENTEES: Final = 300
#: Seconds the exact method may take (a run is an event consumer: Lambda's 15 minutes are far off);
#: stopped earlier, its incumbent and bound still hold.
EXACT_SECONDS: Final = 60.0
#: Alternation rounds at most.
ROUNDS: Final = 8
#: Rounds of the first alternation when the Lagrangian restart follows: its later rounds gain little
#: (measured at 10,000 x 2,500: +0.03 % after the second) beside what the restart's choices reach.
FIRST_ROUNDS: Final = 2
#: Evaluations of the Lagrangian bound (the first at the ceiling solve's duals, then subgradient steps);
#: each is one pass over the score matrix and a small branch and bound per mentor (~2-4 s at 10,000 x
#: 2,500 on the shared machine).
LAGRANGIAN_ROUNDS: Final = 5
#: An alternation stops after a round that gained less than this share of the value (measured at 10,000
#: x 2,500: the rounds after such a one add ~0.005 % together, and each costs a pair solve).
GAIN_STOP: Final = 2e-4


@dataclass(frozen=True, eq=False)
class TeamAssignment:
    """The chosen assignment with its objective and bound, both in combined hundredths
    (objective units / (P + T)), and the pair solver's certified assignment of the bound."""

    mentor_of: IntArray
    team: IntArray  # t_i, hundredths
    value: float
    bound: float
    method: str
    rounds: int
    bound_assignment: Assignment

    @property
    def gap(self) -> float:
        return 0.0 if self.bound <= 0 else max(0.0, (self.bound - self.value) / self.bound)


def objective_units(
    score: npt.NDArray[np.integer], mentor_of: IntArray, team: IntArray, p: int, t: int
) -> int:
    matched = np.flatnonzero(mentor_of >= 0)
    pair = int(score[matched, mentor_of[matched]].astype(np.int64).sum())
    return p * pair + t * int(team[matched].sum())


def _combined(score: npt.NDArray[np.integer], extra: npt.ArrayLike, p: int, t: int, up: bool) -> IntArray:
    """(P s + T extra) / (P + T) as integers 0..10000: rounded up in float64 for the bound (so it
    stays a bound), to nearest in float32 for the heuristic's rounds (any error only steers them)."""
    total = p + t
    kind: type[np.floating] = np.float64 if up else np.float32
    numerator: npt.NDArray[np.floating] = score.astype(kind)
    numerator *= p / total
    numerator += np.asarray(extra, kind) * (t / total)
    if up:
        numerator -= 1e-7
        np.ceil(numerator, out=numerator)
    else:
        np.rint(numerator, out=numerator)
    return np.minimum(numerator, MAX_SCORE).astype(np.int16)


def solve_teams(
    score: npt.NDArray[np.integer],
    feasible: npt.NDArray[np.bool_],
    slots: IntArray,
    dimensions: list[Dimension],
    weights: tuple[int, int],
    objective: Objective,
    exact: bool | None = None,
) -> TeamAssignment:
    """The best assignment found, its value and a proven upper bound (see the module docstring)."""
    p, t = weights
    n, m = score.shape
    total = max(1, p + t)
    best_team = ceiling(dimensions, n)
    feasible_block = lambda a, b: feasible[a:b].copy()  # noqa: E731
    upper = _combined(score, best_team[:, None] * (slots >= 2)[None, :], p, t, up=True)
    bounded = solve(upper, feasible_block, slots, objective)
    bound_units = bounded.total_score * total

    mentor_of = bounded.mentor_of
    team = credits(dimensions, mentor_of, m)
    value = objective_units(score, mentor_of, team, p, t)

    def alternate(
        chosen: IntArray, best: tuple[IntArray, IntArray, int], most: int
    ) -> tuple[IntArray, IntArray, int, int]:
        return _alternate(score, feasible_block, slots, dimensions, (p, t), objective, chosen, best, most)

    lagrangian_wanted = LAGRANGIAN_ROUNDS > 0 and m > 0 and n > 0
    first = FIRST_ROUNDS if lagrangian_wanted else ROUNDS
    mentor_of, team, value, rounds = alternate(
        choices(dimensions, mentor_of, m)[0], (mentor_of, team, value), first
    )
    if lagrangian_wanted and value < bound_units:
        # The Lagrangian bound, from the ceiling solve's duals (which keep it at or below the ceiling
        # bound), then the choices of its mentors' best groups as a new start for the heuristic.
        # Prices in objective units need max_total's weights (n + 1) * score + 1; max_matched's carry
        # a large constant per match, so that run prices with one more solve.
        priced = bounded if objective == "max_total" else solve(upper, feasible_block, slots, "max_total")
        prices = np.floor(priced.mentee_surplus * (total / (n + 1))).astype(np.int64)
        lagrangian = tighten(score, feasible, slots, dimensions, p, t, prices, value, LAGRANGIAN_ROUNDS)
        bound_units = min(bound_units, lagrangian.value)
        mentor_of, team, value, more = alternate(
            choices(dimensions, lagrangian.claimed, m)[0], (mentor_of, team, value), ROUNDS
        )
        rounds += more

    method = "heuristic"
    wanted = exact if exact is not None else int(feasible.any(axis=1).sum()) <= EXACT_MENTEES
    matched = bounded.matched if objective == "max_matched" else None
    proof = None
    if wanted and value < bound_units:
        # Prices as for the Lagrangian bound above (the exact method tunes them further).
        priced = bounded if objective == "max_total" else solve(upper, feasible_block, slots, "max_total")
        prices = np.floor(priced.mentee_surplus * (total / (n + 1))).astype(np.int64)
        proof = prove(
            score, feasible, slots, dimensions, (p, t), prices, (mentor_of, value), matched, EXACT_SECONDS
        )
        if proof is not None:
            if proof.value > value:
                mentor_of = proof.mentor_of
                team = credits(dimensions, mentor_of, m)
                value = objective_units(score, mentor_of, team, p, t)
            bound_units = min(bound_units, max(value, proof.bound))
            method = "exact"
    if wanted and proof is None and value < bound_units:  # too many groups to list: the compact MILP
        found = _milp(score, feasible, slots, dimensions, p, t, matched)
        if found is not None:
            milp_of, milp_bound, optimal = found
            milp_team = credits(dimensions, milp_of, m)
            milp_value = objective_units(score, milp_of, milp_team, p, t)
            if milp_value >= value:
                mentor_of, team, value = milp_of, milp_team, milp_value
            bound_units = min(bound_units, value if optimal else milp_bound)
            method = "exact"
    if value >= bound_units:
        method = "exact"  # the bound proves the answer optimal, whichever way it was found
    return TeamAssignment(
        mentor_of, team, value / total, max(value, bound_units) / total, method, rounds, bounded
    )


def _alternate(
    score: npt.NDArray[np.integer],
    feasible_block: Callable[[int, int], npt.NDArray[np.bool_]],
    slots: IntArray,
    dimensions: list[Dimension],
    weights: tuple[int, int],
    objective: Objective,
    chosen: IntArray,
    best: tuple[IntArray, IntArray, int],
    most: int,
) -> tuple[IntArray, IntArray, int, int]:
    """The alternation of the module docstring from the groups' `chosen` options: the best of `best`
    and every round's assignment (mentor_of, team, value) and the rounds run."""
    p, t = weights
    m = len(slots)
    mentor_of, team, value = best
    rounds = 0
    while rounds < most:
        rounds += 1
        fixed = fixed_choice_credits(dimensions, chosen, slots)
        step = solve(_combined(score, fixed, p, t, up=False), feasible_block, slots, objective).mentor_of
        step_team = credits(dimensions, step, m)
        step_value = objective_units(score, step, step_team, p, t)
        if step_value <= value:
            break
        small = step_value - value < GAIN_STOP * value
        mentor_of, team, value = step, step_team, step_value
        if small:
            break
        chosen, _ = choices(dimensions, mentor_of, m)
    return mentor_of, team, value, rounds


def _milp(
    score: npt.NDArray[np.integer],
    feasible: npt.NDArray[np.bool_],
    slots: IntArray,
    dimensions: list[Dimension],
    p: int,
    t: int,
    matched: int | None,
) -> tuple[IntArray, int, bool] | None:
    """The MILP of the module docstring: (mentor_of, proven bound in objective units, optimal?)."""
    from scipy.optimize import Bounds, LinearConstraint, milp  # only group runs pay for its import
    from scipy.sparse import coo_array

    n, m = score.shape
    usable = feasible & (slots > 0)[None, :]
    ei, ej = np.nonzero(usable)
    e = len(ei)
    if e == 0:
        return None
    d_count = len(dimensions)
    # Variables: x (e), g (m), u (e * d), then y per (mentor, dimension, option).
    y_start = e + m + e * d_count
    y_offset, y_total = [], y_start
    for d in dimensions:
        y_offset.append(y_total)
        y_total += m * len(d.options)
    cost = np.zeros(y_total)
    cost[:e] = p * score[ei, ej].astype(np.float64)
    rows: list[IntArray] = []
    cols: list[IntArray] = []
    vals: list[npt.NDArray[np.float64]] = []
    lower: list[float] = []
    upper: list[float] = []
    r = 0

    def add(
        row: IntArray, col: IntArray, val: npt.NDArray[np.float64] | float, lo: float, hi: float, count: int
    ) -> None:
        nonlocal r
        rows.append(row + r)
        cols.append(col)
        vals.append(np.broadcast_to(np.asarray(val, np.float64), row.shape).copy())
        lower.extend([lo] * count)
        upper.extend([hi] * count)
        r += count

    edges = np.arange(e)
    add(ei, edges, 1.0, -np.inf, 1, n)  # each mentee at most once
    add(ej, edges, 1.0, -np.inf, 0, m)  # each mentor at most its slots: sum x - slots <= 0 below
    upper[-m:] = slots.astype(float).tolist()
    # 2 g_j - sum_i x_ij <= 0
    add(np.concatenate([ej, np.arange(m)]), np.concatenate([edges, e + np.arange(m)]),
        np.concatenate([-np.ones(e), 2 * np.ones(m)]), -np.inf, 0, m)  # fmt: skip
    for k, d in enumerate(dimensions):
        u = e + m + k * e + edges
        known = d.known[ei]
        cost[u] = t * np.where(known, QUARTER, HALF)
        # u - x <= 0 and u - g <= 0
        add(np.concatenate([edges, edges]), np.concatenate([u, edges]),
            np.concatenate([np.ones(e), -np.ones(e)]), -np.inf, 0, e)  # fmt: skip
        add(np.concatenate([edges, edges]), np.concatenate([u, e + ej]),
            np.concatenate([np.ones(e), -np.ones(e)]), -np.inf, 0, e)  # fmt: skip
        width = len(d.options)
        if width == 0:
            continue
        # sum_o y_jdo <= 1
        add(np.repeat(np.arange(m), width), y_offset[k] + np.arange(m * width), 1.0, -np.inf, 1, m)
        # u_ijd - sum_{o of i} y_jdo <= 0 for the mentees who gave something in d
        ke = np.flatnonzero(known)
        ie, oe = np.nonzero(d.has[ei[ke]])
        add(np.concatenate([np.arange(len(ke)), ie]),
            np.concatenate([u[ke], y_offset[k] + ej[ke][ie] * width + oe]),
            np.concatenate([np.ones(len(ke)), -np.ones(len(ie))]), -np.inf, 0, len(ke))  # fmt: skip
    if matched is not None:
        add(np.zeros(e, np.int64), edges, 1.0, matched, matched, 1)
    matrix = coo_array(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(r, y_total)
    ).tocsr()
    integrality = np.ones(y_total)
    integrality[e + m : y_start] = 0
    result = milp(
        -cost,
        constraints=LinearConstraint(matrix, np.array(lower), np.array(upper)),
        integrality=integrality,
        bounds=Bounds(0, 1),
        options={"time_limit": EXACT_SECONDS, "mip_rel_gap": 0.0, "disp": False},
    )
    if result.x is None:
        return None
    x = result.x[:e] > 0.5
    mentor_of = np.full(n, -1, np.int64)
    mentor_of[ei[x]] = ej[x]
    dual = getattr(result, "mip_dual_bound", None)
    bound = int(np.floor(-dual + 1e-6)) if dual is not None and np.isfinite(dual) else np.iinfo(np.int64).max
    return mentor_of, int(bound), bool(result.status == 0)
