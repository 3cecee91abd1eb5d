"""Message catalogues per language, with fallback; plurals, dates and numbers formatted by Babel (CLDR).

A service keeps one JSON file per language in a folder (`messages/<lang>.json`): keys → texts with
`{name}` placeholders. A text that depends on a number is an object of CLDR plural categories, e.g.
`{"one": "{count} match", "other": "{count} matches"}`, chosen by the value `count`. A language is shipped
when its file is there. A text is looked up in the person's language, then the tenant's default, then
English; a key missing in English is a bug (KeyError), never a blank.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime, tzinfo
from functools import cached_property
from pathlib import Path
from typing import Literal

FALLBACK = "en"
#: A catalogue entry: a text, or a text per CLDR plural category ("one", "few", "many", "other"…).
Message = str | dict[str, str]
DateStyle = Literal["short", "medium", "long", "full"]


class Catalogues:
    """The catalogues in one folder, read once per cold start (on first use)."""

    def __init__(self, folder: Path, *, fallback: str = FALLBACK) -> None:
        self.folder = folder
        self.fallback = fallback

    @cached_property
    def all(self) -> dict[str, dict[str, Message]]:
        files = sorted(self.folder.glob("*.json"))
        return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in files}

    def shipped(self) -> tuple[str, ...]:
        return tuple(self.all)

    def has(self, key: str) -> bool:
        return key in self.all[self.fallback]

    def language_for(self, *preferred: str | None) -> str:
        """The first shipped language of `preferred` (the person's, the tenant's default…), else English."""
        return next((lang for lang in preferred if lang in self.all), self.fallback)

    def text(self, languages: str | Iterable[str | None], key: str, /, **values: object) -> str:
        """The text `key` in the first of `languages` that has it (else English), placeholders filled."""
        chain = [languages] if isinstance(languages, str) else list(languages)
        for lang in [*chain, self.fallback]:
            message = self.all.get(lang, {}).get(key) if lang else None
            if message:
                return _filled(lang, message, values)
        raise KeyError(f"{key!r} is missing from the {self.fallback} catalogue in {self.folder}")


def _filled(lang: str, message: Message, values: Mapping[str, object]) -> str:
    if isinstance(message, dict):
        message = message.get(plural_category(lang, values["count"])) or message["other"]
    return message.format(**values) if values else message


# Babel is imported on first use: an API function that never formats a plural or a date doesn't pay for it.


def plural_category(lang: str, count: object) -> str:
    """The CLDR plural category of `count` in `lang` (Polish 5 → "many", English 5 → "other")."""
    from babel import Locale

    return str(Locale.parse(lang).plural_form(count))  # type: ignore[arg-type]


def format_date(value: date, lang: str, style: DateStyle = "long") -> str:
    """`value` as a person reading `lang` writes it (en: "March 1, 2027"; de: "1. März 2027")."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format=style, locale=lang)


def format_datetime(value: datetime, lang: str, zone: tzinfo, style: DateStyle = "medium") -> str:
    """`value` (timezone-aware) in the tenant's zone, as `lang` writes a date and time."""
    from babel.dates import format_datetime as babel_format_datetime

    return babel_format_datetime(value, format=style, tzinfo=zone, locale=lang)


def format_number(value: float, lang: str) -> str:
    """`value` with `lang`'s separators (en: "1,234.5"; de: "1.234,5")."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=lang)
