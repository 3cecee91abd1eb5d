"""A person's rights (issue 14), printed not asserted: the export of a mentee with a full history (an
application, a match, 10 sessions held with a diary each, answers; target <= 5 s here) and the erasure of
that person in every service (target <= 10 s here), from the request to the last service's answer,
through the local runtime (the bus, every queue and table on moto)."""

from __future__ import annotations

import time

from infra.local.runtime import LocalRuntime
from tests.e2e.conftest import Api
from tests.e2e.test_privacy_rights import piotrs_world


def _until(api: Api, path: str, token: str, done: str) -> float:
    start = time.perf_counter()
    while True:
        api.settle()
        read = api.call("GET", path, token)
        assert read.status_code == 200, read.text
        if read.json()["status"] == done:
            return time.perf_counter() - start
        assert time.perf_counter() - start < 120, read.text


def test_export_and_erasure_of_a_full_history(runtime: LocalRuntime) -> None:
    api = Api(runtime)
    world = piotrs_world(api, sessions=10)
    pid = world["piotr"]["participant_id"]

    start = time.perf_counter()
    asked = api.call("POST", f"/v1/people/{pid}/export", world["manager"])
    assert asked.status_code == 202, asked.text
    exported = _until(api, f"/v1/exports/{asked.json()['export_id']}", world["manager"], "complete")
    export_s = time.perf_counter() - start

    start = time.perf_counter()
    erased = api.call(
        "POST", f"/v1/people/{pid}/erasure", world["manager"], json={"reason": "person_request"}
    )
    assert erased.status_code == 202, erased.text
    _until(api, f"/v1/erasures/{erased.json()['erasure_id']}", world["manager"], "done")
    erasure_s = time.perf_counter() - start

    print(
        f"\nprivacy: export of a full history (application, match, 10 sessions with diaries, answers) "
        f"{export_s:.2f} s (target <= 5 s; {exported:.2f} s after the request's answer)"
        f"\nprivacy: erasure in every service {erasure_s:.2f} s (target <= 10 s)"
    )
