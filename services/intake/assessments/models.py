"""An assessment of one training module: its questions (each in the programme's languages), the right
options, the pass mark; and a mentor's attempts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from shared.http import RequestBody
from shared.languages import LanguageCode
from shared.model import BaseModel

Words = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
#: One text in several languages: language code → the words.
Texts = dict[LanguageCode, Words]
QuestionId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,40}$")]


class QuestionWrite(BaseModel):
    question_id: QuestionId
    prompt: Texts = Field(min_length=1)
    options: list[Texts] = Field(min_length=2, max_length=8)
    correct: list[int] = Field(
        min_length=1, description="the indexes of every right option (all must be chosen)"
    )

    @model_validator(mode="after")
    def _consistent(self) -> QuestionWrite:
        if any(i < 0 or i >= len(self.options) for i in self.correct):
            raise ValueError("correct names an option the question does not have")
        languages = set(self.prompt)
        if any(set(option) != languages for option in self.options):
            raise ValueError("every option needs the prompt's languages")
        return self


class AssessmentWrite(RequestBody):
    pass_mark: int = Field(ge=1, le=100, description="the share of questions answered right to pass, in %")
    questions: list[QuestionWrite] = Field(min_length=1, max_length=50)

    @model_validator(mode="after")
    def _unique(self) -> AssessmentWrite:
        ids = [q.question_id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError("each question_id once")
        return self


class Assessment(AssessmentWrite):
    """As stored and as the trainer reads it (with the right options)."""

    programme_id: str
    module: str
    written_by: str
    written_at: datetime
    version: int = 0


class QuestionToAnswer(BaseModel):
    question_id: str
    prompt: str
    options: list[str]
    several: bool = Field(description="more than one option is right: choose every one")


class AssessmentToTake(BaseModel):
    """What a mentor sees: the questions in their language, never which options are right."""

    programme_id: str
    module: str
    language: str
    pass_mark: int
    questions: list[QuestionToAnswer]
    passed_before: bool = False


class AttemptWrite(RequestBody):
    answers: dict[QuestionId, list[Annotated[int, Field(ge=0, le=7)]]] = Field(
        description="question_id → the chosen options' indexes"
    )


class AttemptResult(BaseModel):
    module: str
    score: int = Field(description="the share of questions answered right, in %")
    pass_mark: int
    passed: bool
    qualified: bool = Field(description="every required module of the programme is now passed")
