"""What is wrong with a posted form, as problems a person can fix: one per field, in the form's order.

`pages.py` shows them; the keys are message keys of the form's catalogues (`messages/`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from services.intake.models import MINIMUM_AGE, FormField

_MAX_CHOICES_AS_SELECT = 10


def chosen_from_list(spec: FormField) -> bool:
    """A number with only a few possible values is a drop-down: nothing to mistype on a phone."""
    return (
        spec.kind == "number"
        and spec.minimum is not None
        and spec.maximum is not None
        and spec.maximum - spec.minimum < _MAX_CHOICES_AS_SELECT
    )


# --- errors -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing to fix: on a field (`name`), or on the form as a whole (`name` None)."""

    name: str | None
    key: str
    values: dict[str, Any] = field(default_factory=dict)


def field_name(loc: Sequence[str | int]) -> str:
    """A pydantic location as the form's dotted name: `("person", "languages", 0)` → `person.languages`."""
    return ".".join(str(part) for part in loc if isinstance(part, str) and part != "body")


def _message_key(spec: FormField, err_type: str, is_item: bool) -> tuple[str, dict[str, Any]]:
    name, kind = spec.name, spec.kind
    if name == "consent.processing":
        return "error.consent_required", {}
    if err_type == "missing" or (err_type in ("string_too_short", "too_short") and not is_item):
        if name == "person.languages":
            return "error.languages_required", {}
        return ("error.choose" if kind == "select" or chosen_from_list(spec) else "error.required"), {}
    if name == "person.email":
        return "error.email", {}
    if name in ("person.given_name", "person.family_name") and err_type == "value_error":
        return "error.name", {}
    if name == "person.birth_year":
        return ("error.too_young" if err_type == "value_error" else "error.birth_year"), {
            "min_age": MINIMUM_AGE
        }
    if kind == "number":
        return "error.number_range", {"minimum": spec.minimum, "maximum": spec.maximum}
    if name == "person.phone":
        return "error.phone", {}
    if name == "person.postcode":
        return "error.postcode", {}
    if err_type == "string_too_long":
        return ("error.tag_too_long" if is_item else "error.too_long"), {"max_length": spec.max_length}
    if err_type == "too_long":
        return "error.too_many", {"maximum": spec.maximum}
    if kind in ("select", "multiselect", "languages", "checkboxes") or err_type in (
        "literal_error",
        "string_pattern_mismatch",
    ):
        return "error.option", {}
    return "error.invalid", {}


def problems_from_validation(
    errors: Sequence[Mapping[str, Any]], fields: Sequence[FormField], parsed: Mapping[str, Any]
) -> list[Problem]:
    """Pydantic's errors, plus every required answer left empty, as problems in the form's own order.

    The role-dependent requirements (needs; skills and capacity) are checked by a model validator that
    pydantic runs only once every field is valid, and it names no field: the form's own list says which.
    """
    by_name = {spec.name: spec for spec in fields}
    found: dict[str, Problem] = {}
    general: list[Problem] = []
    for spec in fields:
        if spec.required and _empty(_lookup(parsed, spec.name)):
            found[spec.name] = Problem(spec.name, *_message_key(spec, "missing", False))
    for err in errors:
        loc = tuple(err.get("loc", ()))
        name = field_name(loc)
        known = by_name.get(name)
        if known is not None:
            if name not in found:
                is_item = bool(loc) and isinstance(loc[-1], int)
                found[name] = Problem(name, *_message_key(known, str(err.get("type", "")), is_item))
        elif name or not found:
            # A hidden value, an unknown name, or a rule on the whole application that the checks of
            # required answers above did not already explain: nothing a person can correct in place.
            general = [Problem(None, "error.general")]
    return [found[spec.name] for spec in fields if spec.name in found] + general


def _lookup(body: Mapping[str, Any], dotted: str) -> Any:
    node: Any = body
    for part in dotted.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)
    return node


def _empty(value: Any) -> bool:
    return value is None or value is False or value == [] or value == ""
