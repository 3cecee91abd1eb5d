"""Monitoring's reports part: `router` carries its API routes and pages (api.py includes it),
`HANDLERS` its event handlers (events.py joins them with the other part's).

Both are loaded when first asked for, so the part's logic (and its tests) can be imported without the
functions' environment, which the adapters read at import.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "router":
        from services.monitoring.reports import api  # noqa: F401 - its routes join `router`
        from services.monitoring.reports.routing import router
        from services.monitoring.reports.web import pages  # noqa: F401

        return router
    if name == "HANDLERS":
        from services.monitoring.reports.events import HANDLERS

        return HANDLERS
    raise AttributeError(name)
