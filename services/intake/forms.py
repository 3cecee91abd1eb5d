"""The public web forms (`/forms/...`): server-rendered HTML in the applicant's language, no JavaScript.

A route reads the request, calls `logic`, and hands the outcome to `pages` to be shown. Every answer is a
whole HTML page, errors included: a person with an old phone and no JavaScript must always see where
they are and what to do next.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qs

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import ValidationError

from services.intake import form_spec, i18n, logic, metrics, pages
from services.intake.deps import publisher, store
from services.intake.schemas import ApplicationCreate, PublicProgramme
from shared.errors import Conflict, NotFound, RuleViolation
from shared.vocabulary import ApplicantRole

router = APIGatewayRouter()
HTML = "text/html; charset=utf-8"
#: The form page of a programme whose intake is closed is not "gone": a manager may open it again.
CLOSED_STATUS = 200

Role = Annotated[str | None, Query(description="mentee or mentor")]
Lang = Annotated[str | None, Query(description="ISO 639-1; else the municipality's language, else English")]


def _page_doc(description: str) -> OpenAPIResponse:
    return {"description": description, "content": {"text/html": {"schema": {"type": "string"}}}}


def _html(status: int, body: str) -> Response[str]:
    # Pages carry what a person typed (errors keep the values): never stored by a shared cache.
    return Response(status_code=status, content_type=HTML, body=body, headers={"Cache-Control": "no-store"})


def _not_found(role: str | None, lang: str | None) -> Response[str]:
    # No programme, so no municipality to take a language from: the one asked for if shipped, else English.
    chosen = lang if lang in i18n.shipped() else i18n.FALLBACK
    return _html(404, pages.not_found_page(pages.page_for(chosen, i18n.shipped(), role)))


def _programme(tenant_slug: str, programme_id: str) -> PublicProgramme | None:
    try:
        return logic.public_programme(tenant_slug, programme_id, store())
    except NotFound:
        return None


def _page(programme: PublicProgramme, role: str | None, lang: str | None) -> pages.Page:
    chosen = pages.choose_language(lang, programme)
    return pages.page_for(chosen, pages.offered_languages(programme), role)


def _form_context(
    tenant_slug: str, programme_id: str, role: str | None, lang: str | None
) -> tuple[PublicProgramme, pages.Page, ApplicantRole] | Response[str]:
    """The programme, the page and the role; or, where there is no form to show yet, the page saying why."""
    programme = _programme(tenant_slug, programme_id)
    if programme is None:
        return _not_found(role, lang)
    page = _page(programme, role, lang)
    if page.role is None:
        # No role yet (a shared link without it) is a normal start; a role we do not know is a bad request.
        return _html(400 if role else 200, pages.choose_role_page(programme, page))
    return programme, page, page.role


#: Both the form and its answer are pages for one programme of one municipality.
FORM_PATH = "/forms/<tenant_slug>/<programme_id>"
_NO_PROGRAMME = _page_doc("no such municipality or programme")


@router.get("/forms/<tenant_slug>", include_in_schema=False)
def link_without_programme(tenant_slug: str, role: Role = None, lang: Lang = None) -> Response[str]:
    # A link cut short (a line break in a message, say) still gets a page a person can read.
    return _not_found(role, lang)


@router.get(
    FORM_PATH,
    tags=["forms"],
    summary="The application form (HTML) in the applicant's language",
    responses={
        200: _page_doc("the form; without a role, a page to choose one; a closed programme says so"),
        400: _page_doc("a role other than mentee or mentor: a page to choose one"),
        404: _NO_PROGRAMME,
    },
)
def show_form(tenant_slug: str, programme_id: str, role: Role = None, lang: Lang = None) -> Response[str]:
    found = _form_context(tenant_slug, programme_id, role, lang)
    if isinstance(found, Response):
        return found
    programme, page, _ = found
    if not programme.open:
        return _html(CLOSED_STATUS, pages.closed_page(programme, page))
    return _html(200, pages.form_page(programme, page))


@router.post(
    FORM_PATH,
    tags=["forms"],
    summary="Send the form (application/x-www-form-urlencoded); the answer is a page",
    responses={
        200: _page_doc("no role was sent: a page to choose one (nothing is stored)"),
        201: _page_doc("the confirmation"),
        400: _page_doc("a role other than mentee or mentor: a page to choose one (nothing is stored)"),
        404: _NO_PROGRAMME,
        409: _page_doc("already applied with this e-mail (the form again), or applications closed"),
        422: _page_doc("the form again, with the values kept and each mistake at its field"),
    },
)
def submit_form(tenant_slug: str, programme_id: str, role: Role = None, lang: Lang = None) -> Response[str]:
    found = _form_context(tenant_slug, programme_id, role, lang)
    if isinstance(found, Response):
        return found
    programme, page, chosen = found
    if not programme.open:
        # The application was not taken: 409 says so to any client, the page says it to the person.
        return _html(409, pages.closed_page(programme, page))
    posted = _posted_form()
    data = form_spec.application_from_form(posted, role=chosen, language=page.lang)
    fields = programme.fields.get(chosen) or form_spec.fields_for(chosen)
    errors: list[Any] = []
    body: ApplicationCreate | None = None
    try:
        body = ApplicationCreate.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_input=False)
    problems = pages.problems_from_validation(errors, fields, data)
    if body is None or problems:
        return _html(422, pages.form_page(programme, page, values=posted, problems=problems))
    try:
        receipt = logic.submit_application(
            tenant_slug,
            programme_id,
            body,
            store(),
            publisher(),
            idempotency_key=router.current_event.headers.get("idempotency-key"),
        )
    except NotFound:
        return _not_found(role, lang)
    except Conflict as exc:
        if exc.extensions.get("rule") == "intake_closed":
            return _html(409, pages.closed_page(programme, page))
        if exc.extensions.get("rule") != "duplicate_application":
            raise
        duplicate = [pages.Problem("person.email", f"error.duplicate.{chosen}")]
        return _html(409, pages.form_page(programme, page, values=posted, problems=duplicate))
    except RuleViolation as exc:
        if exc.extensions.get("rule") != "idempotency_key_reused":
            raise
        reused = [pages.Problem(None, "error.resubmitted")]
        return _html(422, pages.form_page(programme, page, values=posted, problems=reused))
    metrics.application_submitted(honeypot_filled=bool(body.website))
    return _html(201, pages.confirmation_page(programme, page, receipt, body.person.given_name))


def _posted_form() -> dict[str, list[str]]:
    try:
        raw = router.current_event.decoded_body or ""
    except UnicodeDecodeError:
        # Not UTF-8 although the form asks for it: treated as empty, so the person sees what to fill in.
        raw = ""
    return parse_qs(raw, keep_blank_values=True)
