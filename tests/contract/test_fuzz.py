"""Schemathesis over every operation of the running system, as nobody, as a manager, as a mentee and as a
partner system (its access token).

Checks: not_a_server_error, response_schema_conformance, status_code_conformance,
content_type_conformance, ignored_auth. Bounded (a few examples per operation, fixed seed) so `make test`
stays quick; `make fuzz` is the deep run (tests/contract/fuzz.py). A failure shows schemathesis' report,
with a curl line that reproduces each case.
"""

from __future__ import annotations

import os

import pytest

from tests.contract.fuzz import identities, run
from tests.contract.world import World

EXAMPLES = int(os.environ.get("TANDEM_FUZZ_EXAMPLES", "4"))


@pytest.mark.parametrize("who", ["anonymous", "manager", "mentee", "partner"])
def test_every_operation_keeps_its_contract(who: str, world: World, contract_url: str) -> None:
    outcome = run(contract_url, who, identities(world)[who], examples=EXAMPLES, phases="examples,fuzzing")
    assert "API Operations:" in outcome.output, outcome.output[-3000:]  # it ran, and over the API
    report = outcome.output
    start = report.find("FAILURES")
    assert outcome.returncode == 0, report[start if start >= 0 else -6000 :][:12000]
