"""Message catalogues: fallback person → tenant → English, plurals by CLDR, dates and numbers by Babel."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from shared.i18n import Catalogues, format_date, format_datetime, format_number, plural_category

MATCHES = {"one": "{count} match", "other": "{count} matches"}
MATCHES_PL = {"one": "{count} para", "few": "{count} pary", "many": "{count} par", "other": "{count} pary"}


@pytest.fixture
def catalogues(tmp_path: Path) -> Catalogues:
    files = {
        "en": {"greeting": "Hello {name}", "bye": "Bye", "only_en": "English only", "matches": MATCHES},
        "de": {
            "greeting": "Hallo {name}",
            "bye": "Tschüss",
            "matches": {"one": "{count} Paar", "other": "x"},
        },
        "pl": {"greeting": "Cześć {name}", "matches": MATCHES_PL},
    }
    for lang, texts in files.items():
        (tmp_path / f"{lang}.json").write_text(json.dumps(texts), encoding="utf-8")
    return Catalogues(tmp_path)


def test_shipped_languages_are_the_files_present(catalogues: Catalogues):
    assert set(catalogues.shipped()) == {"en", "de", "pl"}
    assert catalogues.has("only_en") and not catalogues.has("nowhere")


def test_the_persons_language_first_then_the_tenants_default_then_english(catalogues: Catalogues):
    assert catalogues.text(("pl", "de"), "greeting", name="Ola") == "Cześć Ola"
    assert catalogues.text(("pl", "de"), "bye") == "Tschüss"  # Polish lacks it: the tenant's German
    assert catalogues.text(("uk", None, "de"), "bye") == "Tschüss"  # unknown and missing languages skipped
    assert catalogues.text(("pl", "de"), "only_en") == "English only"
    assert catalogues.text("de", "greeting", name="Jan") == "Hallo Jan"


def test_a_key_missing_in_english_is_a_bug_not_a_blank(catalogues: Catalogues):
    with pytest.raises(KeyError):
        catalogues.text("de", "nowhere")


def test_the_language_to_write_in(catalogues: Catalogues):
    assert catalogues.language_for("pl", "de") == "pl"
    assert catalogues.language_for("uk", "de") == "de"
    assert catalogues.language_for(None, "fr") == "en"


@pytest.mark.parametrize(
    ("count", "polish", "english"),
    [
        (1, "1 para", "1 match"),
        (3, "3 pary", "3 matches"),
        (5, "5 par", "5 matches"),
        (22, "22 pary", "22 matches"),
    ],
)
def test_plurals_follow_each_languages_rules(catalogues: Catalogues, count: int, polish: str, english: str):
    assert catalogues.text("pl", "matches", count=count) == polish
    assert catalogues.text("en", "matches", count=count) == english


def test_the_cldr_category_of_a_number():
    assert plural_category("de", 1) == "one" and plural_category("pl", 5) == "many"


def test_a_category_the_catalogue_lacks_falls_back_to_other(tmp_path: Path):
    (tmp_path / "en.json").write_text(json.dumps({"matches": MATCHES}), encoding="utf-8")
    (tmp_path / "pl.json").write_text(
        json.dumps({"matches": {"one": "{count} para", "other": "{count} pary"}})
    )
    assert Catalogues(tmp_path).text("pl", "matches", count=5) == "5 pary"


def test_dates_and_numbers_as_each_language_writes_them():
    assert format_date(date(2027, 3, 1), "en") == "March 1, 2027"
    assert format_date(date(2027, 3, 1), "de") == "1. März 2027"
    assert format_date(date(2027, 3, 1), "pl") == "1 marca 2027"
    assert format_number(1234.5, "en") == "1,234.5"
    assert format_number(1234.5, "de") == "1.234,5"
    noon_utc = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
    assert "13:00" in format_datetime(noon_utc, "de", ZoneInfo("Europe/Berlin"))


def test_intake_reads_its_catalogues_through_the_shared_module():
    from services.intake import i18n

    assert i18n.t("xx", "meta.language_name") == i18n.catalogues()["en"]["meta.language_name"]
    assert i18n.CATALOGUES.folder.name == "messages"
