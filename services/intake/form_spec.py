"""The application form as data: its fields per role, and a posted form turned into an application body.

`fields_for` is what `GET /v1/public/...` publishes so any partner's web form can render the same form;
`application_from_form` is how a form-encoded body (ours or a partner's) becomes the nested JSON shape
`ApplicationCreate` validates. Both follow `schemas.ApplicationCreate`; a unit test keeps them in step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from services.intake import personality
from services.intake.models import MINIMUM_AGE, FieldKind, FormField
from shared.vocabulary import (
    COMMUNICATION_STYLES,
    EDUCATIONS,
    GENDERS,
    INDUSTRIES,
    INTERESTS,
    LIFE_EXPERIENCES,
    MATRIX_SKILLS,
    MAX_SKILL_LEVEL,
    MENTOR_AGE_RANGES,
    MIN_SKILL_LEVEL,
    MODES,
    SKILLS,
    SLOTS,
    VALUES,
    ApplicantRole,
)

#: Languages offered as tick boxes: those most spoken by the people the seeds' programmes reach
#: (immigrants and refugees in Germany and Poland, 004), besides the shipped ones. The API takes any code.
SPOKEN_LANGUAGES = (
    "de", "en", "pl", "uk", "ru", "ar", "tr", "fa", "ps",
    "ku", "ti", "so", "fr", "es", "it", "ro", "bg", "sq",
)  # fmt: skip
__all__ = ["MENTOR_AGE_RANGES", "SLOTS"]  # the form's option lists, from shared/vocabulary.py
#: Hidden from people (off-screen); a bot that fills every input fills it, and nothing is stored.
HONEYPOT = "website"
ROLES: tuple[ApplicantRole, ...] = ("mentee", "mentor")
TICKED = frozenset({"on", "true", "yes", "1"})
_LONG_TEXT = 2000


def _field(
    name: str,
    kind: FieldKind,
    *,
    required: bool = False,
    options: Sequence[str] | None = None,
    max_length: int | None = None,
    minimum: int | None = None,
    maximum: int | None = None,
) -> FormField:
    return FormField(
        name=name,
        kind=kind,
        required=required,
        options=list(options) if options is not None else None,
        max_length=max_length,
        minimum=minimum,
        maximum=maximum,
    )


def _about_you() -> list[FormField]:
    # The year rolls over: computed per call, the same bound `Person._old_enough` applies.
    youngest = datetime.now(UTC).year - MINIMUM_AGE
    return [
        _field("person.given_name", "text", required=True, max_length=120),
        _field("person.family_name", "text", required=True, max_length=120),
        _field("person.email", "email", required=True, max_length=254),
        _field("person.phone", "tel", max_length=25),
        _field("person.birth_year", "number", required=True, minimum=1900, maximum=youngest),
        _field("person.gender", "select", options=GENDERS),
        _field("person.postcode", "text", max_length=10),
        # For lists, `maximum` is the most items; `max_length` bounds each item.
        _field("person.languages", "languages", required=True, options=SPOKEN_LANGUAGES, maximum=10),
    ]


def _motivation() -> list[FormField]:
    return [
        _field("profile.motivation", "textarea", required=True, max_length=_LONG_TEXT),
        _field("profile.expectations", "textarea", required=True, max_length=_LONG_TEXT),
    ]


def _profile() -> list[FormField]:
    return [
        # Choices, not free text: these travel to matching in `ParticipantAccepted` (issue 8, item 7).
        _field("profile.interests", "checkboxes", options=INTERESTS, maximum=20),
        _field("profile.values", "checkboxes", options=VALUES, maximum=10),
        _field("profile.life_experience", "checkboxes", options=LIFE_EXPERIENCES, maximum=10),
        _field("profile.education", "select", options=EDUCATIONS),
        _field("profile.industry", "select", options=INDUSTRIES),
        _field("profile.communication_style", "select", options=COMMUNICATION_STYLES),
        _field("profile.preferred_mode", "select", options=MODES),
        _field("profile.availability", "multiselect", options=SLOTS, maximum=len(SLOTS)),
    ]


def _consent() -> list[FormField]:
    # `consent.privacy_notice_version` is not a field to fill: the form carries the version it showed
    # (`PublicProgramme.privacy_notice_version`) as a hidden value.
    return [
        _field("consent.processing", "checkbox", required=True),
        _field("consent.contact_email", "checkbox"),
        _field("consent.contact_sms", "checkbox"),
    ]


def _skill_matrix(skills: Sequence[str]) -> list[FormField]:
    # A drop-down per skill (0-4): the same answer a partner's form sends as `skill_ratings.<skill>`.
    return [
        _field(f"skill_ratings.{skill}", "number", minimum=MIN_SKILL_LEVEL, maximum=MAX_SKILL_LEVEL)
        for skill in skills
    ]


def _personality() -> list[FormField]:
    return [
        _field(f"personality.tipi_{n}", "number", minimum=personality.LOWEST, maximum=personality.HIGHEST)
        for n in range(1, personality.ITEMS + 1)
    ]


def as_role(value: str | None) -> ApplicantRole | None:
    """A role named in a URL, or `None` when it names none."""
    if value == "mentee":
        return "mentee"
    if value == "mentor":
        return "mentor"
    return None


def fields_for(
    role: ApplicantRole, *, skill_matrix: Sequence[str] = (), personality_assessment: bool = False
) -> list[FormField]:
    """The form's fields for one role, in display order. The honeypot is left out on purpose: a form
    rendered from this list would show it to people, who might fill it and lose their application.
    A programme's skill matrix and personality self-assessment (seed 001) come after the profile."""
    if role == "mentee":
        own = [
            _field("needs", "textarea", required=True, max_length=_LONG_TEXT),
            *_motivation(),
            *_profile(),
            # "Prefer not to say" is about oneself; for a wish, an empty choice means "no preference".
            _field(
                "wishes.mentor_gender",
                "select",
                options=[g for g in GENDERS if g != "prefer_not_to_say"],
            ),
            _field("wishes.mentor_age_range", "select", options=MENTOR_AGE_RANGES),
            _field("wishes.industry", "select", options=INDUSTRIES),
        ]
    else:
        own = [
            _field("skills", "checkboxes", required=True, options=SKILLS, maximum=20),
            _field("competences", "textarea", max_length=_LONG_TEXT),
            _field("mentoring_experience", "textarea", max_length=_LONG_TEXT),
            _field("capacity", "number", required=True, minimum=1, maximum=5),
            *_motivation(),
            *_profile(),
        ]
    assessments = [*_skill_matrix(skill_matrix), *(_personality() if personality_assessment else [])]
    return [*_about_you(), *own, *assessments, *_consent()]


def _kinds() -> dict[str, str]:
    kinds: dict[str, str] = {
        f.name: f.kind
        for role in ROLES
        for f in fields_for(role, skill_matrix=MATRIX_SKILLS, personality_assessment=True)
    }
    kinds.update(
        {"consent.privacy_notice_version": "text", HONEYPOT: "text", "role": "text", "language": "text"}
    )
    return kinds


def _value(kind: str, values: Sequence[str]) -> Any:
    """One field's value as the schema wants it, or `None` for "not given"."""
    if kind == "checkbox":
        return any(v.strip().lower() in TICKED for v in values)
    if kind in ("multiselect", "languages", "checkboxes"):
        return [v.strip() for v in values if v.strip()] or None
    text = values[-1].strip() if values else ""
    if not text:
        return None
    if kind == "number":
        try:
            return int(text)
        except ValueError:
            return text  # left as typed, so validation names the field
    return text


def application_from_form(
    form: Mapping[str, Sequence[str]], *, role: str | None = None, language: str | None = None
) -> dict[str, Any]:
    """A form body (`parse_qs(body, keep_blank_values=True)`) as the nested dict `ApplicationCreate` takes.

    Dotted names nest (`person.email` → `{"person": {"email": ...}}`). Empty optional inputs are left
    out; an unticked checkbox is `False`; unknown names pass through so validation refuses them by name.
    `role` and `language`, when given, are what the page's URL says and win over the body.
    """
    kinds = _kinds()
    body: dict[str, Any] = {}
    for name, values in form.items():
        value = _value(kinds.get(name, "text"), values)
        if value is not None:
            _put(body, name, value)
    if role is not None:
        body["role"] = role
    if language is not None:
        body["language"] = language
    # The parts every application has stay, even empty, so a missing leaf is reported by its own name;
    # an unticked box is not sent at all, so "no consent" is said explicitly.
    for part in ("person", "profile", "consent"):
        if not isinstance(body.setdefault(part, {}), dict):
            return body
    body["consent"].setdefault("processing", False)
    return body


def _put(body: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, leaf = dotted.split(".")
    node = body
    for part in parents:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            return  # `person=x` and `person.email=y` together: the scalar stays and fails validation
        node = child
    node[leaf] = value
