"""Request bodies of the public API, shared by the end-to-end tests and the contract world."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

#: A group programme open for applications; tests override what they are about.
PROGRAMME: dict[str, Any] = {
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


def applicant(
    role: str,
    name: str,
    languages: Sequence[str] = ("en", "de"),
    interests: Sequence[str] = ("technology", "cooking"),
    slots: Sequence[str] = ("mon_evening",),
    capacity: int = 2,
    family_name: str = "Test",
) -> dict[str, Any]:
    """A complete JSON application of a mentor or a mentee, with an e-mail of its own."""
    body: dict[str, Any] = {
        "role": role,
        "language": "en",
        "person": {
            "given_name": name,
            "family_name": family_name,
            "email": f"{name.lower()}.{uuid.uuid4().hex[:8]}@example.org",
            "birth_year": 1990,
            "languages": list(languages),
        },
        "profile": {
            "interests": list(interests),
            "availability": list(slots),
            "preferred_mode": "blended",
            "motivation": "m",
            "expectations": "e",
        },
        "consent": {"privacy_notice_version": "2026-11", "processing": True},
    }
    if role == "mentee":
        body["needs"] = "n"
    else:
        body.update(skills=["teaching"], capacity=capacity)
    return body


def manager(email: str, tenant_id: str, language: str = "en") -> dict[str, Any]:
    """The network admin's request for a municipality's manager account."""
    return {
        "email": email,
        "role": "manager",
        "given_name": "Ola",
        "family_name": "Nowak",
        "language": language,
        "tenant_id": tenant_id,
    }
