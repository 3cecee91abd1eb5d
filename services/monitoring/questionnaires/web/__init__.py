"""The questionnaires' signed-in pages (`/app/**`): a person's questionnaires, the manager's mid-term and
final reviews and a participant's outcome. Each module adds its routes to the part's router (the part's
`router` imports them). Pages call `logic` directly, never monitoring's own API."""

from __future__ import annotations

from pathlib import Path

from shared.i18n import Catalogues
from shared.web.pages import WebPages

HERE = Path(__file__).parent
web = WebPages(HERE / "templates", Catalogues(HERE / "messages"))
