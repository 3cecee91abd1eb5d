"""A small world built only through the API, for the fuzzing and the role-by-route matrix.

Municipality A with its manager, a trainer, a group programme, two accepted mentors and two accepted
mentees; one mentor and one mentee are in a published match, the others are not. Municipality B has its
own manager and programme. Nothing here reaches into storage.
"""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import requests

from infra.local.seed import ADMIN_EMAIL
from shared.manifest import is_web_path
from tests.fakes import bodies
from tests.fakes.bodies import applicant
from tests.fakes.web import page_request

PROGRAMME = {
    **bodies.PROGRAMME,
    "name": "Contract world",
    "max_group_size": 3,
    "languages": ["en", "de"],
    "mentor_training_required": False,
    "matching": {"weights": {"interests": 4}, "min_score": 0},
}


class Client(Protocol):
    def token(self, email: str) -> str: ...

    def call(self, method: str, path: str, token: str | None = None, **kw: Any) -> requests.Response: ...

    def settle(self) -> None: ...


class HttpClient:
    """The API over HTTP, for a runtime in another process (it cannot be waited on; reads are retried)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = requests.Session()

    def token(self, email: str) -> str:
        for _ in range(100):
            r = self.http.post(f"{self.url}/local/token", json={"email": email}, timeout=10)
            if r.status_code == 200:
                return str(r.json()["id_token"])
            time.sleep(0.1)  # the account is made by an event consumer: give it a moment
        raise AssertionError(f"no account for {email}: {r.status_code} {r.text}")

    def call(self, method: str, path: str, token: str | None = None, **kw: Any) -> requests.Response:
        if is_web_path(path.split("?", 1)[0]):
            # A page: the token travels as the session cookie, with a CSRF pair (tests/fakes/web.py).
            return self.http.request(method, f"{self.url}{path}", timeout=30, **page_request(path, token, kw))
        headers = kw.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.http.request(method, f"{self.url}{path}", headers=headers, timeout=30, **kw)

    def settle(self) -> None:
        time.sleep(0.5)


@dataclass
class Person:
    email: str
    participant_id: str = ""
    application_id: str = ""
    token: str = ""


@dataclass
class World:
    slug: str
    tenant_id: str
    programme_id: str
    admin: str
    manager: str
    trainer: str
    mentor_in: Person
    mentor_out: Person
    mentee_in: Person
    mentee_out: Person
    match_id: str
    note_application_id: str
    other_slug: str
    other_tenant_id: str
    other_programme_id: str
    other_manager: str
    extra: dict[str, Any] = field(default_factory=dict)


def _ok(r: requests.Response, *codes: int) -> dict[str, Any]:
    where = f"{r.request.method} {r.url}"
    assert r.status_code in (codes or (200, 201, 202)), f"{where}: {r.status_code} {r.text}"
    return dict(r.json())


def tenant(client: Client, admin: str) -> tuple[str, str, str, str]:
    """A municipality, its manager's token and a programme: (slug, tenant_id, manager, programme_id)."""
    slug = f"c-{uuid.uuid4().hex[:10]}"
    body = {
        "slug": slug,
        "name": f"Town {slug}",
        "default_language": "en",
        "languages": ["en", "de"],
        "timezone": "Europe/Berlin",
    }
    made = _ok(client.call("POST", "/v1/tenants", admin, json=body))
    email = f"manager@{slug}.example.org"
    _ok(client.call("POST", "/v1/users", admin, json=bodies.manager(email, made["tenant_id"])))
    client.settle()
    manager = client.token(email)
    programme = _ok(client.call("POST", "/v1/programmes", manager, json=PROGRAMME))
    return slug, made["tenant_id"], manager, programme["programme_id"]


def build_world(client: Client) -> World:
    admin = client.token(ADMIN_EMAIL)
    slug, tenant_id, manager, programme_id = tenant(client, admin)
    other_slug, other_tenant_id, other_manager, other_programme_id = tenant(client, admin)

    trainer_email = f"trainer@{slug}.example.org"
    trainer_body = {
        "email": trainer_email,
        "role": "trainer",
        "given_name": "Tara",
        "family_name": "Trainer",
        "language": "en",
    }
    _ok(client.call("POST", "/v1/users", manager, json=trainer_body))

    people: dict[str, Person] = {}
    for key, role, name in (
        ("mentor_in", "mentor", "Anna"),
        ("mentor_out", "mentor", "Bernd"),
        ("mentee_in", "mentee", "Cem"),
        ("mentee_out", "mentee", "Dana"),
    ):
        body = applicant(role, name, family_name="Contract")
        path = f"/v1/public/{slug}/programmes/{programme_id}/applications"
        application_id = _ok(client.call("POST", path, json=body), 201)["application_id"]
        decided = _ok(
            client.call(
                "POST", f"/v1/applications/{application_id}/decision", manager, json={"decision": "accepted"}
            )
        )
        people[key] = Person(body["person"]["email"], decided["participant_id"], application_id)
    # One more application, still waiting, for notes and decisions.
    pending = applicant("mentee", "Emil", family_name="Contract")
    path = f"/v1/public/{slug}/programmes/{programme_id}/applications"
    note_application_id = _ok(client.call("POST", path, json=pending), 201)["application_id"]
    client.settle()
    for person in people.values():
        person.token = client.token(person.email)

    match_body = {
        "programme_id": programme_id,
        "mentor_id": people["mentor_in"].participant_id,
        "mentee_ids": [people["mentee_in"].participant_id],
    }
    deadline = time.monotonic() + 20
    while True:  # matching learns of the participants from events: wait until it knows them
        r = client.call("POST", "/v1/matches", manager, json=match_body)
        if r.status_code == 201 or time.monotonic() > deadline:
            break
        client.settle()
    match_id = _ok(r, 201)["match_id"]
    client.settle()
    extra = relationship_objects(client, manager, people["mentor_in"], people["mentee_in"], match_id)
    extra.update(
        questionnaire_objects(client, manager, people["mentor_in"], people["mentee_in"], match_id, extra)
    )
    extra.update(privacy_objects(client, manager, slug, programme_id, people["mentee_out"]))
    extra.update(archive_objects(client, manager))
    extra.update(workshop_objects(client, manager, programme_id))
    extra.update(employer_objects(client, manager, slug, people["mentee_in"]))
    # A partner subscription of A's manager, to a port where nothing listens (delivery fails, harmlessly).
    subscription = {"event_types": ["MentorQualified"], "endpoint": "http://127.0.0.1:9/partner"}
    extra["subscription_id"] = _ok(client.call("POST", "/v1/subscriptions", manager, json=subscription), 201)[
        "subscription_id"
    ]
    extra.update(machine_objects(client, manager, programme_id))
    return World(
        slug=slug,
        tenant_id=tenant_id,
        programme_id=programme_id,
        admin=admin,
        manager=manager,
        trainer=client.token(trainer_email),
        match_id=match_id,
        note_application_id=note_application_id,
        other_slug=other_slug,
        other_tenant_id=other_tenant_id,
        other_programme_id=other_programme_id,
        other_manager=other_manager,
        extra=extra,
        **people,
    )


def partner_token(client: Client, client_id: str, secret: str) -> str:
    """A partner system's access token, from the token endpoint (client credentials, HTTP Basic)."""
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    form = {"grant_type": "client_credentials", "scope": "tandem/applicants"}
    answer = client.call("POST", "/oauth2/token", data=form, headers={"Authorization": f"Basic {basic}"})
    return str(_ok(answer)["access_token"])


def machine_objects(client: Client, manager: str, programme_id: str) -> dict[str, Any]:
    """Two partner systems of A (issue 16): one the matrix revokes, one that keeps working (its token, and
    an applicant it sent)."""
    revoked = _ok(client.call("POST", "/v1/machine-clients", manager, json={"name": "To revoke"}), 201)
    partner = _ok(client.call("POST", "/v1/machine-clients", manager, json={"name": "HR system"}), 201)
    token = partner_token(client, partner["client_id"], partner["client_secret"])
    body = {**applicant("mentee", "Fritz", family_name="Partner"), "programme_id": programme_id}
    sent = _ok(client.call("POST", "/v1/partner/applicants", token, json=body), 201)
    return {
        "machine_client_id": revoked["client_id"],
        "partner_client_id": partner["client_id"],
        "partner_token": token,
        "partner_application_id": sent["application_id"],
    }


def _ahead(days: int) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).replace(microsecond=0).isoformat()


def relationship_objects(
    client: Client, manager: str, mentor: Person, mentee: Person, match_id: str
) -> dict[str, Any]:
    """In the match (sessions): a written agreement (version 1), a session ahead, a past one still
    planned (for attendance) and a held one whose diary the mentee wrote."""
    agreement = {"starts_on": "2027-02-01", "ends_on": "2027-07-31", "communication_rules": "E-mail first."}
    deadline = time.monotonic() + 20
    while True:  # sessions learns of the match from an event: wait until it knows it
        r = client.call("PUT", f"/v1/matches/{match_id}/agreement", mentor.token, json=agreement)
        if r.status_code == 200 or time.monotonic() > deadline:
            break
        client.settle()
    version = _ok(r)["version"]

    def session(days: int) -> str:
        body = {"starts_at": _ahead(days), "duration_minutes": 60, "topic": "Plan", "mode": "in_person"}
        return str(
            _ok(client.call("POST", f"/v1/matches/{match_id}/sessions", mentor.token, json=body), 201)[
                "session_id"
            ]
        )

    ahead, past, held = session(30), session(-2), session(-1)
    attendance = {"present": [mentee.participant_id]}
    _ok(client.call("POST", f"/v1/sessions/{held}/attendance", mentor.token, json=attendance))
    entry = {"summary": "We met.", "topics": ["plan"], "learned": "A lot", "next_steps": "More"}
    _ok(client.call("PUT", f"/v1/sessions/{held}/diary", mentee.token, json=entry))
    return {
        "agreement_version": version,
        "session_id": ahead,
        "past_session_id": past,
        "held_session_id": held,
    }


def questionnaire_objects(
    client: Client, manager: str, mentor: Person, mentee: Person, match_id: str, extra: dict[str, Any]
) -> dict[str, Any]:
    """Monitoring: the agreement signed by everyone, so the mentee has the initial questionnaire."""
    for signer in (mentor.token, mentee.token, manager):
        body = {"version": extra["agreement_version"]}
        _ok(client.call("POST", f"/v1/matches/{match_id}/agreement/signatures", signer, json=body))
    deadline = time.monotonic() + 20
    while True:  # monitoring assigns it from AgreementSigned: wait until it has
        client.settle()
        mine = _ok(client.call("GET", "/v1/me/questionnaires", mentee.token))["questionnaires"]
        if mine or time.monotonic() > deadline:
            break
    return {"assignment_id": mine[0]["assignment_id"]}


def privacy_objects(
    client: Client, manager: str, slug: str, programme_id: str, mentee: Person
) -> dict[str, Any]:
    """A person's rights (issue 14): an export A's manager asked for (of the mentee outside the match), and
    two more accepted mentees nobody else uses: one erased already, one for the matrix's erasure row."""
    path = f"/v1/public/{slug}/programmes/{programme_id}/applications"
    spare = []
    for name in ("Erin", "Ezra"):
        application_id = _ok(
            client.call("POST", path, json=applicant("mentee", name, family_name="Spare")), 201
        )["application_id"]
        decision = {"decision": "accepted"}
        spare.append(
            _ok(client.call("POST", f"/v1/applications/{application_id}/decision", manager, json=decision))[
                "participant_id"
            ]
        )
    export = _ok(client.call("POST", f"/v1/people/{mentee.participant_id}/export", manager), 202)
    erasure = _ok(
        client.call("POST", f"/v1/people/{spare[0]}/erasure", manager, json={"reason": "person_request"}), 202
    )
    client.settle()
    return {
        "export_id": export["export_id"],
        "erasure_id": erasure["erasure_id"],
        "erasable_participant_id": spare[1],
    }


#: A case of good practice as A's manager writes it (it names nobody of the world).
PRACTICE_CASE = {
    "title": "A first talk at the housing office",
    "situation": "The mentee had waited months for an answer about a flat.",
    "what_worked": "The mentor went along, and the office answered within a week.",
    "tags": ["housing"],
    "department": "Social services",
    "language": "en",
}


def archive_objects(client: Client, manager: str) -> dict[str, Any]:
    """Q-SER's archive: a case A's manager wrote and approved (version 2 after the approval)."""
    case = _ok(client.call("POST", "/v1/practice-cases", manager, json=PRACTICE_CASE), 201)
    path = f"/v1/practice-cases/{case['case_id']}/approval"
    _ok(client.call("POST", path, manager, json={"version": case["version"]}))
    return {"case_id": case["case_id"]}


def workshop_objects(client: Client, manager: str, programme_id: str) -> dict[str, Any]:
    """Impulse workshops (intake): one for the mentors ahead, one for them held yesterday (attendance),
    and one for the mentees ahead that the matrix cancels."""

    def plan(audience: str, days: int) -> str:
        starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=days)
        body = {
            "title": f"Impulse workshop for {audience}",
            "audience": audience,
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=2)).isoformat(),
            "place": "Town hall, room 2",
        }
        path = f"/v1/programmes/{programme_id}/workshops"
        return str(_ok(client.call("POST", path, manager, json=body), 201)["workshop_id"])

    return {
        "workshop_id": plan("mentors", 10),
        "held_workshop_id": plan("mentors", -1),
        "mentees_workshop_id": plan("mentees", 12),
    }


def employer_objects(client: Client, manager: str, slug: str, mentee: Person) -> dict[str, Any]:
    """Seed 002: an employer contact's account, linked to the mentee in the match, who consented to it."""
    email = f"employer@{slug}.example.org"
    body = {
        "email": email,
        "role": "employer",
        "given_name": "Erika",
        "family_name": "Muster",
        "language": "en",
    }
    employer = _ok(client.call("POST", "/v1/users", manager, json=body), 201)
    consent = {"privacy_notice_version": "2026-11", "employer_sharing": True}
    _ok(client.call("PUT", "/v1/me/consents", mentee.token, json=consent))
    path = f"/v1/participants/{mentee.participant_id}/employer-links"
    link = _ok(client.call("POST", path, manager, json={"employer_user_id": employer["user_id"]}), 201)
    client.settle()
    return {
        "employer_user_id": employer["user_id"],
        "employer_link_id": link["link_id"],
        "employer": client.token(email),
    }


@contextmanager
def runtime_process(rate_limit: int = 1_000_000) -> Iterator[str]:
    """`python -m infra.local` on a free port of 127.0.0.1, seeded; yields its URL, stops it after.

    A process of its own: the services read their settings once per process, and the e2e tests' runtime
    already lives in this one.
    """
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PORT": "0", "TANDEM_SEED": "1", "TANDEM_LOCAL_RATE_LIMIT": str(rate_limit)}
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "infra.local"], cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            url = None
            # Seeding takes ~40 s on a quiet machine; a loaded one (CI beside other work) has needed 190.
            deadline = time.monotonic() + 360
            while url is None and time.monotonic() < deadline and proc.poll() is None:
                out.seek(0)
                found = re.search(r"Tandem is running on (http://127\.0\.0\.1:\d+)", out.read())
                url = found.group(1) if found else None
                if url is None:
                    time.sleep(0.2)
            if url is None:
                out.seek(0)
                raise RuntimeError(f"the local runtime did not start:\n{out.read()[-3000:]}")
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
