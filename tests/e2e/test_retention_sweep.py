"""The daily retention sweep on the local runtime: the runtime's clock is moved on (this module runs with
the others that move it, last) and the `rate(1 day)` schedule fires into intake's queue. The participants
of a programme ended longer ago than the municipality's period have their erasure requested, a rejected
application past its time is deleted, and `RetentionSwept` carries the counts, nothing else."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import boto3
import pytest

from infra.local.runtime import LocalRuntime
from tests.e2e.conftest import Api
from tests.e2e.test_consents import intake_items
from tests.e2e.test_matching import accept
from tests.e2e.test_sessions_api import GROUP
from tests.fakes.bodies import applicant

ENDED = {**GROUP, "name": "Ended long ago", "starts_on": "2023-01-09", "ends_on": "2023-06-30"}


@pytest.fixture(scope="module")
def town(api: Api) -> dict[str, Any]:
    town = api.new_town(ENDED)
    periods = {"rejected_applications_months": 1, "programme_data_months": 6}
    assert api.call("PUT", f"/v1/tenants/{town['tenant_id']}/retention", town["manager"], json=periods).ok
    gone = [accept(api, town, applicant("mentee", n)) for n in ("Ada", "Ben")]
    running = api.call("POST", "/v1/programmes", town["manager"], json={**GROUP, "name": "Running"}).json()
    stays = accept(api, {**town, "programme_id": running["programme_id"]}, applicant("mentee", "Cem"))
    rejected = api.call("POST", town["apply"], json=applicant("mentee", "Dora")).json()["application_id"]
    decided = api.call(
        "POST", f"/v1/applications/{rejected}/decision", town["manager"], json={"decision": "rejected"}
    )
    assert decided.status_code == 200, decided.text
    api.settle()
    return {**town, "gone": gone, "stays": stays, "rejected": rejected}


def test_the_daily_sweep_is_scheduled_once_for_every_municipality(api: Api, town):
    schedules = boto3.client("scheduler").list_schedules(GroupName="tandem-local-intake")["Schedules"]
    assert [s["Name"] for s in schedules if s["Name"].startswith("retention")] == ["retention-sweep"]


def test_the_sweep_requests_the_erasure_of_the_due_and_publishes_counts_only(
    api: Api, runtime: LocalRuntime, town
):
    with api.events_seen() as seen:
        runtime.advance_clock(timedelta(days=32))  # past the rejection's month
        runtime.wait_until_idle(timeout=120)
    requests = [json.loads(i["document"]) for i in intake_items(town["tenant_id"], "ERASURE_REQUEST")]
    assert sorted(r["participant_id"] for r in requests) == sorted(p["participant_id"] for p in town["gone"])
    assert {r["reason"] for r in requests} == {"retention_period_ended"}
    # And the erasures themselves, in every service: the participants of the ended programme are gone.
    erased = [e["detail"]["data"] for e in seen if e["detail-type"] == "PersonErasureRequested"]
    mine = [e for e in erased if set(e["participant_ids"]) & {p["participant_id"] for p in town["gone"]}]
    assert len(mine) == 2 and {e["reason"] for e in mine} == {"no_longer_needed"}
    for gone in town["gone"]:
        assert (
            api.call("GET", f"/v1/participants/{gone['participant_id']}", town["manager"]).status_code == 404
        )
    assert [i for i in intake_items(town["tenant_id"], "APPLICATION") if i["sk"] == town["rejected"]] == []
    [swept] = [
        e["detail"]
        for e in seen
        if e["detail-type"] == "RetentionSwept" and e["detail"]["metadata"]["tenant_id"] == town["tenant_id"]
    ]
    assert swept["data"]["counts"] == {"programme_participants": 2, "rejected_applications": 1}
    assert set(swept["data"]) == {"day", "counts"}
    assert swept["metadata"]["visibility"] == "internal"
    # The next day's sweep finds the erasures asked for already: nothing new, nothing published.
    with api.events_seen() as again:
        runtime.advance_clock(timedelta(days=1, minutes=1))
        runtime.wait_until_idle(timeout=120)
    assert not [
        e
        for e in again
        if e["detail-type"] == "RetentionSwept" and e["detail"]["metadata"]["tenant_id"] == town["tenant_id"]
    ]
