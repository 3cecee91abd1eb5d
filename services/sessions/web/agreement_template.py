"""A programme's own code of ethics, terms and communication rules
(`/app/{slug}/programmes/{programme_id}/agreement-template`): its municipality's managers write what every
agreement of the programme not yet written starts from."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from pydantic import ValidationError

from services.sessions import logic
from services.sessions.deps import store
from services.sessions.models import AgreementTemplate
from services.sessions.schemas import AgreementTemplateWrite
from services.sessions.web import router, web
from services.sessions.web.common import TAGS, Lang, broken_rule, event, invalid_fields, lines
from shared.auth import Role
from shared.errors import Conflict, RuleViolation
from shared.web.pages import Visit, page_responses

FIELDS = ("ethics", "communication_rules", "terms")


def _page(
    visit: Visit,
    template: AgreementTemplate,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response[str]:
    return web.render(
        visit,
        "agreement_template.html",
        status=status,
        programme_text=template,
        errors=errors or {},
        values=values
        or {
            "ethics": "\n".join(template.ethics),
            "communication_rules": template.communication_rules,
            "terms": "\n".join(template.terms),
        },
    )


@router.get(
    "/app/<tenant_slug>/programmes/<programme_id>/agreement-template",
    tags=TAGS,
    summary="The programme's code of ethics and terms, which its new agreements start from (managers)",
    responses=page_responses("the programme's code of ethics, terms and communication rules"),
)
def agreement_template_page(tenant_slug: str, programme_id: str, lang: Lang = None) -> Response[str]:
    visit = web.visit(event(), tenant_slug, Role.MANAGER)
    return _page(visit, logic.read_agreement_template(visit.signed_in, programme_id, store()))


@router.post(
    "/app/<tenant_slug>/programmes/<programme_id>/agreement-template",
    tags=TAGS,
    summary="Save the programme's code of ethics and terms (managers)",
    responses=page_responses(
        "saved: back to the page",
        status=303,
        _409="the page again: it was saved elsewhere meanwhile",
        _422="the page again, with the mistake at its field",
    ),
)
def write_agreement_template(tenant_slug: str, programme_id: str) -> Response[str]:
    visit = web.visit(event(), tenant_slug, Role.MANAGER)
    current = logic.read_agreement_template(visit.signed_in, programme_id, store())
    fields = web.form(visit)
    values = {name: (fields.get(name) or [""])[0] for name in FIELDS}
    try:
        body = AgreementTemplateWrite(
            ethics=lines(values["ethics"]),
            communication_rules=values["communication_rules"].strip(),
            terms=lines(values["terms"]),
        )
    except ValidationError as invalid:
        errors = invalid_fields(visit, invalid, FIELDS)
        return _page(visit, current, status=422, errors=errors, values=values)
    try:
        logic.write_agreement_template(visit.signed_in, programme_id, body, store())
    except (RuleViolation, Conflict) as refused:
        errors = broken_rule(visit, refused, "ethics")
        return _page(visit, current, status=refused.status, errors=errors, values=values)
    return web.redirect(
        visit, visit.app_path("programmes", programme_id, "agreement-template"), "agreement_template.flash"
    )
