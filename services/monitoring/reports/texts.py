"""The reports' words (en/de/pl), for the pages and the charts alike."""

from __future__ import annotations

from pathlib import Path

from shared.i18n import Catalogues

MESSAGES = Catalogues(Path(__file__).parent / "web" / "messages")
