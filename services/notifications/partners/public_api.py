"""Notifications' public function: the event catalogue for partners, reached without an account. Its path
is under ANONYMOUS_PREFIXES (shared/manifest.py); it has no table and no user-pool rights."""

from __future__ import annotations

from functools import cache

from services.notifications.partners.published import PUBLISHED_CATALOGUE, Catalogue
from shared.http import api_handler, make_resolver

SERVICE = "notifications"
app = make_resolver(SERVICE)


@app.get(
    "/v1/public/events/catalog",
    tags=["public"],
    summary="Every public event type with its JSON Schema and an example (AsyncAPI: docs/asyncapi.yaml)",
)
def event_catalogue() -> Catalogue:
    return _published()


@cache
def _published() -> Catalogue:
    return Catalogue.model_validate_json(PUBLISHED_CATALOGUE.read_bytes())


handler = api_handler(app, SERVICE)
