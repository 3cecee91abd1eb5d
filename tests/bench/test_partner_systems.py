"""The partner systems page and an audited partner read (issue 16, seed 001), printed not asserted: the
manager's page with ten registered clients (one item read per client for its last use), and a partner
reading its applicant (the client looked up, its use noted at most hourly, the read put in the audit
trail). Through the local front in-process."""

from __future__ import annotations

import json
import time

from infra.local.runtime import LocalRuntime
from shared.web.session import CSRF_COOKIE, ID_COOKIE
from tests.bench.test_machine_clients import _ms
from tests.e2e.conftest import PROGRAMME, Api
from tests.e2e.test_machine_clients import access_token, register
from tests.fakes.bodies import applicant

REQUESTS = 40
CLIENTS = 10


def test_the_partner_systems_page_and_an_audited_partner_read(runtime: LocalRuntime) -> None:
    api = Api(runtime)
    town = api.new_town({**PROGRAMME, "name": "Partner page bench"})
    clients = [register(api, town["manager"], f"HR {n}") for n in range(CLIENTS)]
    token = access_token(api, clients[0])
    partner = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    body = json.dumps({**applicant("mentee", "Bench"), "programme_id": town["programme_id"]}).encode()
    made = runtime.front.invoke("POST", "/v1/partner/applicants", partner, body)
    one = f"/v1/partner/applicants/{json.loads(made.body)['application_id']}"
    page = {"Cookie": f"{ID_COOKIE}={town['manager']}; {CSRF_COOKIE}={'b' * 43}"}
    listed = f"/app/{town['slug']}/partner-systems"
    rows = [
        (f"GET /app/{{slug}}/partner-systems ({CLIENTS} clients)", ("GET", listed, page)),
        ("GET /v1/partner/applicants/{id} (audited)", ("GET", one, partner)),
    ]
    lines = [
        f"\nPartner systems page and partner reads, local front in-process, {REQUESTS} requests each:",
        f"{'request':<66} {'status':>6} {'p50 ms':>8} {'p95 ms':>8}",
    ]
    for label, (method, target, headers) in rows:
        times, status = [], 0
        for _ in range(REQUESTS):
            began = time.perf_counter()
            status = runtime.front.invoke(method, target, headers, b"").status
            times.append(time.perf_counter() - began)
        assert status == 200  # a figure of an error would mean nothing
        p50, p95 = _ms(times)
        lines.append(f"{label:<66} {status:>6} {p50:>8.1f} {p95:>8.1f}")
    print("\n".join(lines))
