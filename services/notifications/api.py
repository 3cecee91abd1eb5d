"""Notifications' API Lambda: a person's preferences and the delivery log (`people`), partner systems'
subscriptions to events (`partners`). Each part's routes and pages are in its package's `router`, included
at the first request for one of its paths (a cold start loads one part, not both)."""

from __future__ import annotations

from shared.http import api_handler, make_resolver
from shared.route_parts import include_later, router_of

SERVICE = "notifications"

app = make_resolver(SERVICE)


include_later(
    app,
    [
        "/app/{tenant_slug}/people/{person_id}/notifications",
        "/app/{tenant_slug}/preferences",
        "/app/{tenant_slug}/unsubscribe",
        "/v1/me/preferences",
        "/v1/notifications",
    ],
    router_of("services.notifications.people", "routes", "web"),
)
include_later(
    app,
    ["/app/{tenant_slug}/subscriptions", "/v1/subscriptions"],
    router_of("services.notifications.partners", "api", "web.pages"),
)

handler = api_handler(app, SERVICE)
