"""A case of good practice as written, as a manager decides on it, and as the search finds it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from shared.http import RequestBody
from shared.languages import LanguageCode
from shared.model import BaseModel

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Story = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=6000)]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Department = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
CaseStatus = Literal["pending", "returned", "approved"]


class PracticeCaseWrite(RequestBody):
    title: Title
    situation: Story = Field(description="what the situation was, with nobody recognisable in it")
    what_worked: Story = Field(description="what was done that worked, and why")
    tags: list[Tag] = Field(default_factory=list, max_length=10)
    department: Department = Field(description="the municipality's department the case comes from")
    language: LanguageCode = Field(description="the language the case is written in")


class PracticeCaseEdit(PracticeCaseWrite):
    version: int = Field(ge=1, description="the version read; a case changed since is a 409")


class CaseDecision(RequestBody):
    version: int = Field(ge=1, description="the version the manager read")


class CaseReturn(CaseDecision):
    reason: Reason = Field(description="what the author should change (the author reads it)")


class PracticeCase(BaseModel):
    case_id: str
    title: str
    situation: str
    what_worked: str
    tags: list[str]
    department: str
    language: str
    status: CaseStatus = Field(
        description="pending: waiting for a manager; returned: the author should change it; approved: "
        "everyone of the municipality who reads the archive finds it"
    )
    author_id: str | None = Field(description="the author's person id (for the author and managers only)")
    written_at: datetime
    approved_at: datetime | None = None
    approved_by: str | None = Field(default=None, description="the approving manager (as `author_id`)")
    return_reason: str | None = None
    published_version: int | None = Field(
        default=None,
        description="the version others read (an edit waits for approval; until then they read this one)",
    )
    version: int = 0


class PublishedCase(PracticeCase):
    """The approved version others read and search, with its index: stem → weighted count."""

    terms: dict[str, int]
    length: int


class PracticeCaseList(BaseModel):
    items: list[PracticeCase]


class CaseFound(BaseModel):
    case_id: str
    title: str
    excerpt: str = Field(description="the situation's beginning")
    tags: list[str]
    department: str
    language: str
    approved_at: datetime | None
    score: float = Field(description="how well it matches the words searched for; 0 without words")


class PracticeSearch(BaseModel):
    items: list[CaseFound]
    total: int = Field(description="how many approved cases match, before `limit`")
    departments: list[str] = Field(description="every department with an approved case, to filter by")
    tags: list[str] = Field(description="every tag of an approved case, to filter by")
