"""The retention API's request and answer."""

from __future__ import annotations

from pydantic import Field, field_validator
from pydantic_core.core_schema import ValidationInfo

from services.intake.retention.rules import RETENTION_BOUNDS
from shared.http import RequestBody
from shared.model import BaseModel


class RetentionView(BaseModel):
    rejected_applications_months: int = Field(
        description="a rejected application's months after the decision"
    )
    programme_data_months: int = Field(description="a programme's participants' months after its end")
    delivery_log_months: int = Field(description="fixed for every municipality")
    export_days: int = Field(description="fixed for every municipality")
    bounds: dict[str, list[int]] = Field(description="per configurable period: [lowest, highest] months")


class RetentionWrite(RequestBody):
    rejected_applications_months: int = Field(description="1 to 12")
    programme_data_months: int = Field(description="6 to 60")

    @field_validator("rejected_applications_months", "programme_data_months")
    @classmethod
    def _within_bounds(cls, months: int, info: ValidationInfo) -> int:
        _, low, high = RETENTION_BOUNDS[str(info.field_name)]
        if not low <= months <= high:
            raise ValueError(f"{info.field_name} must be between {low} and {high} months")
        return months
