"""Monitoring's API Lambda: questionnaires, reviews and outcomes (`questionnaires`), reports and risks
(`reports`). Each part's routes and pages are in its package's `router`, included at the first request for
one of its paths (a cold start loads one part, not both)."""

from __future__ import annotations

from services.monitoring.metrics import SERVICE
from shared.http import api_handler, make_resolver
from shared.route_parts import include_later, router_of

app = make_resolver(SERVICE)


include_later(
    app,
    [
        "/app/{tenant_slug}/matches/{match_id}/final-review",
        "/app/{tenant_slug}/matches/{match_id}/midterm-review",
        "/app/{tenant_slug}/participants/{participant_id}/outcome",
        "/app/{tenant_slug}/questionnaires",
        "/v1/matches/{match_id}/final-review",
        "/v1/matches/{match_id}/midterm-review",
        "/v1/me/questionnaires",
        "/v1/participants/{participant_id}/outcome",
        "/v1/programmes/{programme_id}/questionnaire-templates",
        "/v1/questionnaires",
    ],
    router_of("services.monitoring.questionnaires"),
)
include_later(
    app,
    [
        "/app/{tenant_slug}/programmes/{programme_id}/report",
        "/app/{tenant_slug}/programmes/{programme_id}/risks",
        "/app/{tenant_slug}/report",
        "/v1/network/report",
        "/v1/programmes/{programme_id}/report",
        "/v1/programmes/{programme_id}/risks",
    ],
    router_of("services.monitoring.reports"),
)

handler = api_handler(app, SERVICE)
