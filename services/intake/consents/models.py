"""A person's consents, per purpose, with every change kept (GDPR art. 7(1): the controller must be able to
show when and under which notice each was given or withdrawn)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from shared.events.catalog import ConsentPurpose
from shared.model import BaseModel

#: In the order the page asks them.
PURPOSES: tuple[ConsentPurpose, ...] = ("processing", "email", "sms", "employer_sharing")


class PurposeAnswer(BaseModel):
    purpose: ConsentPurpose
    granted: bool
    privacy_notice_version: str
    changed_at: datetime


class ConsentChange(BaseModel):
    """One entry of the history: a purpose answered, by the application form or by the person later."""

    purpose: ConsentPurpose
    granted: bool
    privacy_notice_version: str
    changed_at: datetime
    source: Literal["application", "person"]


class Consents(BaseModel):
    tenant_id: str
    person_id: str
    purposes: list[PurposeAnswer] = Field(description="one per purpose, in the page's order")
    history: list[ConsentChange] = Field(description="every change, oldest first")
    version: int = 0

    def granted(self, purpose: ConsentPurpose) -> bool:
        return any(p.granted for p in self.purposes if p.purpose == purpose)


class ErasureRequest(BaseModel):
    """Intake's record that a participant's erasure was asked for (ids and time; the why as a code)."""

    erasure_request_id: str
    tenant_id: str
    participant_id: str
    person_id: str
    programme_id: str
    reason: Literal["consent_withdrawn", "retention_period_ended"]
    requested_at: datetime
