"""Sessions' signed-in pages (`/app/**`): a relationship's agreement, goals and plan, and one session with
the absence notice, attendance and the diary. Each module adds its routes to `router`; `api.py` includes
it. Pages call `logic` directly, never sessions' own API.
"""

from __future__ import annotations

from pathlib import Path

from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from shared.i18n import Catalogues
from shared.web.pages import WebPages

HERE = Path(__file__).parent
web = WebPages(HERE / "templates", Catalogues(HERE / "messages"))
router = APIGatewayRouter()
