"""The privacy part's requests and answers (API.md "privacy")."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from shared.events.catalog.privacy import ErasureReason
from shared.http import RequestBody
from shared.model import BaseModel


class ErasureCreate(RequestBody):
    reason: ErasureReason = Field(description="why the person is erased (a code from a fixed list)")
    note: str | None = Field(
        default=None, max_length=1000, description="the manager's own words; kept in intake only"
    )


class ExportRequest(RequestBody):
    """No fields: the person is named by the path (or is the caller)."""


class ServiceExport(BaseModel):
    service: str
    status: Literal["pending", "written"]
    written_at: datetime | None = None


class ExportView(BaseModel):
    export_id: str
    person_id: str
    status: Literal["pending", "complete"]
    services: list[ServiceExport]
    requested_at: datetime
    download_url: str | None = Field(default=None, description="export.json; valid 15 minutes")
    html_url: str | None = Field(default=None, description="the readable export.html; valid 15 minutes")
    expires_at: datetime | None = Field(default=None, description="when the download links stop working")


class ServiceErasure(BaseModel):
    service: str
    status: Literal["pending", "done"]
    done_at: datetime | None = None


class ErasureView(BaseModel):
    erasure_id: str
    person_id: str
    participant_ids: list[str]
    reason: ErasureReason
    status: Literal["pending", "done"]
    services: list[ServiceErasure]
    requested_at: datetime
