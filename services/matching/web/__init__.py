"""Matching's signed-in pages (`/app/**`): a programme's matching runs and proposals, matching by hand,
exclusions, matches and ending them, and the mentor's and mentee's home. Each module adds its routes to
`router`; `api.py` includes it. Pages call `logic` directly, never matching's own API.
"""

from __future__ import annotations

from pathlib import Path

from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from shared.i18n import Catalogues
from shared.web.pages import WebPages

HERE = Path(__file__).parent
web = WebPages(HERE / "templates", Catalogues(HERE / "messages"))
router = APIGatewayRouter()
