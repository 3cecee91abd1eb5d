"""Monitoring's reports (issue 12, "Figures"), printed not asserted: the report of a programme with 1,000
relationships and 10,000 answers (target <= 1 s) and the network report over 200 municipalities (target
<= 2 s), through the local front in-process (`runtime.front.invoke`: the front, the function and the
table on moto; no socket).

The projections are built by the reports' own `Projector` from the events a programme of that size
publishes (played in memory: ~30,000 events), then written to the table as they would stand; the
network's 200 municipalities are their totals documents. The report reads one summary document however
large the programme, so the figure stays flat as it grows.
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from typing import TYPE_CHECKING

from infra.local.runtime import LocalRuntime
from infra.local.seed import ADMIN_EMAIL
from shared.events.catalog import MidtermReviewRecorded, QuestionnaireAssigned, QuestionnaireSubmitted
from shared.events.catalog.monitoring import MenteeRating
from shared.storage import NETWORK
from tests.e2e.conftest import Api
from tests.e2e.test_sessions_api import GROUP

if TYPE_CHECKING:  # imported once the runtime has set the functions' environment
    from tests.fakes.reports import Feeder

REQUESTS = 30
RELATIONSHIPS = 1_000
MENTEES_EACH = 2
#: 2,000 questionnaires of 5 scale answers each: 10,000 answers.
QUESTIONNAIRES, ANSWERS_EACH = 2_000, 5
MUNICIPALITIES = 200


def _build_programme(feeder: Feeder, programme_id: str) -> None:
    rnd = random.Random(12)
    feeder.programme(programme_id)
    mentees: list[tuple[str, str]] = []
    for r in range(RELATIONSHIPS):
        mentor = feeder.participant(programme_id, f"m{r}", "mentor")
        group = [feeder.participant(programme_id, f"e{r}_{n}") for n in range(MENTEES_EACH)]
        match_id = f"mat_{r}"
        feeder.relationship(programme_id, match_id, mentor, group)
        feeder.held(programme_id, match_id, f"s{r}_1", group[: rnd.randint(0, MENTEES_EACH)], days=r % 60)
        ratings = [
            MenteeRating(mentee_id=m, rating_start=rnd.randint(4, 8), rating_now=rnd.randint(5, 10))
            for m in group
        ]
        feeder.play(
            MidtermReviewRecorded(
                match_id=match_id, programme_id=programme_id, ratings=ratings, recorded_on=date(2027, 4, 1)
            )
        )
        mentees += [(match_id, m) for m in group]
    for q in range(QUESTIONNAIRES):
        match_id, who = mentees[q % len(mentees)]
        common = {
            "assignment_id": f"asg_{q}",
            "match_id": match_id,
            "programme_id": programme_id,
            "participant_id": who,
            "kind": "initial" if q < len(mentees) else "final",
            "template_id": "tpl",
            "template_version": 1,
        }
        feeder.play(QuestionnaireAssigned(**common, due_on=date(2027, 1, 20)))  # type: ignore[arg-type]
        scales = {f"q{n}": rnd.randint(1, 5) for n in range(ANSWERS_EACH)}
        feeder.play(
            QuestionnaireSubmitted(
                **common, submitted_at=feeder.now + timedelta(days=3), scale_answers=scales
            )
        )  # type: ignore[arg-type]


def _write(runtime: LocalRuntime, feeder: Feeder) -> int:
    from services.monitoring.reports.store import ReportRecord, record_for  # the runtime's table

    with runtime.lock, ReportRecord.batch_write() as batch:
        for (tenant_id, key), stored in feeder.store.items.items():
            record = record_for("#".join(key.split("#")[:2])).new_in(tenant_id, key, document=stored.document)
            record.version = stored.revision
            batch.save(record)
    return len(feeder.store.items)


def _network(runtime: LocalRuntime) -> None:
    from services.monitoring.reports.models import TenantTotals
    from services.monitoring.reports.store import ReportRecord, record_for

    rnd = random.Random(7)
    names = ("applications.mentee", "accepted.mentee", "matched.mentee", "mentees_in.active", "rating.rated")
    with runtime.lock, ReportRecord.batch_write() as batch:
        for n in range(MUNICIPALITIES):
            counters = {name: float(rnd.choice([0, 2, 4, 6, 12, 40, 150])) for name in names}
            doc = TenantTotals(
                tenant_id=f"t_bench_{n:03}", slug=f"bench-{n:03}", name=f"Bench {n:03}", counters=counters
            )
            model = record_for("report#tenant")
            batch.save(model.new_in(NETWORK, doc.key(), document=doc.model_dump(mode="json")))


def _times(runtime: LocalRuntime, path: str, token: str) -> tuple[list[float], int, int]:
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        result = runtime.front.invoke("GET", path, {"Authorization": f"Bearer {token}"}, b"")
        times.append(time.perf_counter() - start)
    return sorted(times), result.status, len(result.body)


def test_programme_and_network_reports(runtime: LocalRuntime) -> None:
    api = Api(runtime)
    town = api.new_town({**GROUP, "name": "Bench reports"})
    programme_id = town["programme_id"]
    from tests.fakes.reports import Feeder

    started = time.perf_counter()
    feeder = Feeder(tenant_id=town["tenant_id"])
    _build_programme(feeder, programme_id)
    played = time.perf_counter() - started
    items = _write(runtime, feeder)
    _network(runtime)
    admin = api.token(ADMIN_EMAIL)

    base = f"/v1/programmes/{programme_id}"
    rows = [
        (f"GET {base[:14]}…/report ({RELATIONSHIPS} relationships, {QUESTIONNAIRES * ANSWERS_EACH} answers)",
         f"{base}/report", town["manager"], 1000),
        ("GET …/report?format=csv (one row per mentee)", f"{base}/report?format=csv", town["manager"], 1000),
        ("GET …/report/progress.svg", f"{base}/report/progress.svg", town["manager"], 1000),
        ("GET …/risks (1,000 relationships evaluated)", f"{base}/risks", town["manager"], 1000),
        (f"GET /v1/network/report ({MUNICIPALITIES}+ municipalities)", "/v1/network/report", admin, 2000),
    ]  # fmt: skip
    lines = [
        f"\nMonitoring reports through the local front, in-process, {REQUESTS} requests each "
        f"(projections: {items} documents from the events, played in {played:.1f} s):",
        f"{'request':<72} {'status':>6} {'p50 ms':>8} {'p95 ms':>8} {'target':>7} {'bytes':>8}",
    ]
    for label, path, token, target in rows:
        times, status, size = _times(runtime, path, token)
        p50 = times[len(times) // 2] * 1000
        p95 = times[int(len(times) * 0.95) - 1] * 1000
        lines.append(f"{label:<72} {status:>6} {p50:>8.1f} {p95:>8.1f} {target:>7} {size:>8}")
        assert status == 200  # a figure of an error would mean nothing
    print("\n".join(lines))
