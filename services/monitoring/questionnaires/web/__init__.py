"""The questionnaires' signed-in pages (`/app/**`): a person's questionnaires, the manager's mid-term and
final reviews and a participant's outcome. Each module adds its routes to the part's router. Pages call
`logic` directly, never monitoring's own API."""

from __future__ import annotations

from pathlib import Path

from shared.i18n import Catalogues
from shared.web.pages import WebPages

HERE = Path(__file__).parent
web = WebPages(HERE / "templates", Catalogues(HERE / "messages"))


def _routes() -> None:
    """Each page module adds its routes to the part's router when imported."""
    from services.monitoring.questionnaires.web import questionnaires, reviews  # noqa: F401


_routes()
