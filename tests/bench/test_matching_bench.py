"""Matching benchmark: realistic random programmes, timed end to end, with two references.

Run:  .venv/bin/python -m pytest tests/bench/test_matching_bench.py -s

Prints, for 10,000 mentees x 2,500 mentors (group programme) and 500 x 120:
  - scoring + exact solving + building proposals (breakdowns and reasons): median of several runs;
  - the split of a run's process CPU time: scoring, W, candidates, LAPJVsp solves (or the dense LSA),
    Bellman-Ford duals, pricing, proposals and reasons;
  - peak memory: Python allocations (tracemalloc, numpy's buffers included) during one run, and the
    whole process's peak resident set (ru_maxrss of a fresh subprocess that does exactly one run);
  - on the SAME instance, a greedy best-pair-first matcher (its total as a share of the optimum) and
    scipy's linear_sum_assignment on the dense matrix with one column per mentor slot plus one
    "unmatched" column per mentee (its time as a multiple of ours, its total equal to ours).

Timings are printed, never asserted (the machine is shared); correctness is asserted.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from services.matching.engine.proposals import run_matching
from services.matching.engine.rules import mentor_slots
from services.matching.engine.scoring import score_matrix
from services.matching.engine.solver import assign
from services.matching.models import DAY_PARTS, DAYS, MatchingConfig, MatchingProfile, MenteeWishes

ROOT = Path(__file__).resolve().parents[2]

INTERESTS = [
    "cooking", "football", "IT", "music", "reading", "hiking", "cycling", "photography", "gardening",
    "painting", "theatre", "cinema", "dancing", "chess", "volunteering", "travel", "languages",
    "fitness", "swimming", "basketball", "yoga", "crafts", "sewing", "woodwork", "cars", "gaming",
    "programming", "design", "fashion", "history", "politics", "science", "nature", "animals",
    "baking", "coffee", "board games", "running", "climbing", "fishing", "camping", "writing",
    "poetry", "podcasts", "social media", "start-ups", "finance", "marketing", "sales", "healthcare",
    "education", "childcare", "elderly care", "religion", "meditation", "football coaching",
    "mechanics", "electronics", "architecture", "sustainability",
]  # fmt: skip
VALUES = [
    "honesty", "openness", "respect", "reliability", "family", "independence", "solidarity",
    "tolerance", "ambition", "creativity", "security", "faith", "fairness", "curiosity", "patience",
]  # fmt: skip
LIFE = [
    "migration", "parenthood", "self_employment", "unemployment", "career_change", "disability",
    "single_parent", "refugee", "first_generation_student", "caregiving",
]  # fmt: skip
INDUSTRIES = [
    "IT", "construction", "retail", "hospitality", "healthcare", "education", "public administration",
    "logistics", "manufacturing", "finance", "crafts", "social work", "media", "agriculture",
    "energy", "automotive", "tourism", "cleaning", "security", "beauty",
]  # fmt: skip
SLOTS = [f"{d}_{p}" for d in DAYS for p in DAY_PARTS]
STYLES = ["direct", "reflective", "supportive", "structured", None]
EDUCATION = ["secondary", "vocational", "bachelor", "master", "doctorate", None]
MODES = ["in_person", "e_mentoring", "blended", None]

CONFIG = MatchingConfig(
    kind="group",
    max_group_size=5,
    mode="blended",
    mentor_training_required=True,
    min_score=35,
    reference_year=2026,
    # Today's figures are the pair fit alone; the team fit's figures are in test_team_fit_bench.
    team_weight=0,
)


def _zipf(n: int, a: float) -> np.ndarray:
    p = 1.0 / np.arange(1, n + 1) ** a
    return p / p.sum()


def _pick(rng: np.random.Generator, items: list[str], low: int, high: int, p: np.ndarray) -> list[str]:
    k = int(rng.integers(low, high + 1))
    return [items[i] for i in rng.choice(len(items), size=k, replace=False, p=p)]


def _languages(rng: np.random.Generator, mentor: bool) -> list[str]:
    """German links most people and English many; people who came from Ukraine, Syria or Turkey
    speak their own language and often German or English too, and some mentees speak only their
    own language so far, which is why a few have no shared language with anyone."""
    background = str(
        rng.choice(
            ["local", "uk", "ar", "tr", "pl", "other"],
            p=[0.8, 0.05, 0.04, 0.06, 0.04, 0.01] if mentor else [0.45, 0.18, 0.15, 0.1, 0.08, 0.04],
        )
    )
    if background == "local":
        langs = ["de"]
    else:
        langs = [background if background != "other" else str(rng.choice(["ru", "fr", "fa"]))]
        if rng.random() < (0.85 if mentor else 0.55):
            langs.append("de")
    if rng.random() < (0.55 if mentor else 0.35):
        langs.append("en")
    if background == "uk" and rng.random() < 0.5:
        langs.append("ru")
    return langs


def generate(
    n_mentees: int, n_mentors: int, seed: int
) -> tuple[list[MatchingProfile], list[MatchingProfile]]:
    """Seeded realistic profiles: interests and industries with a few popular ones, availability
    leaning to evenings and weekends, capacities 1-5, ~10% of mentors without finished training."""
    rng = np.random.default_rng(seed)
    p_interest, p_value, p_life = _zipf(len(INTERESTS), 0.9), _zipf(len(VALUES), 0.6), _zipf(len(LIFE), 0.5)
    p_industry = _zipf(len(INDUSTRIES), 0.7)
    slot_weight = np.array(
        [1.0 if s.endswith("evening") or s.startswith(("sat", "sun")) else 0.5 for s in SLOTS]
    )
    p_slot = slot_weight / slot_weight.sum()

    def common(i: int, role: str) -> dict[str, object]:
        mentor = role == "mentor"
        return {
            "participant_id": f"{role}-{i:05d}",
            "role": role,
            "birth_year": int(rng.integers(1958, 1996) if mentor else rng.integers(1980, 2008)),
            "gender": str(rng.choice(["f", "m", "d", "none"], p=[0.5, 0.45, 0.02, 0.03])),
            "languages": _languages(rng, mentor),
            "interests": _pick(rng, INTERESTS, 2, 7, p_interest),
            "industry": INDUSTRIES[int(rng.choice(len(INDUSTRIES), p=p_industry))]
            if rng.random() < 0.85
            else None,
            "education": EDUCATION[int(rng.integers(len(EDUCATION)))],
            "life_experience": _pick(rng, LIFE, 0, 3, p_life),
            "values": _pick(rng, VALUES, 1, 4, p_value),
            "communication_style": STYLES[int(rng.integers(len(STYLES)))],
            "availability": _pick(rng, SLOTS, 2, 8, p_slot),
            "preferred_mode": MODES[int(rng.choice(4, p=[0.3, 0.15, 0.4, 0.15]))],
            "motivation_level": int(rng.choice([1, 2, 3, 4, 5], p=[0.03, 0.1, 0.3, 0.35, 0.22])),
        }

    mentees = []
    for i in range(n_mentees):
        fields = common(i, "mentee")
        gender = str(rng.choice(["f", "m"])) if rng.random() < 0.3 else None
        low = int(rng.integers(25, 50))
        age_range = f"{low}-{low + int(rng.integers(10, 25))}" if rng.random() < 0.25 else None
        industry = INDUSTRIES[int(rng.choice(len(INDUSTRIES), p=p_industry))] if rng.random() < 0.2 else None
        fields["wishes"] = MenteeWishes(mentor_gender=gender, mentor_age_range=age_range, industry=industry)
        mentees.append(MatchingProfile.model_validate(fields))
    mentors = []
    for j in range(n_mentors):
        fields = common(j, "mentor")
        fields["capacity"] = int(rng.integers(1, 6))
        fields["eligible"] = bool(rng.random() >= 0.1)
        fields["skills"] = _pick(rng, INTERESTS, 1, 4, p_interest)
        mentors.append(MatchingProfile.model_validate(fields))
    return mentees, mentors


# ---------------------------------------------------------------------------------------------------
# References, on the same instance
# ---------------------------------------------------------------------------------------------------


def greedy(score: np.ndarray, feasible: np.ndarray, slots: np.ndarray) -> tuple[int, int]:
    """Best pair first: sort every feasible pair by score, take it if both sides are still free.

    (total score in hundredths, matched). Pairs are screened a chunk at a time with numpy, so the
    Python loop only sees pairs that can still be taken.
    """
    usable = feasible & (slots > 0)[None, :]
    rows, cols = np.nonzero(usable)
    values = score[rows, cols]
    order = np.argsort(-values, kind="stable")
    rows, cols, values = rows[order], cols[order], values[order]
    taken = np.zeros(score.shape[0], bool)
    free = slots.astype(np.int64).copy()
    total = matched = 0
    chunk = 200_000
    for start in range(0, len(rows), chunk):
        r, c, v = rows[start : start + chunk], cols[start : start + chunk], values[start : start + chunk]
        alive = ~taken[r] & (free[c] > 0)
        for i, j, s in zip(r[alive].tolist(), c[alive].tolist(), v[alive].tolist(), strict=True):
            if not taken[i] and free[j] > 0:
                taken[i] = True
                free[j] -= 1
                total += s
                matched += 1
        if not free.any() or taken.all():
            break
    return total, matched


def dense_lsa(score: np.ndarray, feasible: np.ndarray, slots: np.ndarray) -> tuple[int, int]:
    """scipy.optimize.linear_sum_assignment on the dense matrix, max_total objective.

    One row per mentor slot, one column per mentee (plus padding columns if slots outnumber
    mentees); an infeasible pair weighs 0, which is the same as leaving the slot empty, and a
    feasible one (N + 1) * score + 1 > 0, the solver's own objective. Every slot is then matched, so
    no "empty" columns are needed.
    """
    n = score.shape[0]
    slot_mentor = np.repeat(np.arange(len(slots)), slots)
    weight = np.zeros((len(slot_mentor), max(n, len(slot_mentor))), np.float64)
    feasible_t = feasible[:, slot_mentor].T
    weight[:, :n] = np.where(feasible_t, score[:, slot_mentor].T.astype(np.float64) * (n + 1) + 1, 0.0)
    rows, cols = linear_sum_assignment(weight, maximize=True)
    real = weight[rows, cols] > 0
    total = int(score[cols[real], slot_mentor[rows[real]]].sum())
    return total, int(real.sum())


# ---------------------------------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------------------------------


#: Problems up to this many mentee x mentor cells time the dense reference turn about with ours.
INTERLEAVED_CELLS = 1_000_000


def _interleaved(fns, repeat: int) -> tuple[list[float], list[object]]:  # type: ignore[no-untyped-def]
    """Wall-clock medians of several functions run turn about, `repeat` times each, and their results."""
    times: list[list[float]] = [[] for _ in fns]
    results: list[object] = [None for _ in fns]
    for _ in range(repeat):
        for k, fn in enumerate(fns):
            start = time.perf_counter()
            results[k] = fn()
            times[k].append(time.perf_counter() - start)
    return [statistics.median(t) for t in times], results


def _timed(fn, repeat: int) -> tuple[float, list[float], object]:  # type: ignore[no-untyped-def]
    median, times, _, result = _timed_with_cpu(fn, repeat)
    return median, times, result


def _timed_with_cpu(fn, repeat: int) -> tuple[float, list[float], float, object]:  # type: ignore[no-untyped-def]
    """Wall-clock median and runs, and the median process CPU time (all threads): on a shared machine
    the wall time moves with the others' load, the CPU time much less (BLAS's threads count twice)."""
    times, cpu, result = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(times), times, statistics.median(cpu), result


def _split(mentees: list[MatchingProfile], mentors: list[MatchingProfile], repeat: int) -> dict[str, float]:
    """Median process CPU time of each part of a whole run, in seconds: each part's function is wrapped
    with a timer for the runs (and restored after)."""
    from services.matching.engine import proposals, solver

    parts = {
        "scoring": (proposals, "score_matrix"),
        "weights W": (solver, "_weight_matrix"),
        "candidates": (solver, "candidates"),
        "LAPJVsp solves": (solver, "solve_restricted"),
        "dense LSA": (solver, "solve_dense"),
        "duals (Bellman-Ford)": (solver, "optimise"),
        "pricing": (solver, "pricing"),
        "proposals and reasons": (proposals, "_proposed"),
    }
    spent: dict[str, float] = {}
    originals = {label: getattr(module, name) for label, (module, name) in parts.items()}

    def timed(label: str, fn):  # type: ignore[no-untyped-def]
        def run(*args, **kwargs):  # type: ignore[no-untyped-def]
            start = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - start

        return run

    runs: list[dict[str, float]] = []
    try:
        for label, (module, name) in parts.items():
            setattr(module, name, timed(label, originals[label]))
        for _ in range(repeat):
            spent.clear()
            start = time.process_time()
            run_matching(mentees, mentors, CONFIG)
            runs.append(dict(spent) | {"whole run": time.process_time() - start})
    finally:
        for label, (module, name) in parts.items():
            setattr(module, name, originals[label])
    return {label: statistics.median(r.get(label, 0.0) for r in runs) for label in [*parts, "whole run"]}


def _subprocess_peak_rss(n_mentees: int, n_mentors: int, seed: int) -> dict[str, float]:
    """Whole-process peak resident memory of one run in a fresh interpreter, in MB: the baseline after
    generating the profiles, and the peak after the run.

    Read from VmHWM in /proc/self/status (the peak RSS of this process image). ru_maxrss is the
    fallback only: Linux carries it over from the parent across fork and exec, so a child of a big
    pytest process would report the parent's peak.
    """
    code = (
        "import json, resource\n"
        "from pathlib import Path\n"
        "from tests.bench.test_matching_bench import CONFIG, generate\n"
        "from services.matching.engine.proposals import run_matching\n"
        "def peak():\n"
        "    status = Path('/proc/self/status')\n"
        "    if status.exists():\n"
        "        for line in status.read_text().splitlines():\n"
        "            if line.startswith('VmHWM:'):\n"
        "                return int(line.split()[1]) / 1024\n"
        "    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        f"mentees, mentors = generate({n_mentees}, {n_mentors}, {seed})\n"
        "base = peak()\n"
        "run_matching(mentees, mentors, CONFIG)\n"
        "print(json.dumps({'baseline_mb': base, 'peak_mb': peak()}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _bench(n_mentees: int, n_mentors: int, seed: int, repeat: int, references: bool) -> dict[str, object]:
    mentees, mentors = generate(n_mentees, n_mentors, seed)
    ours_median, ours_times, ours_cpu, result = _timed_with_cpu(
        lambda: run_matching(mentees, mentors, CONFIG), repeat
    )
    assert result is not None
    assignment = result.assignment  # type: ignore[attr-defined]
    matched_median, _, matched_result = _timed(
        lambda: run_matching(mentees, mentors, CONFIG, objective="max_matched"), max(1, repeat // 2)
    )
    assert matched_result.metrics.matched >= result.metrics.matched  # type: ignore[attr-defined]

    split = _split(mentees, mentors, max(3, repeat // 2))

    tracemalloc.start()
    run_matching(mentees, mentors, CONFIG)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    row: dict[str, object] = {
        "size": f"{n_mentees:,} x {n_mentors:,}",
        "slots": int(mentor_slots(mentors, CONFIG).sum()),
        "median_s": ours_median,
        "cpu_median_s": ours_cpu,
        "runs_s": ours_times,
        "max_matched_median_s": matched_median,
        "matched": assignment.matched,
        "total": assignment.total_score,
        "rounds": assignment.rounds,
        "candidates_per_mentee": assignment.candidate_pairs / max(1, n_mentees),
        "tracemalloc_peak_mb": traced_peak / 2**20,
        "process": _subprocess_peak_rss(n_mentees, n_mentors, seed),
        "this_process_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "metrics": result.metrics,  # type: ignore[attr-defined]
        "split": split,
    }
    if references:
        matrix = score_matrix(mentees, mentors, CONFIG)
        slots = mentor_slots(mentors, CONFIG)
        feasible = matrix.feasible
        scoring_median, _, _ = _timed(lambda: score_matrix(mentees, mentors, CONFIG), max(3, repeat // 2))
        row["scoring_only_median_s"] = scoring_median
        solve_repeat = max(3, repeat)
        if n_mentees * n_mentors <= INTERLEAVED_CELLS:
            # Small enough to time the reference as often as ours, turn about: the machine's speed
            # drifts by more than the two differ, and each run then meets the same drift.
            (solve_median, lsa_seconds), (solved, (lsa_total, lsa_matched)) = _interleaved(
                [
                    lambda: assign(matrix.score, feasible, slots),
                    lambda: dense_lsa(matrix.score, feasible, slots),
                ],
                solve_repeat,
            )
            lsa_runs = solve_repeat
        else:
            solve_median, _, solved = _timed(lambda: assign(matrix.score, feasible, slots), solve_repeat)
            start = time.perf_counter()
            lsa_total, lsa_matched = dense_lsa(matrix.score, feasible, slots)
            lsa_seconds = time.perf_counter() - start
            lsa_runs = 1
        assert solved.total_score == assignment.total_score  # type: ignore[attr-defined]
        row["solve_only_median_s"] = solve_median
        start = time.perf_counter()
        greedy_total, greedy_matched = greedy(matrix.score, feasible, slots)
        row["greedy"] = {
            "seconds": time.perf_counter() - start,
            "total": greedy_total,
            "matched": greedy_matched,
            "share_of_optimum": greedy_total / assignment.total_score,
        }
        assert greedy_total <= assignment.total_score
        row["lsa"] = {
            "seconds": lsa_seconds,
            "runs": lsa_runs,
            "total": lsa_total,
            "matched": lsa_matched,
            "time_ratio": lsa_seconds / ours_median,
            "solve_ratio": lsa_seconds / solve_median,
        }
        # Same objective, exact integers: the totals and the matched counts agree exactly.
        assert (lsa_total, lsa_matched) == (assignment.total_score, assignment.matched)
    return row


def _print(row: dict[str, object]) -> None:
    process = row["process"]
    assert isinstance(process, dict)
    lines = [
        f"== matching {row['size']} mentees x mentors, {row['slots']:,} slots, group programme ==",
        f"  ours (score + exact solve + proposals, max_total)  median {row['median_s']:.3f} s"
        f"   runs {', '.join(f'{t:.3f}' for t in row['runs_s'])}",  # type: ignore[attr-defined]
        f"  ours, process CPU time of a run (all threads)       median {row['cpu_median_s']:.3f} s",
        f"  ours, max_matched objective                         median {row['max_matched_median_s']:.3f} s",
        f"  optimum: {row['matched']:,} matched, total {row['total'] / 100:,.2f} points,"  # type: ignore[operator]
        f" {row['rounds']} pricing rounds, {row['candidates_per_mentee']:.1f} candidates per mentee",
        f"  peak memory, Python allocations (tracemalloc, numpy included) during one run: "
        f"{row['tracemalloc_peak_mb']:.0f} MB",
        f"  peak memory, whole process (VmHWM of a fresh subprocess doing one run): "
        f"{process['peak_mb']:.0f} MB (of which {process['baseline_mb']:.0f} MB interpreter + profiles)",
    ]
    split = row["split"]
    assert isinstance(split, dict)
    lines.append(
        "  split, process CPU time (median): " + ", ".join(f"{label} {t:.3f} s" for label, t in split.items())
    )
    if "greedy" in row:
        g, lsa = row["greedy"], row["lsa"]
        assert isinstance(g, dict) and isinstance(lsa, dict)
        how_lsa = f"median of {lsa['runs']}, turn about with ours" if lsa["runs"] > 1 else "one run"
        lines += [
            f"  ours, scoring only (score_matrix: features, product, hard rules)"
            f"  median {row['scoring_only_median_s']:.3f} s",
            f"  ours, exact solve only (assign() on the scored matrix)"
            f"      median {row['solve_only_median_s']:.4f} s",
            f"  greedy best-pair-first on the same matrix: {g['seconds']:.3f} s, {g['matched']:,} matched,"
            f" total {g['total'] / 100:,.2f} = {100 * g['share_of_optimum']:.2f}% of the optimum",
            f"  scipy linear_sum_assignment, dense, slots replicated (solve only): {lsa['seconds']:.4f} s"
            f" ({how_lsa}) = {lsa['solve_ratio']:.2f}x our solve, {lsa['time_ratio']:.2f}x our whole run;"
            f" total {lsa['total'] / 100:,.2f}, {lsa['matched']:,} matched: equal to ours",
        ]
    lines.append(f"  metrics: {row['metrics']}")
    print("\n" + "\n".join(lines))


@pytest.mark.parametrize(
    ("n_mentees", "n_mentors", "repeat"),
    [(10_000, 2_500, 5), (500, 120, 21)],
    ids=["10000x2500", "500x120"],
)
def test_matching_benchmark(n_mentees: int, n_mentors: int, repeat: int) -> None:
    _print(_bench(n_mentees, n_mentors, seed=2026, repeat=repeat, references=True))


def test_matching_scales_no_faster_than_n_log_n() -> None:
    """Whole runs (scoring, exact solve, proposals) for 1k / 5k / 10k / 20k mentees against the same
    2,500 mentors: every pair is scored, so with mentors growing too the work would be quadratic by
    definition; with a fixed pool the pairs grow linearly and the solver should add at most a log.

    Prints the table and the least-squares exponent of time against n, beside that of n log n over
    the same sizes (the bar). Correctness is asserted (each run is certified); time is printed only.
    """
    sizes = [1_000, 5_000, 10_000, 20_000]
    mentees, mentors = generate(max(sizes), 2_500, seed=2026)
    rows = []
    for n in sizes:
        median, _, result = _timed(lambda n=n: run_matching(mentees[:n], mentors, CONFIG), 3)
        assert result is not None
        rows.append((n, median, result.metrics.matched))  # type: ignore[attr-defined]
    log_n = np.log([n for n, _, _ in rows])
    exponent = float(np.polyfit(log_n, np.log([t for _, t, _ in rows]), 1)[0])
    bar = float(np.polyfit(log_n, np.log([n * np.log(n) for n, _, _ in rows]), 1)[0])
    lines = ["== matching scaling, 2,500 mentors (group programme), median of 3 whole runs =="]
    lines += [
        f"  {n:>6,} mentees  {t:7.3f} s  {t / n * 1e6:6.1f} us per mentee  {k:,} matched" for n, t, k in rows
    ]
    lines.append(
        f"  fitted exponent of time ~ n^k: k = {exponent:.2f}   (n log n over these sizes: {bar:.2f})"
    )
    print("\n" + "\n".join(lines))
