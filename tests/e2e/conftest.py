"""The whole system, started once per test session on a free port, reached over real HTTP."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from infra.local.runtime import LocalRuntime
from infra.local.seed import ADMIN_EMAIL


class Api:
    def __init__(self, runtime: LocalRuntime) -> None:
        self.runtime = runtime
        self.url = runtime.url
        self.http = requests.Session()

    def token(self, email: str) -> str:
        r = self.http.post(f"{self.url}/local/token", json={"email": email}, timeout=10)
        r.raise_for_status()
        return str(r.json()["id_token"])

    def call(self, method: str, path: str, token: str | None = None, **kw: Any) -> requests.Response:
        headers = kw.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.http.request(method, f"{self.url}{path}", headers=headers, timeout=10, **kw)

    def outbox_to(self, email: str) -> list[dict[str, Any]]:
        emails = self.http.get(f"{self.url}/local/outbox", timeout=10).json()["emails"]
        return [e for e in emails if email in e["to"]]

    def settle(self) -> None:
        self.runtime.wait_until_idle()

    # --- a municipality with its manager, made as the network admin makes one ---
    def new_tenant(self, language: str = "en") -> dict[str, Any]:
        admin = self.token(ADMIN_EMAIL)
        slug = f"t-{uuid.uuid4().hex[:10]}"
        tenant = self.call(
            "POST",
            "/v1/tenants",
            admin,
            json={
                "slug": slug,
                "name": f"Town {slug}",
                "default_language": language,
                "languages": [language, "en"],
                "timezone": "Europe/Warsaw",
            },
        ).json()
        email = f"manager@{slug}.example.org"
        r = self.call(
            "POST",
            "/v1/users",
            admin,
            json={
                "email": email,
                "role": "manager",
                "given_name": "Ola",
                "family_name": "Nowak",
                "language": language,
                "tenant_id": tenant["tenant_id"],
            },
        )
        assert r.status_code == 201, r.text
        self.settle()
        return {**tenant, "manager_email": email, "manager": self.token(email)}


@pytest.fixture(scope="session")
def runtime() -> Iterator[LocalRuntime]:
    rt = LocalRuntime(port=0, seed=True, idle_sleep=0.01)
    rt.start()
    # Every test posts from 127.0.0.1; the rate limit has its own test, which lowers this again.
    rt.limiter.per_minute = 100_000
    yield rt
    rt.stop()


@pytest.fixture(scope="session")
def api(runtime: LocalRuntime) -> Api:
    return Api(runtime)


PROGRAMME = {
    "name": "Mentoring Start",
    "kind": "group",
    "max_group_size": 4,
    "mode": "blended",
    "cadence_days": 14,
    "starts_on": "2027-02-01",
    "ends_on": "2027-08-01",
    "languages": ["pl", "en"],
    "mentor_training_required": True,
    "matching": {"weights": {"values": 5}, "min_score": 30},
    "intake_open": True,
}
