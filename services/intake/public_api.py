"""Intake's public function: the web forms and the public API, reached without an account.

It runs apart from the API function (infra/cloud gives it a role with its table and the bus only, no
user-pool rights), so a flaw in anything an anonymous caller reaches cannot touch accounts. The routes
are ANONYMOUS_PREFIXES (shared/manifest.py); intake's manifest names this module's `handler`.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs

from aws_lambda_powertools.event_handler import Response

from services.intake import form_spec, forms, logic, metrics
from services.intake.deps import publisher, store
from services.intake.schemas import ApplicationCreate, ApplicationReceipt, PublicProgramme
from shared.errors import BadRequest
from shared.http import api_handler, created, make_resolver

SERVICE = "intake"
app = make_resolver(SERVICE)
app.include_router(forms.router)

# --- public: what a form needs, and applications -----------------------------------------------------


@app.get("/v1/public/<tenant_slug>/programmes/<programme_id>", tags=["public"])
def public_programme(tenant_slug: str, programme_id: str) -> PublicProgramme:
    return logic.public_programme(tenant_slug, programme_id, store())


@app.post(
    "/v1/public/<tenant_slug>/programmes/<programme_id>/applications",
    tags=["public"],
    summary="Apply to a programme (JSON or application/x-www-form-urlencoded)",
    status_code=201,
    response_description="received",
)
def submit_application(tenant_slug: str, programme_id: str) -> Response[ApplicationReceipt]:
    event = app.current_event
    body = _application_body()
    receipt: ApplicationReceipt = logic.submit_application(
        tenant_slug,
        programme_id,
        body,
        store(),
        publisher(),
        idempotency_key=event.headers.get("idempotency-key"),
    )
    metrics.application_submitted(honeypot_filled=bool(body.website))
    return created(receipt, f"/v1/applications/{receipt.application_id}")


def _application_body() -> ApplicationCreate:
    """The application as JSON, or as a plain HTML form posts it."""
    event = app.current_event
    kind = (event.headers.get("content-type") or "application/json").split(";")[0].strip().lower()
    raw = event.decoded_body or ""
    data: object
    if kind == "application/x-www-form-urlencoded":
        data = form_spec.application_from_form(parse_qs(raw, keep_blank_values=True))
    elif kind == "application/json":
        try:
            data = json.loads(raw or "null")
        except ValueError:
            raise BadRequest("The body is not valid JSON.", field="body") from None
    else:
        raise BadRequest("Send the application as application/json or application/x-www-form-urlencoded.")
    return ApplicationCreate.model_validate(data)


handler = api_handler(app, SERVICE)
