"""Intake figures (issue 4): latency of a form submission through the local runtime, and the form's weight.

Run with `make bench`. Figures are printed, not asserted.
"""

from __future__ import annotations

import statistics
import time
import uuid

import requests


def form_body(n: int) -> list[tuple[str, str]]:
    """What the German mentee form posts: a checkbox list repeats its name once per ticked box."""
    return [
        *{
            "role": "mentee",
            "person.given_name": "Olena",
            "person.family_name": "Kovalenko",
            "person.email": f"bench.{n}.{uuid.uuid4().hex[:6]}@example.org",
            "person.birth_year": "1994",
            "person.languages": "uk",
            "profile.values": "family",
            "profile.availability": "mon_evening",
            "profile.motivation": "Stabile Arbeit finden.",
            "profile.expectations": "Ehrliche Ratschläge.",
            "needs": "Bewerbungen schreiben.",
            "consent.privacy_notice_version": "2026-11",
            "consent.processing": "on",
        }.items(),
        ("profile.interests", "cooking"),
        ("profile.interests", "technology"),
    ]


def test_form_submission_latency_and_page_weight(runtime):
    programme_id = runtime.seeded["programme_id"]
    page = f"{runtime.url}/forms/demo/{programme_id}?role=mentee&lang=de"
    with requests.Session() as http:
        weights = {}
        for role in ("mentee", "mentor"):
            for lang in ("de", "pl", "en"):
                html = http.get(
                    f"{runtime.url}/forms/demo/{programme_id}?role={role}&lang={lang}", timeout=10
                )
                weights[f"{role}/{lang}"] = len(html.content)
        latencies = []
        for n in range(200):
            start = time.perf_counter()
            r = http.post(page, data=form_body(n), timeout=10)
            latencies.append(time.perf_counter() - start)
            assert r.status_code == 201, r.text[:300]
    latencies.sort()
    median, p95 = statistics.median(latencies) * 1000, latencies[int(len(latencies) * 0.95)] * 1000
    print(
        f"\nPOST /forms/demo/{{programme}} (form-encoded, German mentee form), 200 submissions over HTTP: "
        f"median {median:.1f} ms, p95 {p95:.1f} ms, max {latencies[-1] * 1000:.1f} ms"
    )
    print(
        "form page weight (bytes, no external assets): " + ", ".join(f"{k} {v:,}" for k, v in weights.items())
    )
