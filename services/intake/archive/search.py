"""The archive's full-text search: each approved case keeps its stems (weighted by field), and a query is
ranked with BM25 over them in the case's language; a query word also matches the stems it begins
(German compounds, a word typed half), at half weight. Tags and departments filter, folded."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from services.intake.archive.models import PracticeCaseWrite, PublishedCase
from services.intake.archive.words import fold, stems

#: How much a word counts by where it stands.
FIELD_WEIGHTS = (("title", 3), ("tags", 2), ("department", 1), ("situation", 1), ("what_worked", 1))
K1, B = 1.2, 0.75
#: A query stem this long or longer also matches the longer stems it begins.
PREFIX_FROM = 4
PREFIX_WEIGHT = 0.5


def index(case: PracticeCaseWrite) -> tuple[dict[str, int], int]:
    """The case's stems with their weighted counts, and the case's weighted length."""
    counts: Counter[str] = Counter()
    for field, weight in FIELD_WEIGHTS:
        value = getattr(case, field)
        text = " ".join(value) if isinstance(value, list) else value
        for s in stems(text, case.language):
            counts[s] += weight
    return dict(counts), sum(counts.values())


def _matches(query_stem: str, terms: dict[str, int]) -> float:
    exact = float(terms.get(query_stem, 0))
    if len(query_stem) < PREFIX_FROM:
        return exact
    longer = sum(n for t, n in terms.items() if t != query_stem and t.startswith(query_stem))
    return exact + PREFIX_WEIGHT * longer


def same(a: str, b: str) -> bool:
    return fold(a).strip() == fold(b).strip()


def rank(
    query: str, cases: list[PublishedCase], *, tag: str | None = None, department: str | None = None
) -> list[tuple[float, PublishedCase]]:
    """The cases that match, best first (newest first among equals, and when nothing was searched for)."""
    kept = [
        c
        for c in cases
        if (tag is None or any(same(tag, t) for t in c.tags))
        and (department is None or same(department, c.department))
    ]
    newest = sorted(kept, key=lambda c: c.approved_at or c.written_at, reverse=True)
    by_language = {lang: list(dict.fromkeys(stems(query, lang))) for lang in {c.language for c in cases}}
    if not any(by_language.values()):
        return [(0.0, c) for c in newest]
    # One pass over every approved case: how often each query stem occurs (the idf counts them all).
    found = {c.case_id: {s: _matches(s, c.terms) for s in by_language[c.language]} for c in cases}
    frequency = Counter(s for tfs in found.values() for s, tf in tfs.items() if tf > 0)
    total = len(cases)
    average = sum(c.length for c in cases) / total or 1.0
    scored: list[tuple[float, PublishedCase]] = []
    for case in newest:
        norm = K1 * (1 - B + B * case.length / average)
        score = sum(
            math.log(1 + (total - frequency[s] + 0.5) / (frequency[s] + 0.5)) * tf * (K1 + 1) / (tf + norm)
            for s, tf in found[case.case_id].items()
            if tf > 0
        )
        if score > 0:
            scored.append((round(score, 4), case))
    return sorted(scored, key=lambda pair: pair[0], reverse=True)  # stable: newest first among equals


def facets(cases: Iterable[PublishedCase]) -> tuple[list[str], list[str]]:
    """The departments and the tags of the approved cases, each once (first spelling kept), sorted."""
    departments: dict[str, str] = {}
    tags: dict[str, str] = {}
    for case in cases:
        departments.setdefault(fold(case.department), case.department)
        for t in case.tags:
            tags.setdefault(fold(t), t)
    return sorted(departments.values(), key=fold), sorted(tags.values(), key=fold)
