"""Monitoring's reports part: `router` carries its API routes and pages (api.py includes it),
`HANDLERS` its event handlers (events.py joins them with the other part's)."""

from __future__ import annotations

from services.monitoring.reports import api as _api  # noqa: F401 - its routes join `router`
from services.monitoring.reports.events import HANDLERS
from services.monitoring.reports.routing import router
from services.monitoring.reports.web import pages as _pages  # noqa: F401

__all__ = ["HANDLERS", "router"]
