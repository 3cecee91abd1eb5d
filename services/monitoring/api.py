"""Monitoring's API Lambda: questionnaires, reviews and outcomes (`questionnaires`), reports and risks
(`reports`). Each part's routes and pages are in its package's `router`."""

from __future__ import annotations

from services.monitoring import questionnaires, reports
from services.monitoring.metrics import SERVICE
from shared.http import api_handler, make_resolver

app = make_resolver(SERVICE)
app.include_router(questionnaires.router)
app.include_router(reports.router)

handler = api_handler(app, SERVICE)
