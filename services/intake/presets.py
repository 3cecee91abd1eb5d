"""The five programme profiles of the seeds (`../shared/DOMAIN.md`, "The programme profiles in the seeds"),
each a starting point for a new programme: opening one from a preset fills in every setting it names; each
stays editable afterwards. `docs/programmes.md` explains each and the seed it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from shared.vocabulary import Criterion, Kind, MatrixSkill, Mode, Trait

PresetKey = Literal[
    "socialmentoring", "mentoring_2_0", "work_based_learning", "lse_social_mentoring", "q_ser"
]
PRESET_KEYS: tuple[PresetKey, ...] = get_args(PresetKey)
#: Who takes part in a programme of the preset (the account roles, and the employer of seed 002).
PresetRole = Literal["manager", "mentor", "mentee", "trainer", "employer"]
#: Monitoring's questionnaire kinds (shared/events/catalog/monitoring.py `QuestionnaireKind`).
QuestionnaireKind = Literal["initial", "midterm", "final", "mentor_self_assessment", "satisfaction"]


@dataclass(frozen=True)
class Preset:
    key: PresetKey
    seed: str
    kind: Kind
    mode: Mode
    cadence_days: int
    mentor_training_required: bool
    weights: dict[Criterion, int]
    roles: tuple[PresetRole, ...]
    questionnaires: tuple[QuestionnaireKind, ...]
    max_group_size: int = 5
    required_training_modules: tuple[str, ...] = (
        "mentoring_basics",
        "ethics_and_confidentiality",
        "intercultural_competence",
    )
    min_score: int = 0
    session_reminder_hours: int = 24
    #: The skill matrix applicants rate themselves on, and whether they take the personality test (001).
    skill_matrix: tuple[MatrixSkill, ...] = ()
    personality_assessment: bool = False
    #: The traits the personality criterion compares; None: all five (matching's default).
    personality_traits: tuple[Trait, ...] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def settings(self) -> dict[str, Any]:
        """The programme fields the preset sets (a body of `POST /v1/programmes` without name and dates)."""
        return {
            "kind": self.kind,
            "mode": self.mode,
            "max_group_size": self.max_group_size,
            "cadence_days": self.cadence_days,
            "session_reminder_hours": self.session_reminder_hours,
            "mentor_training_required": self.mentor_training_required,
            "required_training_modules": list(self.required_training_modules),
            "matching": {
                "weights": dict(self.weights),
                "min_score": self.min_score,
                **({"personality_traits": list(self.personality_traits)} if self.personality_traits else {}),
            },
            "skill_matrix": list(self.skill_matrix),
            "personality_assessment": self.personality_assessment,
        }


PRESETS: dict[PresetKey, Preset] = {
    preset.key: preset
    for preset in (
        # 000: leaders from business mentor people in precarious work towards work that secures a living;
        # coaching every 14 days; mentors prepared in impulse workshops and accompanied by the experts.
        Preset(
            key="socialmentoring",
            seed="000",
            kind="pair",
            mode="in_person",
            cadence_days=14,
            mentor_training_required=True,
            required_training_modules=("mentoring_basics", "ethics_and_confidentiality", "impulse_workshop"),
            weights={"industry": 5, "motivation": 4, "availability": 4, "communication": 3, "wishes": 3},
            roles=("manager", "mentor", "mentee", "trainer"),
            questionnaires=("initial", "midterm", "final", "satisfaction"),
            min_score=30,
        ),
        # 001: in-company mentoring with a monthly feedback talk; the mentee sets their own goals. The
        # skill matrix and the personality test feed the matching: a mentor strong where the mentee wants
        # to grow, and alike in how they work (conscientiousness) and take to new things (openness).
        Preset(
            key="mentoring_2_0",
            seed="001",
            kind="pair",
            mode="blended",
            cadence_days=30,
            mentor_training_required=False,
            weights={
                "skills": 5,
                "interests": 3,
                "education_experience": 3,
                "values": 3,
                "communication": 3,
                "availability": 3,
                "personality": 3,
            },
            skill_matrix=(
                "leadership",
                "communication",
                "presenting",
                "project_management",
                "conflict_resolution",
                "time_management",
                "data_analysis",
                "strategic_thinking",
            ),
            personality_assessment=True,
            personality_traits=("conscientiousness", "openness"),
            roles=("manager", "mentor", "mentee"),
            questionnaires=("initial", "midterm", "final", "mentor_self_assessment"),
            session_reminder_hours=48,
        ),
        # 002: mentors in the workplace, weekly meetings around daily planning; the employer sets goals.
        Preset(
            key="work_based_learning",
            seed="002",
            kind="pair",
            mode="in_person",
            cadence_days=7,
            mentor_training_required=True,
            required_training_modules=(
                "mentoring_basics",
                "ethics_and_confidentiality",
                "workplace_mentoring",
            ),
            weights={"industry": 5, "availability": 5, "mode": 3, "education_experience": 3},
            roles=("manager", "mentor", "mentee", "employer"),
            questionnaires=("initial", "midterm", "final", "mentor_self_assessment"),
        ),
        # 003: youth workers manage; NEET young people towards self-employment; groups of 4-5 around a
        # mentor; the full lifecycle with every questionnaire.
        Preset(
            key="lse_social_mentoring",
            seed="003",
            kind="group",
            max_group_size=5,
            mode="blended",
            cadence_days=14,
            mentor_training_required=True,
            weights={"motivation": 4, "availability": 4, "wishes": 3, "values": 3, "interests": 3, "age": 2},
            roles=("manager", "mentor", "mentee", "trainer"),
            questionnaires=("initial", "midterm", "final", "mentor_self_assessment", "satisfaction"),
        ),
        # 004: municipal staff trained (and assessed) as multiplier mentors for immigrants and refugees.
        Preset(
            key="q_ser",
            seed="004",
            kind="pair",
            mode="in_person",
            cadence_days=14,
            mentor_training_required=True,
            required_training_modules=(
                "mentoring_basics",
                "ethics_and_confidentiality",
                "intercultural_competence",
                "migration_and_asylum_basics",
            ),
            weights={"wishes": 4, "communication": 4, "availability": 4, "values": 2},
            roles=("manager", "mentor", "mentee", "trainer"),
            questionnaires=("initial", "midterm", "final", "satisfaction"),
        ),
    )
}


def with_preset(body: Any) -> Any:
    """A programme body whose `preset` fills in every setting it does not send itself (a sent `null`, as an
    empty form field posts, counts as not sent)."""
    if not isinstance(body, dict) or body.get("preset") not in PRESETS:
        return body
    sent = {name: value for name, value in body.items() if value is not None}
    settings = PRESETS[body["preset"]].settings()
    if isinstance(sent.get("matching"), dict):
        # The matching rules merge one level down: a form that sends the weights keeps the preset's traits.
        sent["matching"] = {**settings["matching"], **sent["matching"]}
    return {**settings, **sent}
