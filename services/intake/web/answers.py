"""An application's answers in words, for the manager: each choice by its label in the page's language
(shared/choice_labels), each free text as the applicant wrote it, grouped as the form groups them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from services.intake import i18n as form_texts
from services.intake.models import Application
from services.intake.personality import traits
from shared.choices import label
from shared.vocabulary import MatrixSkill
from shared.web.pages import Visit


@dataclass(frozen=True)
class Answer:
    label: str
    value: str


@dataclass(frozen=True)
class Section:
    heading: str
    answers: list[Answer]


def _choices(lang: str, group: str, codes: Iterable[str] | None) -> str:
    return ", ".join(label(lang, group, c) for c in codes or [])


def _slot(lang: str, slot: str) -> str:
    day, _, part = slot.partition("_")
    if not part:
        return slot
    # The form's own words for days and parts of the day (intake's form catalogue).
    return form_texts.t(
        lang,
        "availability.slot",
        day=form_texts.t(lang, f"day.{day}"),
        part=form_texts.t(lang, f"part.{part}"),
    )


def _ratings(lang: str, ratings: Mapping[MatrixSkill, int] | None) -> str:
    return ", ".join(f"{label(lang, 'matrix_skill', s)} {n}/4" for s, n in (ratings or {}).items())


def _traits(lang: str, application: Application) -> str:
    if application.personality is None:
        return ""
    scored = traits(application.personality).model_dump()
    return ", ".join(f"{label(lang, 'trait', t)} {v:g}/7" for t, v in scored.items())


def answer_sections(application: Application, visit: Visit) -> list[Section]:
    """Every answer of the application that has a value; empty answers are left out."""
    lang, t = visit.lang, visit.t
    a, person, profile = application, application.person, application.profile

    def one(key: str, value: str | int | None) -> Answer | None:
        return Answer(t(f"applications.field.{key}"), str(value)) if value not in (None, "") else None

    def choice(key: str, group: str, code: str | None) -> Answer | None:
        return one(key, label(lang, group, code) if code else None)

    def many(key: str, group: str, codes: Iterable[str] | None) -> Answer | None:
        return one(key, _choices(lang, group, codes))

    yes_no = {True: t("applications.yes"), False: t("applications.no")}
    consent = a.consent
    groups: list[tuple[str, list[Answer | None]]] = [
        (
            "person",
            [
                one("given_name", person.given_name),
                one("family_name", person.family_name),
                one("email", person.email),
                one("phone", person.phone),
                one("birth_year", person.birth_year),
                choice("gender", "gender", person.gender),
                one("postcode", person.postcode),
                many("languages", "language", person.languages),
                choice("language", "language", a.language),
            ],
        ),
        (
            "profile",
            [
                one("motivation", profile.motivation),
                one("expectations", profile.expectations),
                one("needs", a.needs),
                many("interests", "interest", profile.interests),
                many("values", "value", profile.values),
                many("life_experience", "life_experience", profile.life_experience),
                choice("industry", "industry", profile.industry),
                choice("education", "education", profile.education),
                choice("communication_style", "communication_style", profile.communication_style),
                choice("preferred_mode", "mode", profile.preferred_mode),
                one("availability", ", ".join(_slot(lang, s) for s in profile.availability)),
            ],
        ),
        (
            "mentor",
            [
                many("skills", "skill", a.skills),
                one("competences", a.competences),
                one("mentoring_experience", a.mentoring_experience),
                one("capacity", a.capacity),
            ],
        ),
        (
            # Seed 001's self-assessments: the ratings, and the traits scored from the answers.
            "self_assessments",
            [
                one("skill_ratings", _ratings(lang, a.skill_ratings)),
                one("personality", _traits(lang, a)),
            ],
        ),
        (
            "wishes",
            [
                choice("mentor_gender", "gender", a.wishes.mentor_gender if a.wishes else None),
                choice("mentor_age_range", "age_range", a.wishes.mentor_age_range if a.wishes else None),
                choice("wished_industry", "industry", a.wishes.industry if a.wishes else None),
            ],
        ),
        (
            "consent",
            [
                one("consent_processing", yes_no[consent.processing.granted]),
                one("consent_email", yes_no[consent.contact_email.granted]),
                one("consent_sms", yes_no[consent.contact_sms.granted]),
                one("privacy_notice", consent.privacy_notice_version),
            ],
        ),
    ]
    sections = []
    for key, answers in groups:
        shown = [answer for answer in answers if answer is not None]
        if shown:
            sections.append(Section(t(f"applications.section.{key}"), shown))
    return sections
