"""Notifications' API Lambda: a person's preferences and the delivery log (`people`), partner systems'
subscriptions to events (`partners`). Each part's routes and pages are in its package's `router`."""

from __future__ import annotations

from services.notifications import partners, people
from services.notifications.people import routes as _people_routes  # noqa: F401 - its routes join people.router
from services.notifications.people import web as _people_web  # noqa: F401 - its pages join people.router
from shared.http import api_handler, make_resolver

SERVICE = "notifications"

app = make_resolver(SERVICE)
app.include_router(people.router)
app.include_router(partners.router)

handler = api_handler(app, SERVICE)
