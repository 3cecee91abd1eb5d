"""The programme form (open a programme; its settings): what it shows, and what a post of it means.

One form for both: opening a programme asks for everything `ProgrammeCreate` needs, with the usual
values filled in; the settings page shows the same fields with the programme's own values. Each mistake
is shown at its field (`f-<name>`), in the page's language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from pydantic import ValidationError

from services.intake.models import DEFAULT_TRAINING_MODULES, Programme
from services.intake.presets import PRESETS
from services.intake.schemas import ProgrammeCreate, ProgrammePatch
from shared.choices import CATALOGUES as CHOICE_LABELS
from shared.errors import RuleViolation
from shared.vocabulary import (
    CRITERIA,
    KINDS,
    MATRIX_SKILLS,
    MAX_SCORE,
    MAX_WEIGHT,
    MIN_SCORE,
    MIN_WEIGHT,
    MODES,
)

Form = Mapping[str, Sequence[str]]

#: The languages offered as tick boxes: every language the shared choice labels name, in their order.
LANGUAGE_CHOICES: tuple[str, ...] = tuple(
    key.split(".", 1)[1] for key in CHOICE_LABELS.all["en"] if key.startswith("language.")
)
WEIGHT_RANGE = (MIN_WEIGHT, MAX_WEIGHT)
SCORE_RANGE = (MIN_SCORE, MAX_SCORE)
#: Plain fields: each mistake in one of them is shown with the field's own message.
_FIELDS = (
    "name",
    "kind",
    "mode",
    "max_group_size",
    "cadence_days",
    "session_reminder_hours",
    "starts_on",
    "ends_on",
    "languages",
    "intake_open",
    "mentor_training_required",
    "required_training_modules",
    "min_score",
)
#: The self-assessments' fields (seed 001), after the matching's on the form.
_SELF_ASSESSMENTS = ("skill_matrix", "personality_assessment", "personality_traits")


@dataclass
class ProgrammeValues:
    """What the form shows: strings as typed (kept after a mistake), choices as sets."""

    name: str = ""
    kind: str = "pair"
    mode: str = "in_person"
    max_group_size: str = "5"
    cadence_days: str = "14"
    session_reminder_hours: str = "24"
    starts_on: str = ""
    ends_on: str = ""
    languages: set[str] = field(default_factory=set)
    intake_open: bool = True
    mentor_training_required: bool = False
    required_training_modules: str = "\n".join(DEFAULT_TRAINING_MODULES)
    weights: dict[str, str] = field(default_factory=dict)
    min_score: str = "0"
    expected_version: str = ""
    #: The seed profile the new programme starts from ("" for none); recorded with the programme.
    preset: str = ""
    #: The self-assessments on the application form (seed 001) and the traits matching compares.
    skill_matrix: set[str] = field(default_factory=set)
    personality_assessment: bool = False
    personality_traits: set[str] = field(default_factory=set)

    @property
    def language_choices(self) -> list[str]:
        return [*LANGUAGE_CHOICES, *sorted(self.languages - set(LANGUAGE_CHOICES))]


def new_programme_values(default_language: str, today: date) -> ProgrammeValues:
    """The usual values for a new programme: pairs, in person, starting next month for half a year."""
    starts = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    ends = starts + timedelta(days=182)
    languages = {default_language, "en"} if default_language in LANGUAGE_CHOICES else {"en"}
    return ProgrammeValues(starts_on=starts.isoformat(), ends_on=ends.isoformat(), languages=languages)


def preset_values(values: ProgrammeValues, key: str) -> ProgrammeValues:
    """A new programme's values with a seed profile's settings in place of the usual ones."""
    # Any string from a link: an unknown one fills in nothing.
    preset = next((p for p in PRESETS.values() if p.key == key), None)
    if preset is None:
        return values
    return replace(
        values,
        preset=preset.key,
        kind=preset.kind,
        mode=preset.mode,
        max_group_size=str(preset.max_group_size),
        cadence_days=str(preset.cadence_days),
        session_reminder_hours=str(preset.session_reminder_hours),
        mentor_training_required=preset.mentor_training_required,
        required_training_modules="\n".join(preset.required_training_modules),
        weights={criterion: str(weight) for criterion, weight in preset.weights.items()},
        min_score=str(preset.min_score),
        skill_matrix=set(preset.skill_matrix),
        personality_assessment=preset.personality_assessment,
        personality_traits=set(preset.personality_traits or ()),
    )


def programme_values(programme: Programme) -> ProgrammeValues:
    return ProgrammeValues(
        name=programme.name,
        kind=programme.kind,
        mode=programme.mode,
        max_group_size=str(programme.max_group_size),
        cadence_days=str(programme.cadence_days),
        session_reminder_hours=str(programme.session_reminder_hours),
        starts_on=programme.starts_on.isoformat(),
        ends_on=programme.ends_on.isoformat(),
        languages=set(programme.languages),
        intake_open=programme.intake_open,
        mentor_training_required=programme.mentor_training_required,
        required_training_modules="\n".join(programme.required_training_modules),
        weights={c: str(w) for c, w in programme.matching.weights.items()},
        min_score=str(programme.matching.min_score),
        expected_version=str(programme.version),
        skill_matrix=set(programme.skill_matrix),
        personality_assessment=programme.personality_assessment,
        personality_traits=set(programme.matching.personality_traits or ()),
    )


def _one(form: Form, name: str) -> str:
    return (form.get(name) or [""])[0].strip()


def posted_values(form: Form) -> ProgrammeValues:
    return ProgrammeValues(
        name=_one(form, "name")[:200],
        kind=_one(form, "kind"),
        mode=_one(form, "mode"),
        max_group_size=_one(form, "max_group_size")[:10],
        cadence_days=_one(form, "cadence_days")[:10],
        session_reminder_hours=_one(form, "session_reminder_hours")[:10],
        starts_on=_one(form, "starts_on")[:10],
        ends_on=_one(form, "ends_on")[:10],
        languages={v.strip()[:8] for v in form.get("languages", []) if v.strip()},
        intake_open=_one(form, "intake_open") == "yes",
        mentor_training_required=_one(form, "mentor_training_required") == "yes",
        required_training_modules=_one(form, "required_training_modules")[:2000],
        weights={c: _one(form, f"weight-{c}")[:10] for c in CRITERIA if _one(form, f"weight-{c}")},
        min_score=_one(form, "min_score")[:10],
        expected_version=_one(form, "expected_version")[:10],
        preset=_one(form, "preset")[:40],
        skill_matrix={v.strip()[:40] for v in form.get("skill_matrix", []) if v.strip()},
        personality_assessment=_one(form, "personality_assessment") == "yes",
        personality_traits={v.strip()[:40] for v in form.get("personality_traits", []) if v.strip()},
    )


def _body(values: ProgrammeValues) -> dict[str, Any]:
    modules = [line.strip() for line in values.required_training_modules.splitlines() if line.strip()]
    # Left empty (or from a form before the field): the programme's lead time stays as it is (24 h new).
    reminder = (
        {"session_reminder_hours": values.session_reminder_hours} if values.session_reminder_hours else {}
    )
    return {
        "name": values.name,
        "kind": values.kind or None,
        "mode": values.mode or None,
        "max_group_size": values.max_group_size or None,
        "cadence_days": values.cadence_days or None,
        "starts_on": values.starts_on or None,
        "ends_on": values.ends_on or None,
        "languages": sorted(values.languages),
        "intake_open": values.intake_open,
        "mentor_training_required": values.mentor_training_required,
        "required_training_modules": modules,
        "matching": {
            "weights": dict(values.weights),
            "min_score": values.min_score or None,
            # None (no box ticked): every trait, matching's default.
            "personality_traits": sorted(values.personality_traits) or None,
        },
        # In the matrix's own order, as the application form asks.
        "skill_matrix": [s for s in MATRIX_SKILLS if s in values.skill_matrix]
        + sorted(values.skill_matrix - set(MATRIX_SKILLS)),
        "personality_assessment": values.personality_assessment,
        **reminder,
    }


def as_create(values: ProgrammeValues) -> ProgrammeCreate:
    """The posted form as a new programme (ValidationError when a field is wrong)."""
    preset = {"preset": values.preset} if values.preset in PRESETS else {}
    return ProgrammeCreate.model_validate({**_body(values), **preset})


def as_patch(values: ProgrammeValues) -> ProgrammePatch:
    """The posted form as a change of every setting, with the version the form was read at."""
    body = _body(values)
    # The form sends every setting, so each must be there: checked as a new programme is, every mistake
    # at once (a PATCH alone would take an empty field as "leave unchanged" or refuse one at a time).
    ProgrammeCreate.model_validate(body)
    # A version the form does not carry (or a broken one) is no promise: the change is then checked as
    # the API checks a PATCH without expected_version.
    version = values.expected_version
    if version.isdigit() and int(version) >= 1:
        body["expected_version"] = int(version)
    return ProgrammePatch.model_validate(body)


def field_of(location: Sequence[Any]) -> str:
    """The form field (`f-<name>`) a pydantic error location points at."""
    first = str(location[0]) if location else "name"
    if first == "matching":
        if len(location) > 2 and location[1] == "weights":
            return f"weight-{location[2]}"
        return "personality_traits" if location[1:2] == ("personality_traits",) else "min_score"
    return first if first in (*_FIELDS, *_SELF_ASSESSMENTS) else "name"


def errors_of(exc: ValidationError | RuleViolation, text: Any) -> dict[str, str]:
    """Field → message in the page's language (`text(key)`), in the form's order."""
    if isinstance(exc, RuleViolation):
        fields = [str(e.get("field") or "name") for e in exc.extensions.get("errors", [])] or ["name"]
    else:
        fields = [field_of(e["loc"]) for e in exc.errors(include_input=False)]
    found = {f: text(f"programme.error.{'weight' if f.startswith('weight-') else f}") for f in fields}
    order = [*_FIELDS[:-1], *(f"weight-{c}" for c in CRITERIA), "min_score", *_SELF_ASSESSMENTS]
    return {f: found[f] for f in order if f in found}


CHOICES = {"kind": KINDS, "mode": MODES, "criteria": CRITERIA}
