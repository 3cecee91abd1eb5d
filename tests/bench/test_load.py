"""Load (issue 15): 1,000 form posts from 50 clients at once while 200 signed-in readers read, against the
local runtime on 127.0.0.1. Nothing lost (each receipt is a stored application, each with its events
relayed), no 5xx; the p95s are printed (`make bench`), not asserted."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from infra.local.runtime import LocalRuntime
from tests.e2e.conftest import PROGRAMME, Api
from tests.e2e.test_applications_api import mentee

POSTERS, POSTS_EACH = 50, 20  # 1,000 applications
READERS, READS_EACH = 200, 2


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def stored_ids(api: Api, town: dict[str, Any]) -> set[str]:
    found: set[str] = set()
    path = f"/v1/applications?programme_id={town['programme_id']}&limit=100"
    while path:
        page = api.call("GET", path, town["manager"]).json()
        found |= {item["application_id"] for item in page["items"]}
        token = page.get("next_token")
        path = (
            f"/v1/applications?programme_id={town['programme_id']}&limit=100&next_token={token}"
            if token
            else ""
        )
    return found


def test_a_thousand_applications_and_two_hundred_readers_lose_nothing(runtime: LocalRuntime, tmp_path: Path):
    api = Api(runtime)
    town = api.new_town(PROGRAMME, language="pl")
    spec = {
        "url": runtime.url,
        "apply": town["apply"],
        "body": mentee(),
        "posters": POSTERS,
        "posts_each": POSTS_EACH,
        "read": f"/v1/applications?programme_id={town['programme_id']}&limit=20",
        "token": town["manager"],
        "readers": READERS,
        "reads_each": READS_EACH,
    }
    spec_file = tmp_path / "load.json"
    spec_file.write_text(json.dumps(spec))
    client = Path(__file__).with_name("load_client.py")
    done = subprocess.run(
        [sys.executable, str(client), str(spec_file)],
        capture_output=True,
        text=True,
        timeout=1800,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    posts, reads = result["posts"], result["reads"]
    receipts = {p["application_id"] for p in posts if p["application_id"]}
    runtime.wait_until_idle(timeout=600)
    kept = stored_ids(api, town)
    dead = runtime.dead_letters()
    fives = sum(x["status"] >= 500 for x in posts + reads)
    post_p95, read_p95 = p95([p["seconds"] for p in posts]), p95([r["seconds"] for r in reads])
    median = statistics.median(p["seconds"] for p in posts)
    print(
        f"\nload: {len(posts)} posts from {POSTERS} clients, {len(reads)} reads from {READERS} readers "
        f"in {result['seconds']:.1f} s; posts p95 {post_p95 * 1000:.0f} ms (median {median * 1000:.0f} ms); "
        f"reads p95 {read_p95 * 1000:.0f} ms; 5xx {fives}; lost {len(receipts - kept)}; "
        f"events relayed {len(runtime.relay.relayed)}; dead letters {dead['queues']}; "
        f"dropped connections {Counter(x.get('error') for x in posts + reads if x['status'] == 0)}"
    )
    assert [p["status"] for p in posts] == [201] * POSTERS * POSTS_EACH
    assert [r["status"] for r in reads] == [200] * READERS * READS_EACH
    assert len(receipts) == POSTERS * POSTS_EACH and receipts <= kept  # every receipt is a stored application
    assert runtime.relay.backlog() == 0 and dead["alarm"] == "OK"
