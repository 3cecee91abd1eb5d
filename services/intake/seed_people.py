"""Made-up applicants for the demo programme: mixed languages, needs and skills, as a town would see them."""

from __future__ import annotations

from typing import Any

_MENTEES: list[tuple[str, str, str, list[str], int, str, list[str], list[str], list[str], str]] = [
    # given, family, form language, languages, birth year, gender, interests, values, availability, industry
    (
        "Olena",
        "Kovalenko",
        "pl",
        ["uk", "pl", "en"],
        1994,
        "female",
        ["cooking", "technology"],
        ["family", "honesty"],
        ["mon_evening", "wed_evening"],
        "hospitality",
    ),
    (
        "Ahmad",
        "Rahimi",
        "de",
        ["fa", "de"],
        2001,
        "male",
        ["football", "cars"],
        ["respect", "reliability"],
        ["tue_afternoon", "thu_afternoon"],
        "logistics",
    ),
    (
        "Marta",
        "Zielińska",
        "pl",
        ["pl"],
        2004,
        "female",
        ["graphic_design", "music"],
        ["creativity", "openness"],
        ["sat_morning", "wed_evening"],
        "media_design",
    ),
    (
        "Jonas",
        "Becker",
        "de",
        ["de", "en"],
        2006,
        "male",
        ["gaming", "technology"],
        ["independence"],
        ["mon_afternoon", "fri_afternoon"],
        "it",
    ),
    (
        "Amina",
        "Yusuf",
        "en",
        ["en", "so", "de"],
        1998,
        "female",
        ["sewing_fashion"],
        ["family", "faith"],
        ["tue_morning", "thu_morning"],
        "retail",
    ),
    (
        "Dmytro",
        "Shevchenko",
        "de",
        ["uk", "ru", "de"],
        1989,
        "male",
        ["crafts", "nature"],
        ["reliability", "honesty"],
        ["sat_morning", "sun_afternoon"],
        "construction",
    ),
    (
        "Leonie",
        "Schulz",
        "de",
        ["de"],
        2005,
        "female",
        ["animals", "volunteering"],
        ["helpfulness", "family"],
        ["wed_afternoon", "fri_afternoon"],
        "care_health",
    ),
    (
        "Piotr",
        "Nowak",
        "pl",
        ["pl", "de"],
        1999,
        "male",
        ["cycling", "crafts"],
        ["independence", "honesty"],
        ["mon_evening", "thu_evening"],
        "skilled_trades",
    ),
    (
        "Sara",
        "Haddad",
        "en",
        ["ar", "en"],
        1996,
        "female",
        ["languages"],
        ["education", "respect"],
        ["tue_evening", "thu_evening"],
        "education",
    ),
    (
        "Kevin",
        "Wagner",
        "de",
        ["de"],
        2003,
        "male",
        ["fitness", "music"],
        ["friendship"],
        ["sat_afternoon", "sun_afternoon"],
        "other",
    ),
    (
        "Natalia",
        "Wiśniewska",
        "pl",
        ["pl", "en"],
        1992,
        "female",
        ["travel"],
        ["reliability"],
        ["mon_morning", "wed_morning"],
        "finance_accounting",
    ),
    (
        "Tesfaye",
        "Alemu",
        "en",
        ["am", "en", "de"],
        1997,
        "male",
        ["running", "technology"],
        ["community", "respect"],
        ["tue_afternoon", "fri_evening"],
        "it",
    ),
]

_MENTORS: list[tuple[str, str, str, list[str], int, str, list[str], list[str], list[str], str, int]] = [
    (
        "Katarzyna",
        "Lewandowska",
        "pl",
        ["pl", "de", "en"],
        1975,
        "female",
        ["cooking", "travel"],
        ["honesty", "family"],
        ["mon_evening", "wed_evening", "wed_morning"],
        "finance_accounting",
        3,
    ),
    (
        "Thomas",
        "Müller",
        "de",
        ["de", "en"],
        1968,
        "male",
        ["crafts", "cars", "football"],
        ["reliability", "respect"],
        ["tue_afternoon", "thu_afternoon", "sat_morning"],
        "construction",
        4,
    ),
    (
        "Hanna",
        "Fischer",
        "de",
        ["de", "en", "uk"],
        1982,
        "female",
        ["technology", "graphic_design", "music"],
        ["openness", "creativity"],
        ["mon_afternoon", "fri_afternoon", "wed_evening"],
        "it",
        5,
    ),
    (
        "Yusuf",
        "Demir",
        "en",
        ["tr", "de", "en", "ar"],
        1979,
        "male",
        ["languages", "running"],
        ["respect", "community"],
        ["tue_evening", "thu_evening", "fri_evening"],
        "education",
        2,
    ),
]


#: What each mentor offers, from the fixed list of skills (shared/vocabulary.py).
_SKILLS = [
    ["job_applications", "accounting"],
    ["crafts_and_trades", "vocational_training"],
    ["it_skills", "cv_writing"],
    ["language_learning", "teaching"],
]


#: What differs between the two roles' bodies: the e-mail tag, the two free-text answers and what
#: only that role is asked (a mentee's needs and wishes, a mentor's skills and capacity are added below).
_ROLE_WORDS = {
    "mentee": ("", "I want to find stable work.", "Regular meetings and honest advice."),
    "mentor": ("m", "I was helped once; now I help.", "A committed group."),
}


def _application(role: str, i: int, person: tuple[Any, ...]) -> dict[str, Any]:
    given, family, lang, langs, year, gender, interests, values, slots, industry = person[:10]
    tag, motivation, expectations = _ROLE_WORDS[role]
    return {
        "role": role,
        "language": lang,
        "person": {
            "given_name": given,
            "family_name": family,
            "email": f"{given.lower()}.{tag}{i}@example.org",
            "birth_year": year,
            "gender": gender,
            "languages": langs,
        },
        "profile": {
            "interests": interests,
            "industry": industry,
            "values": values,
            "availability": slots,
            "preferred_mode": "blended",
            "motivation": motivation,
            "expectations": expectations,
        },
        "consent": {"privacy_notice_version": "2026-11", "processing": True, "contact_email": True},
    }


def applications() -> list[dict[str, Any]]:
    """Application bodies as the public form would post them (JSON)."""
    out: list[dict[str, Any]] = []
    for i, mentee in enumerate(_MENTEES):
        body = _application("mentee", i, mentee)
        body["needs"] = "Finding my way into work here."
        body["wishes"] = {"industry": mentee[9]}
        out.append(body)
    for i, mentor in enumerate(_MENTORS):
        body = _application("mentor", i, mentor)
        body["skills"] = _SKILLS[i % len(_SKILLS)]
        body["capacity"] = mentor[10]
        body["mentoring_experience"] = "Trainer at my company."
        out.append(body)
    return out
