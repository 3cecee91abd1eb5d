"""The agreement of a relationship (`/app/{slug}/matches/{match_id}/agreement`): read it, write it (the
mentor or a manager), sign the current version (every member and a manager); and its printable page."""

from __future__ import annotations

from datetime import date

from aws_lambda_powertools.event_handler import Response
from pydantic import ValidationError

from services.sessions import logic
from services.sessions.deps import publisher, store
from services.sessions.logic.common import Caller, caller_in
from services.sessions.metrics import AGREEMENTS_SIGNED, count
from services.sessions.models import Agreement
from services.sessions.schemas import AgreementWrite, SignatureRequest
from services.sessions.web import router, web
from services.sessions.web.common import (
    TAGS,
    Lang,
    broken_rule,
    field,
    invalid_fields,
    lines,
    member_name,
    relationship_visit,
    rule_text,
)
from shared.errors import Conflict, RuleViolation
from shared.web.pages import Visit, page_responses

FIELDS = ("starts_on", "ends_on", "meeting_every_days", "ethics", "communication_rules", "terms")


def _signed_by_me(caller: Caller, agreement: Agreement) -> bool:
    if caller.participant_id is not None:
        return any(s.participant_id == caller.participant_id for s in agreement.signatures)
    return any(s.role == "manager" for s in agreement.signatures)


def _values(agreement: Agreement) -> dict[str, str]:
    return {
        "starts_on": agreement.starts_on.isoformat(),
        "ends_on": agreement.ends_on.isoformat(),
        "meeting_every_days": str(agreement.meeting_every_days),
        "ethics": "\n".join(agreement.ethics),
        "communication_rules": agreement.communication_rules,
        "terms": "\n".join(agreement.terms),
    }


def _page(
    visit: Visit,
    caller: Caller,
    agreement: Agreement,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response[str]:
    relationship = caller.relationship
    active = relationship.status == "active"
    if caller.manager and caller.role is None:
        visit.programme_id = relationship.programme_id  # the programme's tabs around its relationship
    return web.render(
        visit,
        "agreement.html",
        status=status,
        caller=caller,
        relationship=relationship,
        agreement=agreement,
        can_edit=active and (caller.role == "mentor" or caller.manager),
        can_sign=active and agreement.version >= 1 and not _signed_by_me(caller, agreement),
        signer=lambda s: (
            visit.t("who.manager")
            if s.participant_id is None
            else member_name(visit, caller, s.participant_id)
        ),
        errors=errors or {},
        values=values or _values(agreement),
    )


@router.get(
    "/app/<tenant_slug>/matches/<match_id>/agreement",
    tags=TAGS,
    summary="A relationship's agreement: read it, sign it; the mentor or a manager writes it",
    responses=page_responses("the agreement with who signed which version"),
)
def agreement_page(tenant_slug: str, match_id: str, lang: Lang = None) -> Response[str]:
    visit = relationship_visit(tenant_slug)
    caller = caller_in(visit.signed_in, match_id, store())
    return _page(visit, caller, logic.read_agreement(visit.signed_in, match_id, store()))


@router.post(
    "/app/<tenant_slug>/matches/<match_id>/agreement",
    tags=TAGS,
    summary="Write the agreement (action=save) or sign its current version (action=sign)",
    responses=page_responses(
        "done: back to the agreement",
        status=303,
        _409="the agreement again: the version signed is no longer the current one",
        _422="the agreement again, with each mistake at its field",
    ),
)
def write_or_sign(tenant_slug: str, match_id: str) -> Response[str]:
    visit = relationship_visit(tenant_slug)
    caller = caller_in(visit.signed_in, match_id, store())
    fields = web.form(visit)
    here = visit.app_path("matches", match_id, "agreement")
    if field(fields, "action") == "sign":
        try:
            version = int(field(fields, "version"))
            signed = logic.sign_agreement(
                visit.signed_in, match_id, SignatureRequest(version=version), store(), publisher()
            )
        except (ValueError, ValidationError):
            current = logic.read_agreement(visit.signed_in, match_id, store())
            return _page(visit, caller, current, status=422, errors={"sign": visit.t("rule.other")})
        except (Conflict, RuleViolation) as refused:
            current = logic.read_agreement(visit.signed_in, match_id, store())
            return _page(
                visit, caller, current, status=refused.status, errors={"sign": rule_text(visit, refused)}
            )
        if signed.signed:
            count(AGREEMENTS_SIGNED)
        return web.redirect(visit, here, "agreement.flash.signed")
    values = {name: field(fields, name) for name in FIELDS}
    values["ethics"] = (fields.get("ethics") or [""])[0]
    values["terms"] = (fields.get("terms") or [""])[0]
    current = logic.read_agreement(visit.signed_in, match_id, store())
    errors: dict[str, str] = {}
    for name in ("starts_on", "ends_on"):
        try:
            date.fromisoformat(values[name])
        except ValueError:
            errors[name] = visit.t(f"error.{name}")
    if values["meeting_every_days"] and not values["meeting_every_days"].isdigit():
        errors["meeting_every_days"] = visit.t("error.meeting_every_days")
    if errors:
        return _page(visit, caller, current, status=422, errors=errors, values=values)
    try:
        body = AgreementWrite(
            starts_on=date.fromisoformat(values["starts_on"]),
            ends_on=date.fromisoformat(values["ends_on"]),
            meeting_every_days=int(values["meeting_every_days"]) if values["meeting_every_days"] else None,
            ethics=lines(values["ethics"]) or None,
            communication_rules=values["communication_rules"],
            terms=lines(values["terms"]) or None,
        )
    except ValidationError as invalid:
        return _page(
            visit, caller, current, status=422, errors=invalid_fields(visit, invalid, FIELDS), values=values
        )
    try:
        logic.write_agreement(visit.signed_in, match_id, body, store(), publisher())
    except (RuleViolation, Conflict) as refused:
        errors = broken_rule(visit, refused, "starts_on")
        return _page(visit, caller, current, status=refused.status, errors=errors, values=values)
    return web.redirect(visit, here, "agreement.flash.saved")


@router.get(
    "/app/<tenant_slug>/matches/<match_id>/agreement/print",
    tags=TAGS,
    summary="The agreement as a plain page to print",
    responses=page_responses("the agreement, its version and signatures, for printing"),
)
def agreement_print(tenant_slug: str, match_id: str, lang: Lang = None) -> Response[str]:
    visit = relationship_visit(tenant_slug)
    caller = caller_in(visit.signed_in, match_id, store())
    agreement = logic.read_agreement(visit.signed_in, match_id, store())
    return web.render(
        visit,
        "agreement_print.html",
        caller=caller,
        agreement=agreement,
        signer=lambda s: (
            visit.t("who.manager")
            if s.participant_id is None
            else member_name(visit, caller, s.participant_id)
        ),
    )
