"""Schemathesis against the local runtime, as nobody, as a manager and as a mentee.

`make fuzz` runs this module (deep: >= 300 examples per operation, every phase including the stateful
links); `tests/contract/test_fuzz.py` runs the same with a few examples. Schemathesis' CLI is the engine:
its pytest loader does not work with this pytest (`request.node._nodeid` is gone in pytest 9), and the
CLI prints the summary and a curl line for every failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from shared.web.session import CSRF_COOKIE, ID_COOKIE
from tests.contract.world import HttpClient, World, build_world, runtime_process
from tests.fakes.web import CSRF

CHECKS = (
    "not_a_server_error",
    "response_schema_conformance",
    "status_code_conformance",
    "content_type_conformance",
    "ignored_auth",
)
ST = Path(sys.executable).with_name("st")


@dataclass(frozen=True)
class Outcome:
    who: str
    returncode: int
    output: str


def identities(world: World) -> dict[str, str | None]:
    return {
        "anonymous": None,
        "manager": world.manager,
        "mentee": world.mentee_in.token,
        # A partner system's access token (issue 16): its routes answer, every other is refused.
        "partner": str(world.extra["partner_token"]),
    }


def run(
    url: str,
    who: str,
    token: str | None,
    *,
    examples: int,
    phases: str,
    seed: int = 8,
    extra: tuple[str, ...] = (),
) -> Outcome:
    command = [
        str(ST),
        "run",
        f"{url}/openapi.json",
        "--checks",
        ",".join(CHECKS),
        "--max-examples",
        str(examples),
        "--phases",
        phases,
        "--seed",
        str(seed),
        "--workers",
        "1",
        "--suppress-health-check",
        "all",
        "--no-color",
        "--request-timeout",
        "30",
        "--warnings",
        "off",
        "--generation-database",
        "none",
        *extra,
    ]
    if token:
        # The API reads the bearer token, the pages the same token as the session cookie.
        session = f"{ID_COOKIE}={token}; {CSRF_COOKIE}={CSRF}"
        command += ["--header", f"Authorization: Bearer {token}", "--header", f"Cookie: {session}"]
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "", "NO_COLOR": "1", "COLUMNS": "140"}
    # In a directory of its own, without schemathesis' caches: a run replays no earlier run's failures
    # and leaves nothing in the repository.
    with tempfile.TemporaryDirectory() as where:
        Path(where, "schemathesis.toml").write_text("[cache]\nenabled = false\n", encoding="utf-8")
        done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=where, check=False)
    return Outcome(who, done.returncode, done.stdout + done.stderr)


def main() -> int:
    examples = int(os.environ.get("TANDEM_FUZZ_EXAMPLES", "300"))
    failed = 0
    with runtime_process() as url:
        world = build_world(HttpClient(url))
        everyone = identities(world)
        for who, token in everyone.items():
            print(f"\n=== {who}: {examples} examples per operation, every phase ===", flush=True)
            outcome = run(url, who, token, examples=examples, phases="examples,coverage,fuzzing,stateful")
            print(outcome.output, flush=True)
            failed += outcome.returncode != 0
    print(f"\nmake fuzz: {failed} of {len(everyone)} identities with failures")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
