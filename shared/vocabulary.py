"""The programme's vocabulary: every choice a form, an event or a service names, written once.

Intake's schemas and form spec, the event catalogue and matching all take their choices from here, so a
new option is added in one place (and its labels in each service's message catalogues). Each choice is a
`Literal` (what pydantic validates and JSON Schema publishes as an enum) with its options as a tuple in
display order.

The fixed lists (industries, interests, values, life experience, skills) exist so that what travels in
events is a choice, never a person's own words (issue 8, item 7): free text stays in intake.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import StringConstraints

from shared.languages import SHIPPED

# --- programmes -------------------------------------------------------------------------------------

Kind = Literal["pair", "group", "mixed"]
KINDS: tuple[Kind, ...] = get_args(Kind)
Mode = Literal["in_person", "e_mentoring", "blended"]
MODES: tuple[Mode, ...] = get_args(Mode)

#: The criteria a programme weighs (DOMAIN.md, step 4); matching scores by them, intake validates weights.
Criterion = Literal[
    "wishes", "motivation", "communication", "education_experience", "values", "age", "interests",
    "industry", "availability", "mode", "skills", "personality"
]  # fmt: skip
CRITERIA: tuple[Criterion, ...] = get_args(Criterion)
#: A criterion's weight, 0 (ignored) to 5; and the lowest score a proposal may have, 0 to 100.
MIN_WEIGHT, MAX_WEIGHT = 0, 5
MIN_SCORE, MAX_SCORE = 0, 100
MinScore = int  # one type everywhere (it was an int in two models and a float in the third)

# --- people ------------------------------------------------------------------------------------------

ApplicantRole = Literal["mentee", "mentor"]
APPLICANT_ROLES: tuple[ApplicantRole, ...] = get_args(ApplicantRole)
Gender = Literal["female", "male", "diverse", "prefer_not_to_say"]
GENDERS: tuple[Gender, ...] = get_args(Gender)
Education = Literal["secondary", "vocational", "bachelor", "master", "doctorate"]
EDUCATIONS: tuple[Education, ...] = get_args(Education)
CommunicationStyle = Literal["direct", "reflective", "supportive", "structured"]
COMMUNICATION_STYLES: tuple[CommunicationStyle, ...] = get_args(CommunicationStyle)
#: An age range a mentee wishes their mentor to be in: `NN-NN` or `NN+`; the form offers these.
AgeRange = Annotated[str, StringConstraints(pattern=r"^(\d{2}-\d{2}|\d{2}\+)$")]
MENTOR_AGE_RANGES: tuple[str, ...] = ("18-29", "30-44", "45-59", "60+")

# --- availability -----------------------------------------------------------------------------------

Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAYS: tuple[Day, ...] = get_args(Day)
DayPart = Literal["morning", "afternoon", "evening"]
DAY_PARTS: tuple[DayPart, ...] = get_args(DayPart)
Slot = Literal[
    "mon_morning", "mon_afternoon", "mon_evening",
    "tue_morning", "tue_afternoon", "tue_evening",
    "wed_morning", "wed_afternoon", "wed_evening",
    "thu_morning", "thu_afternoon", "thu_evening",
    "fri_morning", "fri_afternoon", "fri_evening",
    "sat_morning", "sat_afternoon", "sat_evening",
    "sun_morning", "sun_afternoon", "sun_evening",
]  # fmt: skip
SLOTS: tuple[Slot, ...] = get_args(Slot)

# --- the fixed lists of the profile (issue 8, item 7) -----------------------------------------------

Industry = Literal[
    "care_health", "social_work", "education", "it", "media_design", "skilled_trades", "construction",
    "manufacturing", "logistics", "retail", "hospitality", "office_administration", "finance_accounting",
    "public_service", "agriculture", "science_research", "other"
]  # fmt: skip
INDUSTRIES: tuple[Industry, ...] = get_args(Industry)

Interest = Literal[
    "cooking", "sport", "football", "fitness", "running", "cycling", "music", "art", "graphic_design",
    "crafts", "sewing_fashion", "reading", "languages", "travel", "nature", "animals", "gardening",
    "technology", "gaming", "cars", "films", "volunteering"
]  # fmt: skip
INTERESTS: tuple[Interest, ...] = get_args(Interest)

Value = Literal[
    "family", "honesty", "reliability", "respect", "independence", "helpfulness", "community", "faith",
    "friendship", "openness", "creativity", "education", "tolerance", "fairness", "humour"
]  # fmt: skip
VALUES: tuple[Value, ...] = get_args(Value)

LifeExperience = Literal[
    "migration", "refugee_experience", "parenthood", "single_parenthood", "career_change", "job_search",
    "own_business", "studying_abroad", "caring_for_relatives", "learning_a_new_language",
    "illness_or_disability", "returning_to_work"
]  # fmt: skip
LIFE_EXPERIENCES: tuple[LifeExperience, ...] = get_args(LifeExperience)

Skill = Literal[
    "job_applications", "cv_writing", "interview_practice", "language_learning", "it_skills",
    "accounting", "starting_a_business", "studying", "vocational_training", "networking",
    "dealing_with_authorities", "housing", "family_and_school", "health_system", "crafts_and_trades",
    "teaching"
]  # fmt: skip
SKILLS: tuple[Skill, ...] = get_args(Skill)

#: The skills a programme's skill matrix (seed 001) may list; each participant rates themselves on those
#: the programme chose, 0 (not yet) to 4 (could teach it). In-company skills, apart from the mentors'
#: `Skill` list of what they help with.
MatrixSkill = Literal[
    "leadership", "communication", "presenting", "project_management", "negotiation",
    "conflict_resolution", "time_management", "data_analysis", "software_development",
    "customer_relations", "coaching", "strategic_thinking", "teamwork", "self_organisation"
]  # fmt: skip
MATRIX_SKILLS: tuple[MatrixSkill, ...] = get_args(MatrixSkill)
MIN_SKILL_LEVEL, MAX_SKILL_LEVEL = 0, 4

#: The Big Five traits a personality self-assessment (TIPI) is scored into, each 1 to 7 in half points.
Trait = Literal["extraversion", "agreeableness", "conscientiousness", "emotional_stability", "openness"]
TRAITS: tuple[Trait, ...] = get_args(Trait)

# --- languages --------------------------------------------------------------------------------------

#: The languages Tandem's own texts exist in (`shared.languages.SHIPPED`; a test keeps the two equal).
ShippedLanguage = Literal["en", "de", "pl"]
SHIPPED_LANGUAGES: tuple[str, ...] = SHIPPED

__all__ = [
    "APPLICANT_ROLES",
    "COMMUNICATION_STYLES",
    "CRITERIA",
    "DAYS",
    "DAY_PARTS",
    "EDUCATIONS",
    "GENDERS",
    "INDUSTRIES",
    "INTERESTS",
    "KINDS",
    "LIFE_EXPERIENCES",
    "MATRIX_SKILLS",
    "MAX_SCORE",
    "MAX_SKILL_LEVEL",
    "MAX_WEIGHT",
    "MENTOR_AGE_RANGES",
    "MIN_SCORE",
    "MIN_SKILL_LEVEL",
    "MIN_WEIGHT",
    "MODES",
    "SHIPPED_LANGUAGES",
    "SKILLS",
    "SLOTS",
    "TRAITS",
    "VALUES",
    "AgeRange",
    "ApplicantRole",
    "CommunicationStyle",
    "Criterion",
    "Day",
    "DayPart",
    "Education",
    "Gender",
    "Industry",
    "Interest",
    "Kind",
    "LifeExperience",
    "MatrixSkill",
    "MinScore",
    "Mode",
    "ShippedLanguage",
    "Skill",
    "Slot",
    "Trait",
    "Value",
]
