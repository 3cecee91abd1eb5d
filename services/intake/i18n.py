"""The intake pages' texts: one JSON catalogue per language in `messages/`, read through `shared.i18n`.

A language is shipped when its catalogue file is there; a unit test checks every catalogue has exactly
English's keys, so `t` falling back to English is a safety net, never the plan.
"""

from __future__ import annotations

from pathlib import Path

from shared.i18n import FALLBACK, Catalogues, Message

MESSAGES = Path(__file__).parent / "messages"
CATALOGUES = Catalogues(MESSAGES)

__all__ = ["FALLBACK", "MESSAGES", "catalogues", "has", "shipped", "t"]


def catalogues() -> dict[str, dict[str, Message]]:
    return CATALOGUES.all


def shipped() -> tuple[str, ...]:
    return CATALOGUES.shipped()


def has(key: str) -> bool:
    return CATALOGUES.has(key)


def t(lang: str, key: str, **values: object) -> str:
    """The text `key` in `lang`, with `{name}` placeholders filled; a key missing in English is a bug."""
    return CATALOGUES.text(lang, key, **values)
