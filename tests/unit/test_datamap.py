"""The data map as code: every field of every stored item, document and event has a class and a
retention; docs/data-map.md is current; public events carry no free text, contact or special category."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pydantic import BaseModel

from shared.datamap.classes import DATA_CLASSES, RETENTION, RULES, classify
from shared.datamap.inventory import event_fields, model_fields
from shared.events.catalog import CATALOGUE

ROOT = Path(__file__).resolve().parents[2]


def test_every_field_has_a_class_and_the_map_in_docs_is_current():
    """Run `make datamap` when this fails for staleness; a field without a class is named in the output."""
    done = subprocess.run(
        [sys.executable, "-m", "shared.datamap", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_a_field_the_map_does_not_know_is_named():
    class Mystery(BaseModel):
        person_id: str
        favourite_colour: str

    unknown = [path for path in model_fields(Mystery) if classify("Mystery", path) is None]
    assert unknown == ["favourite_colour"]


def test_nested_models_are_walked_field_by_field():
    class Wish(BaseModel):
        mentor_gender: str | None = None

    class Applicant(BaseModel):
        wishes: Wish
        earlier: list[Wish] = []

    assert list(model_fields(Applicant)) == ["wishes.mentor_gender", "earlier.mentor_gender"]


def test_every_event_field_has_a_class_and_public_events_carry_nothing_personal():
    fields = event_fields()
    # Every event with a field is mapped (a timer's tick such as RetentionSweepDue carries none).
    assert {f.owner for f in fields} == {name for name, model in CATALOGUE.items() if model.model_fields}
    assert all(f.data_class in DATA_CLASSES for f in fields)
    personal = {"free_text", "contact", "special_category"}
    leaks = [
        f"{f.owner}.{f.path}: {f.data_class}"
        for f in fields
        if CATALOGUE[f.owner].visibility == "public" and f.data_class in personal
    ]
    assert leaks == []
    assert not any(f.data_class == "free_text" for f in fields)  # free text travels in no event at all


def test_refugee_experience_is_a_special_category_and_every_retention_names_a_rule():
    assert (
        classify("ApplicationRecord (APPLICATION) → Application", "profile.life_experience")
        == "special_category"
    )
    assert classify("DiaryRecord (DIARY) → Diary", "entry.summary") == "free_text"
    assert set(RETENTION.values()) <= set(RULES)
