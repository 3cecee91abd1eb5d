"""The archive of good practice's search (issue 16, seed 004), printed not asserted: 2,000 approved cases
in one municipality (German, Polish and English, six departments), 60 queries over HTTP on the local
runtime (moto's query of the approved partition, BM25 over the stored stems, the JSON answer), and the
ranking alone in memory."""

from __future__ import annotations

import random
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from infra.local.runtime import LocalRuntime
from services.intake.archive import search
from services.intake.archive.models import PracticeCaseWrite, PublishedCase
from tests.fakes import bodies

CASES = 2_000
QUERIES = 60
WORDS = {
    "de": "Wohnung Wohnungsamt Sprachkurs Deutschkurs Arbeit Jobcenter Schule Eltern Kinder Behörde Antrag "
    "Termin Ausbildung Praktikum Gesundheit Arzt Nachbarn Verein Geduld Begleitung Übersetzung Formular",
    "pl": "mieszkanie urząd kurs język praca szkoła rodzice dzieci wniosek termin szkolenie praktyka zdrowie "
    "lekarz sąsiedzi stowarzyszenie cierpliwość wsparcie tłumaczenie formularz",
    "en": "flat housing office course language work school parents children application appointment "
    "training internship health doctor neighbours club patience support translation form",
}
DEPARTMENTS = ["Sozialamt", "Jobcenter", "Schulamt", "Urząd Pracy", "Housing office", "Health office"]
QUERY_WORDS = ["wohnung", "deutschkurs", "mieszkania", "kurs", "housing", "appointment", "Behörde", "praca"]


def _case(rng: random.Random, n: int) -> PublishedCase:
    language = rng.choice(list(WORDS))
    vocabulary = WORDS[language].split()
    words = lambda k: " ".join(rng.choice(vocabulary) for _ in range(k))  # noqa: E731
    written = PracticeCaseWrite(
        title=words(5),
        situation=words(90),
        what_worked=words(90),
        tags=[rng.choice(vocabulary), rng.choice(vocabulary)],
        department=rng.choice(DEPARTMENTS),
        language=language,
    )
    terms, length = search.index(written)
    at = datetime(2026, 11, 30, tzinfo=UTC) - timedelta(hours=n)
    return PublishedCase(
        **written.model_dump(),
        case_id=f"case_bench_{n:05d}",
        status="approved",
        author_id="per_bench",
        written_at=at,
        approved_at=at,
        published_version=2,
        version=2,
        terms=terms,
        length=length,
    )


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return f"median {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"


def test_search_over_two_thousand_cases(runtime: LocalRuntime) -> None:
    from services.intake.archive.store import PublishedCaseRecord

    rng = random.Random(4)
    cases = [_case(rng, n) for n in range(CASES)]
    admin = runtime.token("admin@tandem.local")
    slug = f"bench-{uuid.uuid4().hex[:8]}"
    body = {"slug": slug, "name": "Bench town", "default_language": "de", "languages": ["de", "pl", "en"]}
    status, made = runtime.request("POST", "/v1/tenants", {**body, "timezone": "Europe/Berlin"}, admin)
    assert status == 201, made
    tenant_id = made["tenant_id"]
    email = f"manager@{slug}.example.org"
    status, _ = runtime.request("POST", "/v1/users", bodies.manager(email, tenant_id), admin)
    assert status == 201
    runtime.wait_until_idle()
    started = time.monotonic()
    with runtime.lock, PublishedCaseRecord.batch_write() as batch:
        for case in cases:
            shown = case.model_dump(mode="json", exclude={"version"})
            batch.save(PublishedCaseRecord.new_in(tenant_id, case.case_id, document=shown))
    stored = time.monotonic() - started
    token = runtime.token(email)

    over_http, in_memory, totals = [], [], []
    for i in range(QUERIES):
        words = " ".join(rng.sample(QUERY_WORDS, 1 + i % 2))
        start = time.monotonic()
        status, found = runtime.request("GET", f"/v1/practice-cases?q={quote(words)}", None, token)
        over_http.append(time.monotonic() - start)
        assert status == 200 and found["total"] > 0, found
        totals.append(found["total"])
        start = time.monotonic()
        search.rank(words, cases)
        in_memory.append(time.monotonic() - start)
    print(
        f"\narchive search, {CASES:,} approved cases ({stored:.1f} s to store them): over HTTP "
        f"{_ms(over_http)}; ranking alone {_ms(in_memory)}; median {statistics.median(totals):.0f} matches"
    )
