"""Localised message templates: `templates/<name>.<language>.txt`, the subject on the first line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from shared.languages import SHIPPED, shipped_or_default

_DIR = Path(__file__).parent / "templates"
# Plain-text mail: no HTML escaping, but every variable must exist (a typo fails loudly in tests).
_env = Environment(  # noqa: S701 - plain-text mail, not HTML
    loader=FileSystemLoader(_DIR),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def template_names() -> set[str]:
    return {p.name.split(".")[0] for p in _DIR.glob("*.txt")}


ROLE_NAMES = {
    "en": {"mentee": "mentee", "mentor": "mentor"},
    "de": {"mentee": "Mentee", "mentor": "Mentorin oder Mentor"},
    "pl": {"mentee": "mentee", "mentor": "mentor"},
}


#: How every message's body begins, per language (a test holds each template to it).
GREETINGS = {"en": ("Hello",), "de": ("Hallo", "Guten Tag"), "pl": ("Dzień dobry",)}


def _one_line(value: Any) -> Any:
    # The first line is the subject: no value may break it, or push words into the body.
    return " ".join(value.split()) if isinstance(value, str) else value


def render(name: str, language: str, **context: Any) -> tuple[str, str]:
    """(subject, body) of a template in the person's language, or English when it is not shipped."""
    language = shipped_or_default(language)
    context = {key: _one_line(value) for key, value in context.items()}
    if "role" in context:
        context["role_name"] = ROLE_NAMES[language][context["role"]]
    text = _env.get_template(f"{name}.{language}.txt").render(**context)
    subject, _, body = text.partition("\n")
    return subject.strip(), body.lstrip("\n")


__all__ = ["GREETINGS", "ROLE_NAMES", "SHIPPED", "render", "template_names"]
