"""A registered partner system (machine client), and what the partner routes read and write."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints, create_model

from services.intake.models import ApplicationStatus, Person, Profile
from services.intake.schemas import ApplicationCreate
from shared.http import RequestBody
from shared.languages import LanguageCode
from shared.model import BaseModel
from shared.vocabulary import ApplicantRole

ClientName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]


class MachineClientCreate(RequestBody):
    name: ClientName = Field(description="the partner system, as the municipality calls it")
    tenant_id: str | None = Field(
        default=None, max_length=64, description="the network admin names the municipality; a manager's own"
    )


class MachineClient(BaseModel):
    """As kept (never its secret): which app client acts for which municipality, who registered it."""

    client_id: str
    tenant_id: str
    name: str
    created_at: datetime
    created_by: str = Field(description="the user id of who registered it")


class MachineClientRow(MachineClient):
    """A line of the manager's page: the client and when it last called the API (to the hour), if ever."""

    last_used_at: datetime | None = None


class MachineClientCreated(MachineClient):
    client_secret: str | None = Field(
        default=None,
        description="shown in this answer only, and not kept by Tandem: absent when an Idempotency-Key "
        "replays the answer (revoke the client and register it again if the secret is lost)",
    )
    token_endpoint: str = Field(description="where the partner system asks for an access token")
    scope: str = Field(description="the scope to ask for (client credentials grant)")


class MachineClientList(BaseModel):
    items: list[MachineClient]


class PartnerApplicantCreate(ApplicationCreate):
    """An applicant as a partner system sends one: the form's fields and rules, consent included, and the
    programme of the client's municipality it applies to."""

    programme_id: Annotated[str, StringConstraints(min_length=1, max_length=80)]
    website: None = Field(default=None, description="not used by partner systems")


def _all_optional(model: type[BaseModel], name: str) -> type[RequestBody]:
    """The model's fields, each optional: what a partner sends is merged into what is kept, then checked
    whole."""
    fields: dict[str, object] = {
        n: (f.annotation | None, Field(default=None, description=f.description))  # type: ignore[operator]
        for n, f in model.model_fields.items()
    }
    return create_model(name, __base__=RequestBody, **fields)  # type: ignore[call-overload]


PersonPatch = _all_optional(Person, "PersonPatch")
ProfilePatch = _all_optional(Profile, "ProfilePatch")


class PartnerApplicantPatch(RequestBody):
    """Contact and profile details to change while the application is in screening (fields left out are
    kept as they are)."""

    person: PersonPatch | None = None  # type: ignore[valid-type]
    profile: ProfilePatch | None = None  # type: ignore[valid-type]
    language: LanguageCode | None = None


class PartnerApplicant(BaseModel):
    """What a partner system reads back of an applicant it sent: its own data and the screening state,
    never the screeners' notes or the reason of a decision."""

    application_id: str
    programme_id: str
    role: ApplicantRole
    status: ApplicationStatus
    language: str
    submitted_at: datetime
    person: Person
    profile: Profile
