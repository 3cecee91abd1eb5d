"""Intake's part of the demo `make run` starts with: a municipality, its manager, an open programme and
sixteen applications, most of them decided. Made through the real API, as an admin and a manager would.
"""

from __future__ import annotations

from typing import Any

from services.intake.seed_people import applications
from shared.seeding import SeedClient, SeedContext, expect_ok

DEMO_SLUG = "demo"
MANAGER_EMAIL = "manager@demo.tandem.local"


def seed(client: SeedClient, context: SeedContext) -> dict[str, Any]:
    admin = client.token(context.admin_email)
    tenant = expect_ok(
        *client.request(
            "POST",
            "/v1/tenants",
            {
                "slug": DEMO_SLUG,
                "name": "Demo Municipality",
                "default_language": "de",
                "languages": ["de", "en", "pl"],
                "timezone": "Europe/Berlin",
            },
            admin,
        ),
        "tenant",
    )
    expect_ok(
        *client.request(
            "POST",
            "/v1/users",
            {
                "email": MANAGER_EMAIL,
                "role": "manager",
                "given_name": "Maria",
                "family_name": "Demo",
                "language": "de",
                "tenant_id": tenant["tenant_id"],
            },
            admin,
        ),
        "manager",
    )
    client.wait_until_idle()
    manager = client.token(MANAGER_EMAIL)
    programme = expect_ok(
        *client.request(
            "POST",
            "/v1/programmes",
            {
                "name": "Mentoring für den Berufseinstieg",
                "kind": "mixed",
                "max_group_size": 5,
                "mode": "blended",
                "cadence_days": 14,
                "starts_on": "2027-01-11",
                "ends_on": "2027-07-09",
                "languages": ["de", "en", "pl"],
                "mentor_training_required": False,
                "matching": {"weights": {"interests": 3, "values": 4, "availability": 5}, "min_score": 20},
                "intake_open": True,
            },
            manager,
        ),
        "programme",
    )
    client.wait_until_idle()
    programme_id = programme["programme_id"]
    apply = f"/v1/public/{DEMO_SLUG}/programmes/{programme_id}/applications"
    received = [
        expect_ok(*client.request("POST", apply, body), "application")["application_id"]
        for body in applications()
    ]
    client.wait_until_idle()
    # Most are accepted, as after their interviews; one waits for a place and two are still to be seen.
    mentees, mentors = received[:12], received[12:]
    decisions = {**dict.fromkeys([*mentees[:9], *mentors], "accepted"), mentees[9]: "waitlisted"}
    for application_id, decision in decisions.items():
        path = f"/v1/applications/{application_id}/decision"
        expect_ok(*client.request("POST", path, {"decision": decision}, manager), "decision")
    client.wait_until_idle()
    return {
        "tenant_id": tenant["tenant_id"],
        "tenant_slug": DEMO_SLUG,
        "manager": MANAGER_EMAIL,
        "programme_id": programme_id,
        "form_links": programme["form_links"],
        "applications": len(received),
    }
