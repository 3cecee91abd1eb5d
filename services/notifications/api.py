"""Notifications' API Lambda: a person's preferences and the delivery log (`people`), partner systems'
subscriptions to events (`partners`). Each part's routes and pages are in its package's `router`."""

from __future__ import annotations

from services.notifications import partners, people
from shared.http import api_handler, make_resolver

SERVICE = "notifications"

app = make_resolver(SERVICE)
app.include_router(people.router)
app.include_router(partners.router)

handler = api_handler(app, SERVICE)
