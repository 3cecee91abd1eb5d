"""Role by route: every operation of the merged OpenAPI, called by each kind of caller, answers as below.

The world is built through the API (tests/contract/world.py): municipality A with its manager, a trainer,
a group programme, mentors and mentees accepted, one mentor and one mentee in a published match, the
others outside it; municipality B with its own manager. Rows run top to bottom, each column left to
right; the few rows that change the world are placed so the rows after them still mean what they say
(ending the match comes before reading it, so the end reason is there to leak, and must not).

Every answer is also checked for what must never reach that caller (`SECRETS`): another party's e-mail or
participant id, and the confidential end reason for anyone but the manager. A new route in the OpenAPI
without a row here fails `test_every_operation_has_a_row`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from shared.openapi import METHODS
from tests.contract.world import PROGRAMME, World, build_world
from tests.e2e.conftest import Api
from tests.fakes.bodies import applicant

CALLERS = ("anon", "admin", "mgr", "mgr_b", "trainer", "mtr_in", "mtr_out", "mte_in", "mte_out")

# fmt: off
#  operation                                                    anon admin mgr  mgr_b trainer mtr_in mtr_out mte_in mte_out
MATRIX: dict[str, tuple[int, ...]] = {
    "GET /v1/tenants":                                          (401, 200, 403, 403,  403,    403,   403,    403,   403),
    "POST /v1/tenants":                                         (401, 201, 403, 403,  403,    403,   403,    403,   403),
    "GET /v1/tenants/{tenant_id}/audit":                        (401, 200, 403, 403,  403,    403,   403,    403,   403),
    "POST /v1/users":                                           (401, 422, 201, 201,  403,    403,   403,    403,   403),
    "GET /v1/me/links":                                         (401, 403, 200, 200,  200,    200,   200,    200,   200),
    "POST /v1/me/links/{link_id}/confirm":                      (401, 403, 404, 404,  404,    404,   404,    404,   404),
    "GET /v1/programmes":                                       (401, 403, 200, 200,  403,    200,   200,    200,   200),
    "POST /v1/programmes":                                      (401, 403, 201, 201,  403,    403,   403,    403,   403),
    "GET /v1/programmes/{programme_id}":                        (401, 403, 200, 404,  403,    200,   200,    200,   200),
    "PATCH /v1/programmes/{programme_id}":                      (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "GET /v1/public/{tenant_slug}/programmes/{programme_id}":   (200, 200, 200, 200,  200,    200,   200,    200,   200),
    "POST /v1/public/{tenant_slug}/programmes/{programme_id}/applications":
                                                                (201, 201, 201, 201,  201,    201,   201,    201,   201),
    "GET /forms/{tenant_slug}/{programme_id}":                  (200, 200, 200, 200,  200,    200,   200,    200,   200),
    "POST /forms/{tenant_slug}/{programme_id}":                 (422, 422, 422, 422,  422,    422,   422,    422,   422),
    "GET /v1/applications":                                     (401, 403, 200, 200,  403,    403,   403,    403,   403),
    "GET /v1/applications/{application_id}":                    (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "POST /v1/applications/{application_id}/notes":             (401, 403, 201, 404,  403,    403,   403,    403,   403),
    "POST /v1/applications/{application_id}/decision":          (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "GET /v1/participants":                                     (401, 403, 200, 200,  200,    200,   200,    200,   200),
    "GET /v1/participants/{participant_id}":                    (401, 403, 200, 404,  404,    404,   404,    200,   404),
    "POST /v1/participants/{participant_id}/training":          (401, 403, 200, 404,  200,    403,   403,    403,   403),
    "POST /v1/programmes/{programme_id}/matching-runs":         (401, 403, 202, 404,  403,    403,   403,    403,   403),
    "GET /v1/matching-runs/{run_id}":                           (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "GET /v1/programmes/{programme_id}/candidates":             (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "POST /v1/programmes/{programme_id}/exclusions":            (401, 403, 201, 404,  403,    403,   403,    403,   403),
    "GET /v1/programmes/{programme_id}/exclusions":             (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "POST /v1/matches":                                         (401, 403, 422, 404,  403,    403,   403,    403,   403),
    "POST /v1/matches/{match_id}/end":                          (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "GET /v1/matches":                                          (401, 403, 200, 200,  403,    200,   200,    200,   200),
    "GET /v1/matches/{match_id}":                               (401, 403, 200, 404,  403,    200,   404,    200,   404),
    "POST /v1/matching-runs/{run_id}/publish":                  (401, 403, 200, 404,  403,    403,   403,    403,   403),
    # The signed-in pages: the token travels as the session cookie (tests/fakes/web.py); 303 is the
    # redirect to sign in (nobody, or somebody of another municipality) or on to a person's start page.
    "GET /app":                                                 (200, 303, 303, 303,  303,    303,   303,    303,   303),
    "GET /app/{tenant_slug}":                                   (303, 303, 303, 303,  303,    303,   303,    303,   303),
    "GET /app/{tenant_slug}/sign-in":                           (200, 200, 303, 200,  303,    303,   303,    303,   303),
    "POST /app/{tenant_slug}/sign-in":                          (303, 303, 303, 303,  303,    303,   303,    303,   303),
    "GET /app/{tenant_slug}/sign-in/code":                      (303, 303, 303, 303,  303,    303,   303,    303,   303),
    "POST /app/{tenant_slug}/sign-in/code":                     (303, 303, 303, 303,  303,    303,   303,    303,   303),
    "POST /app/{tenant_slug}/sign-out":                         (303, 303, 303, 303,  303,    303,   303,    303,   303),
    # The network admin's pages (slug `network`): anyone else is sent to the network's sign-in; an empty
    # form is the admin's 422.
    "GET /app/{tenant_slug}/municipalities":                    (303, 200, 303, 303,  303,    303,   303,    303,   303),
    "POST /app/{tenant_slug}/municipalities":                   (303, 422, 303, 303,  303,    303,   303,    303,   303),
    "GET /app/{tenant_slug}/municipalities/{tenant_id}":        (303, 200, 303, 303,  303,    303,   303,    303,   303),
    "POST /app/{tenant_slug}/municipalities/{tenant_id}":       (303, 422, 303, 303,  303,    303,   303,    303,   303),
    # Anyone's pending account links in A; nobody's link is `lnk_nobody` (the 404 page).
    "GET /app/{tenant_slug}/links":                             (303, 303, 200, 303,  200,    200,   200,    200,   200),
    "POST /app/{tenant_slug}/links":                            (303, 303, 404, 303,  404,    404,   404,    404,   404),
}
# fmt: on

END_REASON = "confidential-end-reason-7f3a"


@dataclass(frozen=True)
class Call:
    path: dict[str, str]
    query: str = ""
    body: Callable[[], Any] | None = None
    form: bool = False


def requests_for(world: World, run_id: str) -> dict[str, Call]:
    """How each operation is called: which of the world's objects, with what body (valid for a manager)."""
    programme = {"programme_id": world.programme_id}
    public = {"tenant_slug": world.slug, **programme}

    def unique(prefix: str) -> str:
        return f"{prefix}-{uuid.uuid4().hex[:8]}"

    return {
        "GET /v1/tenants": Call({}),
        "POST /v1/tenants": Call(
            {},
            body=lambda: {
                "slug": unique("m"),
                "name": "Matrix town",
                "default_language": "en",
                "languages": ["en"],
                "timezone": "Europe/Berlin",
            },
        ),
        "POST /v1/users": Call(
            {},
            body=lambda: {
                "email": f"{unique('trainer')}@example.org",
                "role": "trainer",
                "given_name": "Tom",
                "family_name": "Trainer",
                "language": "en",
            },
        ),
        "GET /v1/tenants/{tenant_id}/audit": Call({"tenant_id": world.tenant_id}),
        "GET /v1/me/links": Call({}),
        "POST /v1/me/links/{link_id}/confirm": Call({"link_id": "lnk_nobody"}),
        "GET /v1/programmes": Call({}),
        "POST /v1/programmes": Call({}, body=lambda: {**PROGRAMME_BODY, "name": unique("Matrix")}),
        "GET /v1/programmes/{programme_id}": Call(programme),
        "PATCH /v1/programmes/{programme_id}": Call(programme, body=lambda: {"cadence_days": 14}),
        "GET /v1/public/{tenant_slug}/programmes/{programme_id}": Call(public),
        "POST /v1/public/{tenant_slug}/programmes/{programme_id}/applications": Call(
            public, body=lambda: applicant("mentee", "Fay")
        ),
        "GET /forms/{tenant_slug}/{programme_id}": Call(public, query="role=mentee"),
        "POST /forms/{tenant_slug}/{programme_id}": Call(public, query="role=mentee", body=dict, form=True),
        "GET /v1/applications": Call({}),
        "GET /v1/applications/{application_id}": Call({"application_id": world.mentee_in.application_id}),
        "POST /v1/applications/{application_id}/notes": Call(
            {"application_id": world.note_application_id}, body=lambda: {"text": "Met on Monday."}
        ),
        "POST /v1/applications/{application_id}/decision": Call(
            {"application_id": world.note_application_id}, body=lambda: {"decision": "waitlisted"}
        ),
        "GET /v1/participants": Call({}),
        "GET /v1/participants/{participant_id}": Call({"participant_id": world.mentee_in.participant_id}),
        "POST /v1/participants/{participant_id}/training": Call(
            {"participant_id": world.mentor_out.participant_id},
            body=lambda: {
                "module": "mentoring_basics",
                "completed_on": "2026-11-20",
                "assessment_passed": True,
            },
        ),
        "POST /v1/programmes/{programme_id}/matching-runs": Call(programme, body=dict),
        "GET /v1/matching-runs/{run_id}": Call({"run_id": run_id}),
        "GET /v1/programmes/{programme_id}/candidates": Call(
            programme, query=f"mentee_id={world.mentee_out.participant_id}"
        ),
        "POST /v1/programmes/{programme_id}/exclusions": Call(
            programme,
            body=lambda: {
                "mentor_id": world.mentor_out.participant_id,
                "mentee_id": world.mentee_out.participant_id,
            },
        ),
        "GET /v1/programmes/{programme_id}/exclusions": Call(programme),
        # The mentee is in a match already: a manager's valid-looking request breaks a rule (422).
        "POST /v1/matches": Call(
            {},
            body=lambda: {
                "programme_id": world.programme_id,
                "mentor_id": world.mentor_in.participant_id,
                "mentee_ids": [world.mentee_in.participant_id],
            },
        ),
        "POST /v1/matches/{match_id}/end": Call(
            {"match_id": world.match_id}, body=lambda: {"reason": END_REASON, "rematch": False}
        ),
        "GET /v1/matches": Call({}),
        "GET /v1/matches/{match_id}": Call({"match_id": world.match_id}),
        "POST /v1/matching-runs/{run_id}/publish": Call({"run_id": run_id}, body=dict),
        "GET /app": Call({}),
        "GET /app/{tenant_slug}": Call({"tenant_slug": world.slug}),
        "GET /app/{tenant_slug}/sign-in": Call({"tenant_slug": world.slug}),
        "POST /app/{tenant_slug}/sign-in": Call(
            {"tenant_slug": world.slug}, body=lambda: {"email": "nobody@example.org"}, form=True
        ),
        "GET /app/{tenant_slug}/sign-in/code": Call({"tenant_slug": world.slug}),
        "POST /app/{tenant_slug}/sign-in/code": Call(
            {"tenant_slug": world.slug}, body=lambda: {"code": "123456"}, form=True
        ),
        "POST /app/{tenant_slug}/sign-out": Call({"tenant_slug": world.slug}, body=dict, form=True),
        "GET /app/{tenant_slug}/municipalities": Call({"tenant_slug": "network"}),
        "POST /app/{tenant_slug}/municipalities": Call({"tenant_slug": "network"}, body=dict, form=True),
        "GET /app/{tenant_slug}/municipalities/{tenant_id}": Call(
            {"tenant_slug": "network", "tenant_id": world.tenant_id}
        ),
        "POST /app/{tenant_slug}/municipalities/{tenant_id}": Call(
            {"tenant_slug": "network", "tenant_id": world.tenant_id}, body=dict, form=True
        ),
        "GET /app/{tenant_slug}/links": Call({"tenant_slug": world.slug}),
        "POST /app/{tenant_slug}/links": Call(
            {"tenant_slug": world.slug}, body=lambda: {"link_id": "lnk_nobody"}, form=True
        ),
    }


PROGRAMME_BODY = {**PROGRAMME, "name": "Matrix", "languages": ["en"]}


def tokens(world: World) -> dict[str, str | None]:
    return {
        "anon": None,
        "admin": world.admin,
        "mgr": world.manager,
        "mgr_b": world.other_manager,
        "trainer": world.trainer,
        "mtr_in": world.mentor_in.token,
        "mtr_out": world.mentor_out.token,
        "mte_in": world.mentee_in.token,
        "mte_out": world.mentee_out.token,
    }


def secrets(world: World) -> dict[str, list[str]]:
    """What each caller must never be shown, in any answer (unless the request itself named it)."""
    people = [world.mentor_in, world.mentor_out, world.mentee_in, world.mentee_out]
    everyone_in_a = [s for p in people for s in (p.email, p.participant_id)]
    mentees = [s for p in (world.mentee_in, world.mentee_out) for s in (p.email, p.participant_id)]
    return {
        "anon": [*everyone_in_a, END_REASON],
        "admin": [*everyone_in_a, END_REASON],
        "mgr": [],
        "mgr_b": [*everyone_in_a, END_REASON],
        "trainer": [*mentees, END_REASON],
        "mtr_in": [world.mentee_out.email, world.mentee_out.participant_id, END_REASON],
        "mtr_out": [
            world.mentee_in.email,
            world.mentee_out.email,
            world.mentee_in.participant_id,
            END_REASON,
        ],
        "mte_in": [
            world.mentee_out.email,
            world.mentee_out.participant_id,
            world.mentor_out.email,
            END_REASON,
        ],
        "mte_out": [world.mentee_in.email, world.mentee_in.participant_id, world.mentor_in.email, END_REASON],
    }


def operations(spec: dict[str, Any]) -> list[str]:
    return [
        f"{method.upper()} {path}"
        for path, item in spec["paths"].items()
        for method in item
        if method in METHODS
    ]


@pytest.fixture(scope="module")
def matrix_world(api: Api) -> tuple[World, str]:
    """The world, and a completed run in a second programme of A with people of its own: publishing it
    (a row) then touches nobody the other rows are about."""
    world = build_world(api)
    programme = api.call("POST", "/v1/programmes", world.manager, json={**PROGRAMME_BODY, "name": "Runs"})
    programme_id = programme.json()["programme_id"]
    for role, name in (("mentor", "Gustav"), ("mentee", "Hana")):
        path = f"/v1/public/{world.slug}/programmes/{programme_id}/applications"
        application_id = api.call("POST", path, json=applicant(role, name)).json()["application_id"]
        decision = {"decision": "accepted"}
        accepted = api.call(
            "POST", f"/v1/applications/{application_id}/decision", world.manager, json=decision
        )
        assert accepted.status_code == 200, accepted.text
    api.settle()
    started = api.call("POST", f"/v1/programmes/{programme_id}/matching-runs", world.manager, json={})
    assert started.status_code == 202, started.text
    api.settle()
    return world, started.json()["run_id"]


def call(api: Api, operation: str, request: Call, token: str | None) -> Any:
    method, template = operation.split(" ", 1)
    path = template.format(**request.path) + (f"?{request.query}" if request.query else "")
    body = request.body() if request.body else None
    if request.form:
        return api.call(method, path, token, data=body or {})
    return api.call(method, path, token, json=body) if body is not None else api.call(method, path, token)


def test_every_operation_has_a_row(runtime):
    """A route that reaches the OpenAPI without a row here fails: new routes cannot skip the matrix."""
    documented = operations(runtime.openapi())
    assert sorted(documented) == sorted(MATRIX), (
        f"missing rows: {sorted(set(documented) - set(MATRIX))}; "
        f"rows for no operation: {sorted(set(MATRIX) - set(documented))}"
    )
    assert all(len(row) == len(CALLERS) for row in MATRIX.values())


def test_each_caller_gets_the_expected_status_and_nothing_of_another_party(api: Api, matrix_world):
    world, run_id = matrix_world
    calls = requests_for(world, run_id)
    keys = tokens(world)
    hidden = secrets(world)
    documented = set(operations(api.runtime.openapi()))
    wrong: list[str] = []
    for operation, expected in MATRIX.items():
        if operation not in documented:
            continue  # a row for no route: test_every_operation_has_a_row names it
        request = calls[operation]
        for caller, status in zip(CALLERS, expected, strict=True):
            answer = call(api, operation, request, keys[caller])
            named = " ".join(request.path.values()) + request.query
            leaked = [s for s in hidden[caller] if s in answer.text and s not in named]
            if answer.status_code != status:
                wrong.append(f"{operation:<70} {caller:<8} expected {status}, got {answer.status_code}")
            if leaked:
                wrong.append(f"{operation:<70} {caller:<8} shown {leaked}")
        api.settle()
    assert not wrong, "\n" + "\n".join(wrong)
