"""The whole system, started once per test session on a free port, reached over real HTTP."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests

from infra.local.cloud import BUS
from infra.local.runtime import LocalRuntime
from infra.local.seed import ADMIN_EMAIL
from shared.manifest import is_web_path
from tests.fakes import bodies
from tests.fakes.bodies import PROGRAMME as PROGRAMME  # the tests' programme, imported from here
from tests.fakes.modules import forget_every_service
from tests.fakes.web import page_request

#: An upper bound on one answer, not a wait: the runtime answers one request at a time under moto's lock, and
#: on this 2-core machine a busy consumer has held it longer than 10 s; once, on a day the machine ran ~1.8x
#: slower, a form post late in the role matrix's sweep (~2,200 calls on a runtime the earlier modules filled)
#: waited more than 30 s, where the slowest of that sweep take ~4 s on a calm machine. A hung request still
#: fails, after two minutes.
TIMEOUT = 120
#: The longest `Api.settle` waits for the events of what a test did to be handled; stuck queues still fail.
SETTLE_TIMEOUT = 120.0
#: The tests' root: a test's suite is the first folder below it.
TESTS = Path(__file__).resolve().parents[1]


class Api:
    def __init__(self, runtime: LocalRuntime) -> None:
        self.runtime = runtime
        self.url = runtime.url
        self.http = requests.Session()

    def token(self, email: str) -> str:
        r = self.http.post(f"{self.url}/local/token", json={"email": email}, timeout=TIMEOUT)
        r.raise_for_status()
        return str(r.json()["id_token"])

    def call(self, method: str, path: str, token: str | None = None, **kw: Any) -> requests.Response:
        if is_web_path(path.split("?", 1)[0]):
            # A page: the token travels as the session cookie, with a CSRF pair (tests/fakes/web.py).
            return self.http.request(
                method, f"{self.url}{path}", timeout=TIMEOUT, **page_request(path, token, kw)
            )
        headers = kw.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.http.request(method, f"{self.url}{path}", headers=headers, timeout=TIMEOUT, **kw)

    def outbox_to(self, email: str) -> list[dict[str, Any]]:
        emails = self.http.get(f"{self.url}/local/outbox", timeout=TIMEOUT).json()["emails"]
        return [e for e in emails if email in e["to"]]

    def settle(self) -> None:
        # An upper bound (it returns once the queues are empty): after the role matrix's sweep of every
        # route, a machine ~1.8x slower than usual (CI 74 min, not 40) drained the queues just after 30 s.
        self.runtime.wait_until_idle(timeout=SETTLE_TIMEOUT)

    # --- a municipality with its manager, made as the network admin makes one ---
    def new_tenant(
        self,
        language: str = "en",
        languages: list[str] | None = None,
        slug_prefix: str = "t",
        timezone: str = "Europe/Warsaw",
    ) -> dict[str, Any]:
        admin = self.token(ADMIN_EMAIL)
        slug = f"{slug_prefix}-{uuid.uuid4().hex[:10]}"
        r = self.call(
            "POST",
            "/v1/tenants",
            admin,
            json={
                "slug": slug,
                "name": f"Town {slug}",
                "default_language": language,
                "languages": languages or [language, "en"],
                "timezone": timezone,
            },
        )
        assert r.status_code == 201, r.text
        tenant = r.json()
        email = f"manager@{slug}.example.org"
        r = self.call("POST", "/v1/users", admin, json=bodies.manager(email, tenant["tenant_id"], language))
        assert r.status_code == 201, r.text
        self.settle()
        return {**tenant, "manager_email": email, "manager": self.token(email)}

    def new_town(
        self, programme: dict[str, Any], language: str = "en", timezone: str = "Europe/Warsaw"
    ) -> dict[str, Any]:
        """A new municipality (in `timezone`) with one programme: the tenant, `programme_id`, its `apply`
        path."""
        tenant = self.new_tenant(language=language, timezone=timezone)
        made = self.call("POST", "/v1/programmes", tenant["manager"], json=programme)
        assert made.status_code == 201, made.text
        programme_id = made.json()["programme_id"]
        self.settle()
        return {
            **tenant,
            "programme_id": programme_id,
            "apply": f"/v1/public/{tenant['slug']}/programmes/{programme_id}/applications",
        }

    @contextmanager
    def events_seen(self, *, audit: bool = False) -> Iterator[list[dict[str, Any]]]:
        """Every event put on the bus while the block runs, read at its end: a spy rule into a queue.
        The audit trail's PersonalDataAccessed (source tandem.audit) only when `audit` is asked for.
        What was written before the block is relayed from the outbox first, so its events are not seen; what
        the block wrote is relayed before the end, so its events are."""
        self.settle()
        events, sqs = boto3.client("events"), boto3.client("sqs")
        spy = f"spy-{uuid.uuid4().hex[:8]}"
        seen: list[dict[str, Any]] = []
        with self.runtime.lock:  # moto is shared with the runtime's threads
            pattern = json.dumps({"source": [{"prefix": "tandem."}]})
            events.put_rule(Name=spy, EventBusName=BUS, EventPattern=pattern)
            url = sqs.create_queue(QueueName=spy)["QueueUrl"]
            attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
            events.put_targets(
                Rule=spy, EventBusName=BUS, Targets=[{"Id": "spy", "Arn": attributes["QueueArn"]}]
            )
        try:
            yield seen
            self.settle()  # and what the block wrote is relayed before the spy's queue is read
            with self.runtime.lock:
                while got := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages"):
                    bodies = [json.loads(m["Body"]) for m in got]
                    seen += [b for b in bodies if audit or b.get("source") != "tandem.audit"]
                    sqs.delete_message_batch(
                        QueueUrl=url,
                        Entries=[
                            {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(got)
                        ],
                    )
        finally:
            with self.runtime.lock:
                events.remove_targets(Rule=spy, EventBusName=BUS, Ids=["spy"])
                events.delete_rule(Name=spy, EventBusName=BUS)


def _started() -> LocalRuntime:
    forget_every_service()
    rt = LocalRuntime(port=0, seed=True, idle_sleep=0.01)
    rt.start()
    # Every test posts from 127.0.0.1; the rate limit has its own test, which lowers this again.
    rt.limiter.per_minute = 100_000
    return rt


@pytest.fixture(scope="session")
def _runtimes() -> Iterator[dict[str, Any]]:
    held: dict[str, Any] = {"runtime": None, "clock_moved": False}
    yield held
    if held["runtime"] is not None:
        held["runtime"].stop()


@pytest.fixture(scope="module")
def runtime(request: pytest.FixtureRequest, _runtimes: dict[str, Any]) -> LocalRuntime:
    """One runtime for every module until the first that moves the clock by days: those get a fresh one
    of their own (they run last). Moving the one clock would make every earlier test's reminders, digests,
    questionnaires and daily sweeps fall due at once, hundreds of municipalities' worth, and the waits of
    the tests that move it would measure that backlog instead of what they check."""
    moves_clock = request.path.name in MOVE_THE_CLOCK_BY_DAYS
    if _runtimes["runtime"] is None or (moves_clock and not _runtimes["clock_moved"]):
        if _runtimes["runtime"] is not None:
            _runtimes["runtime"].stop()
        _runtimes["runtime"] = _started()
        _runtimes["clock_moved"] = moves_clock
    return _runtimes["runtime"]


@pytest.fixture(scope="module")
def api(runtime: LocalRuntime) -> Api:
    return Api(runtime)


#: Modules that move the runtime's clock on by days: every earlier test's reminders, digests and
#: questionnaires would fall due when they do, and the mail and events that follow would crowd the outbox
#: and the bus of the tests after them. They run last, in this order, each module's tests in their own
#: order, on a runtime of their own (the `runtime` fixture starts it for the first of them).
MOVE_THE_CLOCK_BY_DAYS = (
    "test_monitoring_questionnaires.py",
    "test_monitoring_journey_browser.py",
    "test_reminders.py",
    "test_retention_sweep.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The default order, whatever order the paths are given in: the in-process suites (unit, integration,
    infra) first, then e2e and contract, then the modules that move the clock. The e2e runtime forgets
    every service module (`forget_every_service`) and imports them afresh: a unit test collected before
    and run after it would hand its models to code that imports the new ones lazily (same name, another
    class), as `pytest tests/e2e/test_team_fit.py tests/unit` once showed."""

    def rank(item: pytest.Item) -> int:
        if not item.path.is_relative_to(TESTS):
            return 0
        suite = item.path.relative_to(TESTS).parts[0]
        if suite not in ("e2e", "contract"):
            return 0
        name = item.path.name
        if suite == "e2e" and name in MOVE_THE_CLOCK_BY_DAYS:
            return 2 + MOVE_THE_CLOCK_BY_DAYS.index(name)
        return 1

    items.sort(key=rank)  # stable: within a rank every test keeps its place
