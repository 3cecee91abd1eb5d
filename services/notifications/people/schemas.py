"""The people part's API models: a person's preferences and the delivery log."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import ConfigDict, Field

from shared.model import BaseModel


class Preferences(BaseModel):
    """How a person wants to hear from Tandem. Transactional mail (receipts, decisions, sign-in codes,
    welcomes) is sent whatever these say."""

    email: bool = Field(description="e-mail for what is not transactional (reminders, session news)")
    sms: bool = Field(description="SMS for session changes, when a phone number is known")
    language: str = Field(description="one of the municipality's languages", min_length=2, max_length=8)


class PreferencesRead(Preferences):
    #: Whether the person chose these; false: they are the application's consent.
    chosen: bool
    #: Whether an SMS can reach the person (an E.164 number is known).
    sms_possible: bool
    #: The mail server refused the address; nothing more is e-mailed until the person gives a new one.
    email_bounced: bool
    languages: list[str] = Field(description="the municipality's languages, to choose from")


class PreferencesWrite(Preferences):
    model_config = ConfigDict(extra="forbid")


class DeliveryEntry(BaseModel):
    """One message in the log: never its text, and the address masked."""

    delivery_id: str
    channel: Literal["email", "sms"]
    kind: str = Field(description="which message (its template's name)")
    language: str
    status: Literal["sent", "delivered", "failed", "bounced", "complained", "held", "withheld"]
    reason: str | None = None
    sent_at: datetime
    to: str = Field(description="the address or number, masked")
    fallback: bool = Field(description="sent on this channel because the other one failed")


class DeliveryLog(BaseModel):
    person_id: str
    email_bounced: bool
    items: list[DeliveryEntry]
