"""Sessions' pages speak only from their catalogues: en, de and pl hold the same texts (plural texts with
their CLDR forms), every key a template asks for is there, and a form's time is read in the
municipality's time zone."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from services.sessions.models import Relationship
from services.sessions.web import web
from services.sessions.web.common import local_time, local_value

WEB = Path(__file__).resolve().parents[3] / "services" / "sessions" / "web"


def catalogue(lang: str) -> dict[str, object]:
    return dict(json.loads((WEB / "messages" / f"{lang}.json").read_text(encoding="utf-8")))


def test_every_language_has_the_same_texts():
    english = catalogue("en")
    for lang in ("de", "pl"):
        other = catalogue(lang)
        assert sorted(other) == sorted(english), lang
        plural = [k for k, v in english.items() if isinstance(v, dict)]
        assert all(isinstance(other[k], dict) and "other" in other[k] for k in plural), lang  # type: ignore[operator]


def test_every_literal_key_of_a_template_is_in_the_catalogue_or_the_shared_one():
    asked = {
        key
        for template in (WEB / "templates").glob("*.html")
        for key in re.findall(r"""\bt\('([a-z_.]+)'\s*[,)]""", template.read_text(encoding="utf-8"))
    }
    missing = sorted(k for k in asked if not web.has_text(k))
    assert missing == []


def relationship() -> Relationship:
    return Relationship(
        tenant_id="t-town",
        match_id="m_1",
        programme_id="prg_1",
        kind="group",
        mode="blended",
        programme_starts_on=datetime(2027, 2, 1).date(),
        programme_ends_on=datetime(2027, 8, 1).date(),
        cadence_days=14,
        timezone="Europe/Berlin",
        languages=["en"],
        mentor_id="p_mentor",
        mentee_ids=["p_a"],
        persons={"p_mentor": "u_1", "p_a": "u_2"},
    )


def test_a_forms_time_is_the_municipalitys_local_time_and_back():
    read = local_time(relationship(), "2027-03-01T18:00")
    assert read is not None and read.astimezone(UTC) == datetime(2027, 3, 1, 17, 0, tzinfo=UTC)  # CET
    summer = local_time(relationship(), "2027-07-01T18:00")
    assert summer is not None and summer.astimezone(UTC).hour == 16  # CEST
    assert local_value(relationship(), read) == "2027-03-01T18:00"
    assert local_time(relationship(), "tomorrow") is None
    assert local_time(relationship(), "2027-03-01T18:00+00:00") is None  # a form sends local times only
