"""The public form's HTML pages: the language chosen, fields turned into what a template shows, errors worded.

Pure functions of a `PublicProgramme` and what was posted; `forms.py` calls them. Every text comes from
the catalogues (`i18n`), every page from a Jinja template with autoescaping on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from services.intake import i18n

# Problems are worked out in form_problems and shown here; routes reach both through `pages`.
from services.intake.form_problems import Problem, chosen_from_list
from services.intake.form_problems import problems_from_validation as problems_from_validation
from services.intake.form_spec import HONEYPOT, ROLES, TICKED, as_role
from services.intake.models import MINIMUM_AGE, FormField
from services.intake.schemas import ApplicationReceipt, PublicProgramme
from shared.choices import label
from shared.vocabulary import DAY_PARTS, DAYS, ApplicantRole

if TYPE_CHECKING:
    from jinja2 import Environment


@cache
def _templates() -> Environment:
    # At the first page, not at import (jinja2 is a fifth of a cold start; the JSON form API needs none).
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=select_autoescape(("html",)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


#: What the browser may fill in for the applicant (WCAG 1.3.5, "identify input purpose").
AUTOCOMPLETE = {
    "person.given_name": "given-name",
    "person.family_name": "family-name",
    "person.email": "email",
    "person.phone": "tel",
    "person.birth_year": "bday-year",
    "person.gender": "sex",
    "person.postcode": "postal-code",
}
#: Option lists and their group in the shared choice labels (`shared/choices.py`: `<group>.<value>`).
OPTION_GROUPS = {
    "person.gender": "gender",
    "wishes.mentor_gender": "gender",
    "wishes.mentor_age_range": "age_range",
    "profile.education": "education",
    "profile.communication_style": "communication_style",
    "profile.preferred_mode": "mode",
    "person.languages": "language",
    "profile.industry": "industry",
    "wishes.industry": "industry",
    "profile.interests": "interest",
    "profile.values": "value",
    "profile.life_experience": "life_experience",
    "skills": "skill",
}
_MENTORING = {"needs", "skills", "competences", "mentoring_experience", "capacity"}
_MOTIVATION = {"profile.motivation", "profile.expectations"}
_LISTS = {"checkboxes", "multiselect", "languages"}
#: Sections drawn as a fieldset (a group of related answers) rather than a plain titled section.
_FIELDSET_SECTIONS = {"wishes", "consent"}
#: The self-assessments (seed 001): one section each, a drop-down per skill or item, with worded levels.
_ASSESSMENTS = {"skill_ratings": "skills", "personality": "personality"}
#: A self-assessment's levels: `scale.<scale>.<n>` in the catalogues (0-4 for skills, 1-7 for TIPI).
_SCALES = {"skill_ratings": "skill", "personality": "agreement"}
#: Messages that do not say which answer they are about: the error summary puts the question first.
_GENERIC = {
    "error.required", "error.choose", "error.option", "error.invalid", "error.too_long", "error.tag_too_long",
    "error.too_many", "error.number_range", "error.name",
}  # fmt: skip


def field_id(name: str) -> str:
    return "f-" + name.replace(".", "-")


# --- language ---------------------------------------------------------------------------------------


def offered_languages(programme: PublicProgramme) -> list[str]:
    """The programme's languages Tandem has texts in, and the municipality's own language if it has."""
    shipped = i18n.shipped()
    wanted = dict.fromkeys([*programme.languages, programme.default_language])
    return [code for code in wanted if code in shipped] or [fallback_language(programme.default_language)]


def fallback_language(default: str | None) -> str:
    return default if default in i18n.shipped() else i18n.FALLBACK


def choose_language(requested: str | None, programme: PublicProgramme) -> str:
    """The language asked for when the programme is offered in it; else the municipality's, else English."""
    offered = offered_languages(programme)
    for candidate in (requested, programme.default_language, i18n.FALLBACK):
        if candidate in offered:
            return candidate
    return offered[0]


# --- what a page shows ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    code: str
    name: str
    href: str


@dataclass
class Page:
    """What every page knows: the language, the links to the others, and `t` bound to the language."""

    lang: str
    switcher: list[Link]
    role: ApplicantRole | None = None

    def t(self, key: str, **values: object) -> str:
        return i18n.t(self.lang, key, **values)

    def href(self, **query: str | None) -> str:
        return _relative(**query)


def _relative(**query: str | None) -> str:
    # Relative to the page itself: right behind any stage prefix or custom domain, and never external.
    return "?" + urlencode({k: v for k, v in query.items() if v})


def page_for(lang: str, offered: Sequence[str], role: str | None) -> Page:
    known_role = as_role(role)
    switcher = [
        Link(code, i18n.t(code, "meta.language_name"), _relative(role=known_role, lang=code))
        for code in offered
        if code != lang
    ]
    return Page(lang=lang, switcher=switcher, role=known_role)


@dataclass
class Option:
    value: str
    label: str
    id: str


@dataclass
class FieldView:
    name: str
    id: str
    kind: str
    required: bool
    label: str
    hint: str | None
    error: str | None
    value: str
    chosen: list[str]
    options: list[Option] = field(default_factory=list)
    input_type: str = "text"
    autocomplete: str | None = None
    inputmode: str | None = None
    maxlength: int | None = None
    rows: list[tuple[str, list[tuple[Option, str]]]] = field(default_factory=list)
    empty_label: str = ""
    width: str | None = None

    @property
    def checked(self) -> bool:
        return any(v.strip().lower() in TICKED for v in self.chosen)

    @property
    def anchor(self) -> str:
        """Where the error summary links to: the input itself, or a group's first choice."""
        return self.options[0].id if self.kind in ("languages", "multiselect") and self.options else self.id

    @property
    def hint_id(self) -> str:
        return f"{self.id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.id}-error"

    @property
    def described_by(self) -> str | None:
        ids = [self.hint_id] if self.hint else []
        if self.error:
            ids.append(self.error_id)
        return " ".join(ids) or None


@dataclass
class Section:
    key: str
    title: str
    intro: str | None
    as_fieldset: bool
    fields: list[FieldView]


def _text(page: Page, name: str, part: str, **values: object) -> str | None:
    """`field.<name>.<part>.<role>` if the roles word it differently, else `field.<name>.<part>`."""
    for key in (f"field.{name}.{part}.{page.role}", f"field.{name}.{part}"):
        if i18n.has(key):
            return page.t(key, **values)
    return None


def _view(page: Page, spec: FormField, values: Mapping[str, Sequence[str]], error: str | None) -> FieldView:
    posted = list(values.get(spec.name, []))
    bounds = {
        "minimum": spec.minimum,
        "maximum": spec.maximum,
        "max_length": spec.max_length,
        "min_age": MINIMUM_AGE,
    }
    view = FieldView(
        name=spec.name,
        id=field_id(spec.name),
        kind=spec.kind,
        required=spec.required,
        label=_text(page, spec.name, "label", **bounds) or spec.name,
        hint=_text(page, spec.name, "hint", **bounds),
        error=error,
        value=_shown_value(spec.kind, posted),
        chosen=posted,
        autocomplete=AUTOCOMPLETE.get(spec.name),
        maxlength=spec.max_length if spec.kind not in _LISTS else None,
        empty_label=page.t("form.no_preference" if spec.name.startswith("wishes.") else "form.choose"),
    )
    group = OPTION_GROUPS.get(spec.name)
    if spec.kind in ("select", "languages", "checkboxes") and spec.options:
        view.options = [
            Option(v, label(page.lang, group, v) if group else v, f"{view.id}-{v}") for v in spec.options
        ]
    if spec.kind == "multiselect":
        view.options = [Option(v, v, f"{view.id}-{v}") for v in spec.options or ()]
        by_value = {o.value: o for o in view.options}
        view.rows = [
            (
                page.t(f"day.{day}"),
                [
                    (
                        by_value[f"{day}_{part}"],
                        page.t("availability.slot", day=page.t(f"day.{day}"), part=page.t(f"part.{part}")),
                    )
                    for part in DAY_PARTS
                ],
            )
            for day in DAYS
            if all(f"{day}_{part}" in by_value for part in DAY_PARTS)
        ]
    head, _, leaf = spec.name.partition(".")
    if head == "skill_ratings":
        view.label = label(page.lang, "matrix_skill", leaf)
    if spec.kind == "number" and chosen_from_list(spec):
        assert spec.minimum is not None and spec.maximum is not None
        scale = _SCALES.get(head)
        view.kind, view.width = "select", "w-short" if scale is None else None
        view.options = [
            Option(str(n), page.t(f"scale.{scale}.{n}") if scale else str(n), f"{view.id}-{n}")
            for n in range(spec.minimum, spec.maximum + 1)
        ]
    elif spec.kind == "number":
        # Not type=number: no spinner to nudge by accident, and a year is not a quantity.
        view.inputmode, view.width = "numeric", "w-year"
        view.maxlength = len(str(spec.maximum)) if spec.maximum is not None else None
    if spec.kind in ("email", "tel"):
        view.input_type = spec.kind
    return view


def _shown_value(kind: str, posted: Sequence[str]) -> str:
    if kind in _LISTS or not posted:
        return ""  # ticked boxes are shown through `chosen`
    return posted[-1]


def _section_of(name: str) -> str:
    head = name.split(".")[0]
    if head in _ASSESSMENTS:
        return _ASSESSMENTS[head]
    if head in ("person", "consent", "wishes"):
        return {"person": "about"}.get(head, head)
    if head in _MENTORING or name in _MOTIVATION:
        return "mentoring"
    return "profile"


def sections(
    page: Page,
    fields: Sequence[FormField],
    values: Mapping[str, Sequence[str]],
    errors: Mapping[str, str],
) -> list[Section]:
    out: list[Section] = []
    for spec in fields:
        key = _section_of(spec.name)
        if not out or out[-1].key != key:
            title = page.t(f"section.{key}.{page.role}" if key == "mentoring" else f"section.{key}")
            intro_key = f"section.{key}.intro"
            intro = page.t(intro_key) if i18n.has(intro_key) else None
            out.append(Section(key, title, intro, key in _FIELDSET_SECTIONS, []))
        out[-1].fields.append(_view(page, spec, values, errors.get(spec.name)))
    return out


# --- pages ------------------------------------------------------------------------------------------


def render(template: str, page: Page, **context: Any) -> str:
    return _templates().get_template(template).render(page=page, t=page.t, **context)


def form_page(
    programme: PublicProgramme,
    page: Page,
    *,
    values: Mapping[str, Sequence[str]] | None = None,
    problems: Sequence[Problem] = (),
) -> str:
    assert page.role is not None
    fields = programme.fields.get(page.role) or []
    values = values or {}
    worded = [(p, page.t(p.key, **p.values)) for p in problems]
    by_field = {p.name: text for p, text in worded if p.name}
    built = sections(page, fields, values, by_field)
    views = {f.name: f for s in built for f in s.fields}
    summary = [
        {
            "text": _summary_text(views[p.name].label, text)
            if p.name in views and p.key in _GENERIC
            else text,
            "href": f"#{views[p.name].anchor}" if p.name in views else None,
        }
        for p, text in worded
    ]
    other_role = "mentor" if page.role == "mentee" else "mentee"
    return render(
        "form.html",
        page,
        programme=programme,
        sections=built,
        summary=summary,
        action=page.href(role=page.role, lang=page.lang),
        other_role_href=page.href(role=other_role, lang=page.lang),
        honeypot={"name": HONEYPOT, "id": field_id(HONEYPOT), "value": (values.get(HONEYPOT) or [""])[-1]},
        privacy_notice_version=programme.privacy_notice_version,
    )


def _summary_text(label: str, message: str) -> str:
    """`"First name: Please fill in this field."`; a question keeps its own mark: `"Why …? Please …"`."""
    label = label.rstrip(" .:")
    return f"{label} {message}" if label.endswith(("?", "!")) else f"{label}: {message}"


def confirmation_page(
    programme: PublicProgramme, page: Page, receipt: ApplicationReceipt, given_name: str
) -> str:
    # No language links: they would lead to an empty form, not to this answer in another language.
    quiet = replace(page, switcher=[])
    return render("confirmation.html", quiet, programme=programme, receipt=receipt, given_name=given_name)


def closed_page(programme: PublicProgramme, page: Page) -> str:
    return render("closed.html", page, programme=programme)


def choose_role_page(programme: PublicProgramme, page: Page) -> str:
    links = {role: page.href(role=role, lang=page.lang) for role in ROLES}
    return render("choose_role.html", page, programme=programme, links=links)


def not_found_page(page: Page) -> str:
    return render("not_found.html", page)
