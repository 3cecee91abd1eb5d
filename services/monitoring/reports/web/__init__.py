"""The reports' signed-in pages: a programme's report and risks (manager), the network's report (admin)."""

from __future__ import annotations

from pathlib import Path

from services.monitoring.reports.texts import MESSAGES
from shared.web.pages import WebPages

web = WebPages(Path(__file__).parent / "templates", MESSAGES)
