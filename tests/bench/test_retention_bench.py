"""The retention sweep's rules over a large municipality, in memory (the table's reads are the rest):
10,000 participants in 100 programmes, a third of them ended past the period. Printed, never asserted."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

from services.intake.consents.erasure import RecordedErasureRequests
from services.intake.retention import logic
from tests.fakes.privacy import InMemoryPrivacy, participant, programme
from tests.fakes.publisher import RecordingPublisher


def test_the_sweep_over_ten_thousand_participants() -> None:
    programmes = [
        programme(f"prg_{i}", ends_on=date(2023, 6, 30) if i % 3 == 0 else date(2027, 8, 1))
        for i in range(100)
    ]
    people = [participant(f"p_{n}", f"prg_{n % 100}", pid=f"pt_{n}") for n in range(10_000)]
    store, bus = InMemoryPrivacy(participants=people, programmes=programmes), RecordingPublisher()
    now = datetime(2026, 12, 1, 3, tzinfo=UTC)
    erasure = RecordedErasureRequests(store, bus, lambda: now)
    started = time.perf_counter()
    first = logic.sweep(now.date(), now, store, erasure, bus)
    first_s = time.perf_counter() - started
    started = time.perf_counter()
    again = logic.sweep(now.date(), now, store, erasure, bus)
    again_s = time.perf_counter() - started
    print(
        f"\nretention sweep, 10,000 participants / 100 programmes: first {first_s * 1000:.0f} ms "
        f"({first['t_1']['programme_participants']} erasures requested), next day {again_s * 1000:.0f} ms "
        f"({len(again)} municipalities with news)"
    )
