"""Partner systems' figures (issue 16, seed 001), printed not asserted: a token from the local
`/oauth2/token`, and a partner creating, reading and updating applicants (the access token verified and the
client looked up on every call, then the form's submission). Through the local front in-process."""

from __future__ import annotations

import base64
import json
import time
from urllib.parse import urlencode

from infra.local.runtime import LocalRuntime
from tests.e2e.conftest import PROGRAMME, Api
from tests.fakes.bodies import applicant

REQUESTS = 40


def _ms(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return ordered[len(ordered) // 2] * 1000, ordered[int(len(ordered) * 0.95) - 1] * 1000


def test_a_partner_system_s_token_and_applicants(runtime: LocalRuntime) -> None:
    api = Api(runtime)
    town = api.new_town({**PROGRAMME, "name": "Partner bench"})
    made = api.call("POST", "/v1/machine-clients", town["manager"], json={"name": "HR bench"})
    assert made.status_code == 201, made.text
    client = made.json()
    basic = base64.b64encode(f"{client['client_id']}:{client['client_secret']}".encode()).decode()
    token_headers = {"Authorization": f"Basic {basic}", "Content-Type": "application/x-www-form-urlencoded"}
    token_body = urlencode({"grant_type": "client_credentials", "scope": "tandem/applicants"}).encode()
    token = json.loads(runtime.front.invoke("POST", "/oauth2/token", token_headers, token_body).body)[
        "access_token"
    ]
    partner = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def new_applicant() -> bytes:  # a new e-mail each time: one application per person and programme
        return json.dumps({**applicant("mentee", "Bench"), "programme_id": town["programme_id"]}).encode()

    first = runtime.front.invoke("POST", "/v1/partner/applicants", partner, new_applicant())
    application_id = json.loads(first.body)["application_id"]
    one = f"/v1/partner/applicants/{application_id}"
    patch = json.dumps({"profile": {"motivation": "Changed."}}).encode()
    rows = [
        ("POST /oauth2/token (HTTP Basic)", lambda: ("POST", "/oauth2/token", token_headers, token_body)),
        ("POST /v1/partner/applicants", lambda: ("POST", "/v1/partner/applicants", partner, new_applicant())),
        ("GET /v1/partner/applicants/{id}", lambda: ("GET", one, partner, b"")),
        ("PATCH /v1/partner/applicants/{id}", lambda: ("PATCH", one, partner, patch)),
    ]  # fmt: skip
    lines = [
        f"\nPartner systems through the local front, in-process, {REQUESTS} requests each:",
        f"{'request':<66} {'status':>6} {'p50 ms':>8} {'p95 ms':>8}",
    ]
    for label, request in rows:
        times, status = [], 0
        for _ in range(REQUESTS):
            method, target, headers, body = request()
            began = time.perf_counter()
            status = runtime.front.invoke(method, target, headers, body).status
            times.append(time.perf_counter() - began)
        assert status in (200, 201)  # a figure of an error would mean nothing
        p50, p95 = _ms(times)
        lines.append(f"{label:<66} {status:>6} {p50:>8.1f} {p95:>8.1f}")
    print("\n".join(lines))
