"""The consents API's requests and answers."""

from __future__ import annotations

from pydantic import Field

from services.intake.consents.models import ConsentChange, PurposeAnswer
from shared.http import RequestBody
from shared.model import BaseModel


class ConsentsView(BaseModel):
    purposes: list[PurposeAnswer]
    history: list[ConsentChange] = Field(description="every change, oldest first")
    current_privacy_notice_version: str = Field(description="the notice a change is given under")


class ConsentsWrite(RequestBody):
    """The purposes to change (those left out stay as they are), under the notice the person was shown."""

    privacy_notice_version: str = Field(min_length=1, max_length=20)
    processing: bool | None = None
    email: bool | None = None
    sms: bool | None = None
    employer_sharing: bool | None = None
