"""What a matching run produces: proposals with their breakdowns and reasons, the unmatched with theirs,
the run's metrics and the run itself (built by `engine.proposals`, stored with the run, shown by the API)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, TypeVar

from pydantic import Field

from services.matching.models import Grouping, Objective, ReasonLanguage, RunStatus, UnmatchedReason
from shared.model import BaseModel

Model = TypeVar("Model", bound=BaseModel)


def trusted(cls: type[Model], **values: Any) -> Model:
    """`cls.model_construct(**values)` for values already of the declared types, without its per-field
    alias and default handling: a run builds ~20,000 of these, and model_construct costs ~10x more.
    Fields left out take their (immutable) defaults; like model_construct, only the given ones count
    as set."""
    model = cls.__new__(cls)
    fields = dict(_defaults(cls))
    fields.update(values)
    object.__setattr__(model, "__dict__", fields)
    object.__setattr__(model, "__pydantic_fields_set__", set(values))
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model


_DEFAULTS: dict[type[BaseModel], dict[str, Any]] = {}


def _defaults(cls: type[BaseModel]) -> dict[str, Any]:
    found = _DEFAULTS.get(cls)
    if found is None:
        if cls.model_config.get("extra") == "allow" or cls.__pydantic_post_init__:
            raise TypeError(f"{cls.__name__} needs model_construct")
        found = {}
        for name, info in cls.model_fields.items():
            if info.default_factory is not None:
                raise TypeError(f"{cls.__name__}.{name} has a default factory: use model_construct")
            if not info.is_required():
                found[name] = info.default
        _DEFAULTS[cls] = found
    return found


class ProposedMentee(BaseModel):
    """One mentee of a proposal: the pair's score, what it is made of, and why in plain words."""

    mentee_id: str
    score: float
    breakdown: dict[str, float]
    reasons: list[str]


class TeamFact(BaseModel):
    """What most of a group share in one dimension: e.g. 3 of 4 mentees speak `pl`."""

    dimension: Literal["language", "needs", "availability", "age"]
    option: str = Field(description="a language code, an interest or life experience, a slot, or an age band")
    members: int = Field(description="mentees of the group who share it")
    size: int = Field(description="mentees in the group")


class TeamFit(BaseModel):
    """How well a group's mentees work as a team (`engine.team`), and its share of the combined score."""

    score: float = Field(description="the team fit, 0-100: the mean over the group's mentees")
    weight: int = Field(description="the programme's team weight beside the criteria's")
    points: float = Field(description="points the team fit adds to the combined score")
    combined_score: float = Field(description="the group's score with its team fit weighed in")
    facts: list[TeamFact]
    reasons: list[str]


class RunProposal(BaseModel):
    """A mentor and the mentees proposed to them (one in a pair programme)."""

    proposal_id: str
    mentor_id: str
    mentee_ids: list[str]
    score: float = Field(description="the pair's score; in a group, the mean of its pairs")
    breakdown: dict[str, float] = Field(description="criterion → points; in a group, the mean over its pairs")
    reasons: list[str]
    mentees: list[ProposedMentee]
    team: TeamFit | None = Field(
        default=None, description="in a group of two or more: how it works as a team"
    )


class UnmatchedParticipant(BaseModel):
    """A mentee the run leaves out, and why (`engine.rules.unmatched_reasons`)."""

    participant_id: str
    reason: UnmatchedReason


class RunMetrics(BaseModel):
    """Figures a manager sees for a run. Scores in points; `histogram` counts matched pairs by score
    bucket ("0-10" ... "90-100", the last including 100)."""

    total_score: float
    min_score: float | None
    matched: int
    unmatched: int
    top3_share: float
    histogram: dict[str, int]
    #: Group runs with team fit: the objective reached, a proven upper bound on it and the relative gap
    #: (0 = proven optimal), in combined points; `method` is "exact" (MILP) or "heuristic".
    objective_value: float | None = None
    bound: float | None = None
    gap: float | None = None
    method: Literal["assignment", "exact", "heuristic"] | None = None


class MatchingRun(BaseModel):
    run_id: str
    tenant_id: str
    programme_id: str
    status: RunStatus
    objective: Objective
    grouping: Grouping
    language: ReasonLanguage
    requested_at: datetime
    completed_at: datetime | None = None
    failure_reason: str | None = None
    proposals: list[RunProposal] = Field(default_factory=list)
    unmatched: list[UnmatchedParticipant] = Field(default_factory=list)
    metrics: RunMetrics | None = None
    #: participant id → profile version when the run read it; publishing compares against it.
    snapshot: dict[str, int] = Field(default_factory=dict, exclude=True)
    published_proposals: list[str] = Field(default_factory=list)
    compute_seconds: float | None = None
