"""The network report: any cell counting fewer than 5 people is suppressed, and so is enough else that no
suppressed cell can be worked out from a total or from the other cells of its row or column."""

from __future__ import annotations

import random

import pytest

from services.monitoring.reports.logic import network
from services.monitoring.reports.logic.network import MEASURES, ROW_RELATIONS, THRESHOLD, suppress
from shared.errors import Forbidden
from tests.fakes.principals import signed_in
from tests.fakes.reports import Feeder, InMemoryReportStore

ADMIN = signed_in("u-adm", "admin")


def table(rows: list[dict[str, int]]) -> list[dict[str, int]]:
    full = [{m: row.get(m, 0) for m in MEASURES} for row in rows]
    total = {m: sum(r[m] for r in full) for m in MEASURES}
    return [*full, total]


def recompute_attempts(rows: list[dict[str, int]], hidden: set[tuple[int, str]]) -> list[str]:
    """What an attacker tries: a suppressed cell as its relation's shown total minus the shown other cells
    (column: the total row; row: matched mentees = mentees by relationship status). Every cell that comes
    out exact is named."""
    recomputed = []
    last = len(rows) - 1
    relations: list[tuple[tuple[int, str], list[tuple[int, str]]]] = [
        ((last, m), [(r, m) for r in range(last)]) for m in MEASURES
    ]
    relations += [
        ((r, whole), [(r, p) for p in parts]) for r in range(len(rows)) for whole, parts in ROW_RELATIONS
    ]
    for total, parts in relations:
        cells = [total, *parts]
        gone = [c for c in cells if c in hidden]
        if not gone or (total in hidden and len(gone) == 1):
            continue
        if total in hidden:
            guess = sum(rows[r][m] for r, m in parts)  # the total from its parts
            if all(c not in hidden for c in parts) and guess == rows[total[0]][total[1]]:
                recomputed.append(f"{total} from its parts")
            continue
        residual = rows[total[0]][total[1]] - sum(rows[r][m] for r, m in parts if (r, m) not in hidden)
        for cell in gone:
            # Known: a hidden cell under the threshold is 0..4; the attacker's best bound for this one.
            others_max = sum(
                THRESHOLD - 1 if rows[r][m] < THRESHOLD else residual for r, m in gone if (r, m) != cell
            )
            low = max(0, residual - others_max)
            high = min(residual, THRESHOLD - 1) if rows[cell[0]][cell[1]] < THRESHOLD else residual
            if low == high:
                recomputed.append(f"{cell} = {low}")
    return recomputed


def test_a_single_small_cell_is_hidden_with_a_partner_so_the_total_does_not_give_it_away():
    rows = table(
        [
            {
                "applicants": 40,
                "matched_mentees": 20,
                "mentees_active": 3,
                "mentees_completed": 10,
                "mentees_ended_early": 7,
            },
            {
                "applicants": 30,
                "matched_mentees": 25,
                "mentees_active": 12,
                "mentees_completed": 8,
                "mentees_ended_early": 5,
            },
            {
                "applicants": 25,
                "matched_mentees": 22,
                "mentees_active": 10,
                "mentees_completed": 6,
                "mentees_ended_early": 6,
            },
        ]
    )
    got = suppress(rows)

    assert (0, "mentees_active") in got.suppressed
    # The attack: the column's total minus the other municipalities' shown cells.
    column_guess = rows[3]["mentees_active"] - sum(
        rows[r]["mentees_active"] for r in (1, 2) if (r, "mentees_active") not in got.suppressed
    )
    assert column_guess != rows[0]["mentees_active"]
    # And along its row: matched mentees minus the other statuses.
    row_guess = (
        rows[0]["matched_mentees"]
        - sum(
            rows[0][m] for m in ("mentees_completed", "mentees_ended_early") if (0, m) not in got.suppressed
        )
        if (0, "matched_mentees") not in got.suppressed
        else None
    )
    assert row_guess != rows[0]["mentees_active"]
    assert recompute_attempts(rows, got.suppressed) == []


@pytest.mark.parametrize("seed", range(60))
def test_no_suppressed_cell_can_be_recomputed_in_random_networks(seed: int):
    rnd = random.Random(seed)
    municipalities = []
    for _ in range(rnd.randint(1, 12)):
        active, done, early = (rnd.choice([0, 1, 2, 3, 4, 5, 7, 12, 30]) for _ in range(3))
        counts = {m: rnd.choice([0, 1, 3, 4, 5, 6, 9, 20, 80]) for m in MEASURES}
        counts.update(
            mentees_active=active,
            mentees_completed=done,
            mentees_ended_early=early,
            matched_mentees=active + done + early,
        )
        municipalities.append(counts)
    rows = table(municipalities)

    got = suppress(rows)

    small = {(r, m) for r, row in enumerate(rows) for m, v in row.items() if v < THRESHOLD}
    assert small <= got.suppressed
    assert recompute_attempts(rows, got.suppressed) == []


def test_the_admin_reads_each_municipality_and_the_total_with_small_cells_hidden():
    feeder = Feeder(tenant_id="t-a")
    store = feeder.store
    feeder.municipality("Aachen", "aachen")
    feeder.programme("prg_a")
    for n in range(7):
        feeder.participant("prg_a", f"a{n}")
    other = Feeder(store, tenant_id="t-b")
    other.municipality("Bonn", "bonn")
    other.programme("prg_b")
    for n in range(3):
        other.participant("prg_b", f"b{n}")
    third = Feeder(store, tenant_id="t-c")
    third.municipality("Celle", "celle")
    third.programme("prg_c")
    for n in range(9):
        third.participant("prg_c", f"c{n}")

    got = network.network_report(ADMIN, store)

    names = [m.municipality for m in got.municipalities]
    assert names == ["Aachen", "Bonn", "Celle"]
    cells = {(row.municipality, c.measure): c for row in [*got.municipalities, got.total] for c in row.cells}
    assert cells[("Bonn", "applicants")].suppressed and cells[("Bonn", "applicants")].value is None
    # 19 in total minus Celle's 9 and Aachen's 7 would give Bonn's 3: Aachen's (the smallest) is hidden too.
    assert cells[("Aachen", "applicants")].suppressed
    assert (cells[("Celle", "applicants")].value, cells[("", "applicants")].value) == (9, 19)
    assert "par_a0" not in got.model_dump_json()


def test_only_the_network_admin_reads_it():
    store = InMemoryReportStore()
    with pytest.raises(Forbidden):
        network.network_report(signed_in("u-m", "manager", tenant_id="t-a"), store)
    with pytest.raises(Forbidden):
        network.network_report(signed_in("u-x", "admin", tenant_id="t-a"), store)
