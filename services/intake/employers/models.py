"""An employer's link to a mentee: who, since when, and — once ended — when and why (kept for the record
of who could see the mentee's progress until when; erased with the mentee)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from shared.events.catalog.intake import EmployerLinkEndReason
from shared.http import RequestBody
from shared.model import BaseModel


class EmployerLink(BaseModel):
    link_id: str
    participant_id: str = Field(description="the mentee")
    programme_id: str
    employer_user_id: str = Field(
        description="the employer's account (the `user_id` POST /v1/users answered)"
    )
    status: Literal["active", "ended"] = "active"
    linked_at: datetime
    linked_by: str = Field(description="the manager's account")
    ended_at: datetime | None = None
    end_reason: EmployerLinkEndReason | None = None


class EmployerLinkView(EmployerLink):
    employer_name: str = Field(default="", description="the employer contact's name, as their account has it")


class EmployerLinkCreate(RequestBody):
    employer_user_id: str = Field(min_length=1, max_length=80)


class EmployerLinkList(BaseModel):
    items: list[EmployerLinkView]
