"""The questionnaires' pages speak only from their catalogues: en, de and pl hold the same texts, and every
key a template asks for is there."""

from __future__ import annotations

import json
import re
from pathlib import Path

from services.monitoring.questionnaires.web import web

WEB = Path(__file__).resolve().parents[3] / "services" / "monitoring" / "questionnaires" / "web"


def catalogue(lang: str) -> dict[str, object]:
    return dict(json.loads((WEB / "messages" / f"{lang}.json").read_text(encoding="utf-8")))


def test_every_language_has_the_same_texts():
    english = catalogue("en")
    for lang in ("de", "pl"):
        assert sorted(catalogue(lang)) == sorted(english), lang


def test_every_literal_key_of_a_template_is_in_the_catalogue_or_the_shared_one():
    asked = {
        key
        for template in (WEB / "templates").glob("*.html")
        for key in re.findall(r"""\bt\('([a-z_.]+)'\s*[,)]""", template.read_text(encoding="utf-8"))
    }
    assert sorted(k for k in asked if not web.has_text(k)) == []


def test_every_status_and_outcome_word_is_there():
    for word in ("assigned", "draft", "submitted"):
        assert web.has_text(f"questionnaire.status.{word}")
    for status in ("employed", "self_employed", "education", "unemployed", "other"):
        assert web.has_text(f"outcome.status.{status}")
