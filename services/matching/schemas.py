"""The matching API's requests and answers (API.md, "matching").

Records the API answers with as they are (a run, a match) are the domain models of `models.py`,
re-exported here so that every model the API documents can be found in one module.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from services.matching.models import Exclusion, Grouping, Match, Objective, ReasonLanguage, RunStatus
from services.matching.run_models import MatchingRun
from shared.http import RequestBody
from shared.model import BaseModel

__all__ = [
    "Candidate",
    "CandidateList",
    "EndMatch",
    "EndResult",
    "Exclusion",
    "ExclusionCreate",
    "ExclusionList",
    "Match",
    "MatchCreate",
    "MatchList",
    "MatchingRun",
    "PublishRequest",
    "PublishResult",
    "RematchProposal",
    "RunAccepted",
    "RunCreate",
]

Id = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


# --- runs ---------------------------------------------------------------------------------------------


class RunCreate(RequestBody):
    objective: Objective = "max_total"
    grouping: Grouping | None = Field(
        default=None, description="default: pairs in a pair programme, else groups"
    )
    language: ReasonLanguage | None = Field(default=None, description="language of the reasons; default en")


class RunAccepted(BaseModel):
    run_id: str
    status: RunStatus


class PublishRequest(RequestBody):
    proposal_ids: list[Id] | None = Field(
        default=None, description="default: every proposal not yet published"
    )


class PublishResult(BaseModel):
    run_id: str
    matches: list[Match]


# --- matches ---------------------------------------------------------------------------------------


class MatchCreate(RequestBody):
    programme_id: Id
    mentor_id: Id
    mentee_ids: list[Id] = Field(min_length=1, max_length=8)


class MatchList(BaseModel):
    items: list[Match]


class EndMatch(RequestBody):
    reason: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    rematch: bool = False


class Candidate(BaseModel):
    mentor_id: str
    score: float
    breakdown: dict[str, float]
    reasons: list[str]
    eligible: bool = Field(description="false when a hard rule excludes the pair; see `excluded_by`")
    excluded_by: str | None = None
    has_room: bool
    free_slots: int


class CandidateList(BaseModel):
    mentee_id: str
    items: list[Candidate]


class RematchProposal(BaseModel):
    mentee_id: str
    candidate: Candidate | None = Field(description="the best available mentor, or null if there is none")


class EndResult(BaseModel):
    match: Match
    rematch_proposals: list[RematchProposal] = Field(
        default_factory=list, description="per mentee: the best available mentor, if rematch was asked"
    )


class ExclusionCreate(RequestBody):
    mentor_id: Id
    mentee_id: Id


class ExclusionList(BaseModel):
    items: list[Exclusion]
