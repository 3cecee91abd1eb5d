"""The manager's subscriptions pages (`/app/{slug}/subscriptions`): add one, see its deliveries, replay a
range, delete it. They call the partners' `logic` directly, never the API."""

from __future__ import annotations

from pathlib import Path

from shared.i18n import Catalogues
from shared.web.pages import WebPages

HERE = Path(__file__).parent
web = WebPages(HERE / "templates", Catalogues(HERE / "messages"))
