"""Notifications' public function: the event catalogue for partners, reached without an account. Its path
is under ANONYMOUS_PREFIXES (shared/manifest.py); it has no table and no user-pool rights."""

from __future__ import annotations

from services.notifications.partners.catalogue import public_catalogue
from services.notifications.partners.schemas import Catalogue
from shared.http import api_handler, make_resolver

SERVICE = "notifications"
app = make_resolver(SERVICE)


@app.get(
    "/v1/public/events/catalog",
    tags=["public"],
    summary="Every public event type with its JSON Schema and an example (AsyncAPI: docs/asyncapi.yaml)",
)
def event_catalogue() -> Catalogue:
    return public_catalogue()


handler = api_handler(app, SERVICE)
