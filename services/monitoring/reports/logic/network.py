"""The network's report: each municipality's counts of people, and the total, with small cells suppressed.

Primary suppression: a cell counting fewer than `THRESHOLD` people (zero included) is not shown.
Complementary suppression: the cells that add up to a shown figure form a relation — a column's
municipalities and its total; a row's relationships by status and the mentees matched. A relation with
a suppressed cell must hide at least one more, and at least one of them at or above the threshold (else
the total minus the shown cells pins the hidden ones down: the difference of one cell is that cell, and
two cells known to be under 5 that add up to 8 are 4 each). Until every relation is safe, the smallest
shown cell of an unsafe relation is suppressed too.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.monitoring.reports.logic.ports import ReportStore
from services.monitoring.reports.models import Counters, TenantTotals
from services.monitoring.reports.schemas import NetworkCell, NetworkRate, NetworkReport, NetworkRow
from shared.auth import Principal, Role
from shared.errors import Forbidden
from shared.storage import NETWORK

THRESHOLD = 5

#: measure → the counters (people) it adds up
MEASURES: dict[str, tuple[str, ...]] = {
    "applicants": ("applications.mentee", "applications.mentor"),
    "accepted": ("accepted.mentee", "accepted.mentor"),
    "matched_mentees": ("matched.mentee",),
    "matched_mentors": ("matched.mentor",),
    "mentees_active": ("mentees_in.active",),
    "mentees_completed": ("mentees_in.completed",),
    "mentees_ended_early": ("mentees_in.ended_early",),
    "mentees_rated": ("rating.rated",),
    "mentees_improved": ("rating.improved",),
    "with_baseline": ("outcome.with_baseline",),
    "moved_into_living": ("outcome.moved_into_living",),
    "mentors_assessed": ("growth.measured",),
    "mentors_grown": ("growth.improved",),
}
#: Within a row: a figure and the parts it is (or could be taken to be) the sum of.
ROW_RELATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("matched_mentees", ("mentees_active", "mentees_completed", "mentees_ended_early")),
)
#: Rates: shown only where every cell they are read against is shown.
RATES: dict[str, tuple[tuple[str, str], tuple[str, ...]]] = {
    "attendance_rate": (("attendance.present", "attendance.expected"), ("matched_mentees",)),
    "diary_completion": (("diary.written", "diary.due"), ("matched_mentees",)),
    "questionnaire_completion": (
        ("questionnaires.submitted", "questionnaires.assigned"),
        ("matched_mentees",),
    ),
    "share_improved": (("rating.improved", "rating.rated"), ("mentees_rated", "mentees_improved")),
}

Cell = tuple[int, str]  # (row, measure); the last row is the total


@dataclass
class Table:
    rows: list[dict[str, int]]
    suppressed: set[Cell]
    primary: set[Cell]

    def relations(self) -> list[list[Cell]]:
        total = len(self.rows) - 1
        found = [[(r, m) for r in range(len(self.rows))] for m in MEASURES if total > 0]
        for r in range(len(self.rows)):
            for whole, parts in ROW_RELATIONS:
                found.append([(r, whole), *((r, p) for p in parts)])
        return found

    def safe(self, relation: list[Cell]) -> bool:
        hidden = [c for c in relation if c in self.suppressed]
        if not hidden or len(hidden) == len(relation):
            return True
        return len(hidden) >= 2 and any(c not in self.primary for c in hidden)

    def value(self, cell: Cell) -> int:
        return self.rows[cell[0]][cell[1]]


def suppress(rows: list[dict[str, int]]) -> Table:
    """`rows`: the municipalities' counts, then their total; which cells to hide."""
    primary = {(r, m) for r, row in enumerate(rows) for m, v in row.items() if v < THRESHOLD}
    table = Table(rows=rows, suppressed=set(primary), primary=primary)
    relations = table.relations()
    changed = True
    while changed:
        changed = False
        for relation in relations:
            if table.safe(relation):
                continue
            shown = [c for c in relation if c not in table.suppressed]
            table.suppressed.add(min(shown, key=lambda c: (table.value(c), c)))
            changed = True
    return table


def counts(counters: Counters) -> dict[str, int]:
    return {m: round(sum(counters.get(n, 0.0) for n in names)) for m, names in MEASURES.items()}


def _rates(counters: Counters, shown: set[str]) -> list[NetworkRate]:
    out = []
    for name, ((done, due), bases) in RATES.items():
        visible = all(b in shown for b in bases) and counters.get(due, 0.0) > 0
        value = round(counters.get(done, 0.0) / counters[due], 4) if visible else None
        out.append(NetworkRate(measure=name, value=value))
    return out


def network_report(principal: Principal, store: ReportStore) -> NetworkReport:
    principal.require(Role.ADMIN)
    if principal.tenant_id is not None:
        raise Forbidden("Only the network sees the network's report.")
    municipalities = sorted(
        (TenantTotals.model_validate(s.document) for s in store.query(NETWORK, "report#tenant#")),
        key=lambda t: (t.name.casefold(), t.tenant_id),
    )
    total: Counters = {}
    for m in municipalities:
        for name, value in m.counters.items():
            total[name] = total.get(name, 0.0) + value
    rows = [counts(m.counters) for m in municipalities] + [counts(total)]
    table = suppress(rows)
    labelled = [(m.name, m.slug, m.counters) for m in municipalities] + [("", "", total)]
    out = []
    for r, (name, slug, counters) in enumerate(labelled):
        hidden = {m for m in MEASURES if (r, m) in table.suppressed}
        cells = [
            NetworkCell(measure=m, value=None if m in hidden else rows[r][m], suppressed=m in hidden)
            for m in MEASURES
        ]
        out.append(
            NetworkRow(
                municipality=name, slug=slug, cells=cells, rates=_rates(counters, set(MEASURES) - hidden)
            )
        )
    return NetworkReport(threshold=THRESHOLD, measures=list(MEASURES), municipalities=out[:-1], total=out[-1])
