"""Signing in and out: `/app` (which municipality), `/app/{slug}/sign-in` (the e-mail), `.../sign-in/code`
(the code), `.../sign-out`; the network admin's the same under `/app/network`. And `/app/{slug}` itself,
which sends each person to where their work starts.
"""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query

from services.intake.deps import store
from services.intake.logic import sign_in as signing
from services.intake.models import SignIn, Tenant
from services.intake.web import router, web
from shared.auth import Principal, Role
from shared.errors import NotFound
from shared.web import identity, session
from shared.web.pages import Visit, page_responses, redirect, safe_next

Lang = Annotated[str | None, Query(description="en, de or pl; remembered for the next pages", max_length=8)]
Next = Annotated[str | None, Query(description="the page to go on to after signing in", max_length=2000)]
#: `/app/network/...` are the network admin's pages; no municipality may take that slug.
NETWORK_SLUG = "network"
_SIGN_IN_COOKIE_SECONDS = int(signing.SIGN_IN_WINDOW.total_seconds())


def _tenant(slug: str) -> Tenant:
    tenant = store().tenant_by_slug(slug)
    if tenant is None:
        raise NotFound("No such municipality.")
    return tenant


def start_page(principal: Principal) -> str:
    """Where a person's work starts: the manager's programmes, the trainer's mentors, the employer's
    mentees, the participant's home (matching's page), the network admin's municipalities."""
    slug = principal.tenant_slug
    if slug is None:
        return "/app/network/municipalities"
    if principal.has(Role.MANAGER):
        return f"/app/{slug}/programmes"
    if principal.has(Role.TRAINER):
        return f"/app/{slug}/participants"
    if principal.has(Role.EMPLOYER):
        return f"/app/{slug}/employer"  # the mentees who share their progress with them (seed 002)
    return f"/app/{slug}/home"


# --- which municipality ------------------------------------------------------------------------------


@router.get(
    "/app",
    tags=["web: sign-in"],
    summary="Sign in: choose your municipality",
    responses=page_responses("the municipalities, each with its sign-in page"),
)
def choose_municipality(lang: Lang = None) -> Response[str]:
    visit = web.open(router.current_event.raw_event, None)
    if visit.principal is not None:
        return redirect(start_page(visit.principal), visit.cookies)
    tenants = sorted(store().tenants(), key=lambda t: t.name.lower())
    return web.render(visit, "choose_municipality.html", tenants=tenants)


# --- a municipality's start ----------------------------------------------------------------------------


@router.get(
    "/app/<tenant_slug>",
    tags=["web: sign-in"],
    summary="A municipality's start page",
    responses=page_responses("on to where the person's work starts", status=303),
)
def municipality_start(tenant_slug: str, lang: Lang = None) -> Response[str]:
    if tenant_slug == NETWORK_SLUG:
        visit = web.visit(router.current_event.raw_event, None, Role.ADMIN)
        return redirect(start_page(visit.signed_in), visit.cookies)
    visit = web.visit(router.current_event.raw_event, tenant_slug)
    return redirect(start_page(visit.signed_in), visit.cookies)


# --- the e-mail ---------------------------------------------------------------------------------------


def _sign_in_visit(slug: str) -> tuple[Visit, Tenant | None]:
    if slug == NETWORK_SLUG:
        return web.open(router.current_event.raw_event, None), None
    tenant = _tenant(slug)
    return web.open(router.current_event.raw_event, slug, default_language=tenant.default_language), tenant


def _signed_in_here(visit: Visit, tenant: Tenant | None) -> bool:
    principal = visit.principal
    if principal is None:
        return False
    return principal.tenant_id == (tenant.tenant_id if tenant else None)


def _after_sign_in(visit: Visit, principal: Principal, next_path: str | None) -> str:
    return safe_next(next_path, visit.slug) or start_page(principal)


@router.get(
    "/app/<tenant_slug>/sign-in",
    tags=["web: sign-in"],
    summary="Sign in: your e-mail",
    responses=page_responses("the e-mail form"),
)
def sign_in_page(tenant_slug: str, next: Next = None, lang: Lang = None) -> Response[str]:
    visit, tenant = _sign_in_visit(tenant_slug)
    if visit.principal is not None and _signed_in_here(visit, tenant):
        return redirect(_after_sign_in(visit, visit.principal, next), visit.cookies)
    return _email_form(visit, tenant, next)


def _email_form(
    visit: Visit, tenant: Tenant | None, next_path: str | None, *, email: str = "", error: str | None = None
) -> Response[str]:
    return web.render(
        visit,
        "sign_in.html",
        status=422 if error else 200,
        tenant=tenant,
        email=email,
        next=safe_next(next_path, visit.slug) or "",
        error=error,
    )


@router.post(
    "/app/<tenant_slug>/sign-in",
    tags=["web: sign-in"],
    summary="Sign in: send me a code",
    responses=page_responses("on to the code page", status=303, _422="the form again, saying why"),
)
def send_code(tenant_slug: str) -> Response[str]:
    visit, tenant = _sign_in_visit(tenant_slug)
    form = web.form(visit)
    email = (form.get("email") or [""])[0].strip()
    next_path = safe_next((form.get("next") or [""])[0], visit.slug)
    if not signing.valid_email(email):
        key = "sign_in.error.email_missing" if not email else "sign_in.error.email_invalid"
        return _email_form(visit, tenant, next_path, email=email[:254], error=visit.t(key))
    started = signing.start(tenant.tenant_id if tenant else None, email, store(), identity.provider())
    cookies = [
        *visit.cookies,
        session.cookie(session.SIGN_IN_COOKIE, started.sign_in_id, max_age=_SIGN_IN_COOKIE_SECONDS),
    ]
    target = visit.app_path("sign-in", "code") + (f"?{_next_query(next_path)}" if next_path else "")
    return redirect(target, cookies)


def _next_query(next_path: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"next": next_path})


# --- the code -----------------------------------------------------------------------------------------


def _code_form(
    visit: Visit,
    tenant: Tenant | None,
    sign_in: SignIn,
    next_path: str | None,
    *,
    error: str | None = None,
    notice: str | None = None,
    status: int = 200,
) -> Response[str]:
    return web.render(
        visit,
        "sign_in_code.html",
        status=status,
        tenant=tenant,
        email=sign_in.email,
        next=next_path or "",
        error=error,
        notice=notice,
    )


def _pending(visit: Visit, tenant: Tenant | None) -> SignIn | None:
    cookie = session.read_cookies(visit.event).get(session.SIGN_IN_COOKIE)
    return signing.pending(tenant.tenant_id if tenant else None, cookie, store())


@router.get(
    "/app/<tenant_slug>/sign-in/code",
    tags=["web: sign-in"],
    summary="Sign in: the code from the e-mail",
    responses=page_responses("the code form"),
)
def code_page(tenant_slug: str, next: Next = None, lang: Lang = None) -> Response[str]:
    visit, tenant = _sign_in_visit(tenant_slug)
    sign_in = _pending(visit, tenant)
    if sign_in is None:
        return web.redirect(visit, visit.app_path("sign-in"), "sign_in.flash.start_again")
    return _code_form(visit, tenant, sign_in, safe_next(next, visit.slug))


@router.post(
    "/app/<tenant_slug>/sign-in/code",
    tags=["web: sign-in"],
    summary="Sign in: check the code",
    responses=page_responses(
        "signed in: on to the page asked for", status=303, _422="the code form again, saying what was wrong"
    ),
)
def check_code(tenant_slug: str) -> Response[str]:
    visit, tenant = _sign_in_visit(tenant_slug)
    form = web.form(visit)
    next_path = safe_next((form.get("next") or [""])[0], visit.slug)
    sign_in = _pending(visit, tenant)
    if sign_in is None:
        return web.redirect(visit, visit.app_path("sign-in"), "sign_in.flash.start_again")
    if (form.get("action") or [""])[0] == "resend":
        signing.resend(sign_in, store(), identity.provider())
        return _code_form(visit, tenant, sign_in, next_path, notice=visit.t("sign_in.notice.new_code"))
    result = signing.answer(sign_in, (form.get("code") or [""])[0], store(), identity.provider())
    outcome = signing.Outcome
    if result.outcome is outcome.SIGNED_IN and result.tokens is not None:
        from shared.tokens import deployment_verifier

        principal = Principal.from_claims(deployment_verifier().verify(result.tokens.id_token))
        cookies = [
            *visit.cookies,
            *session.session_cookies(result.tokens.id_token, result.tokens.refresh_token),
            session.expired(session.SIGN_IN_COOKIE),
        ]
        return redirect(_after_sign_in(visit, principal, next_path), cookies)
    if result.outcome is outcome.NOT_A_CODE:
        error = visit.t("sign_in.error.not_a_code")
        return _code_form(visit, tenant, sign_in, next_path, error=error, status=422)
    if result.outcome is outcome.WRONG:
        error = visit.t("sign_in.error.wrong_code", count=result.tries_left)
        return _code_form(visit, tenant, sign_in, next_path, error=error, status=422)
    key = (
        "sign_in.notice.new_code_after_wrong"
        if result.outcome is outcome.NEW_CODE_AFTER_WRONG
        else "sign_in.notice.new_code_after_expiry"
    )
    return _code_form(visit, tenant, sign_in, next_path, notice=visit.t(key), status=422)


# --- signing out --------------------------------------------------------------------------------------


@router.post(
    "/app/<tenant_slug>/sign-out",
    tags=["web: sign-in"],
    summary="Sign out",
    responses=page_responses("signed out: on to the sign-in page", status=303),
)
def sign_out(tenant_slug: str) -> Response[str]:
    visit, _ = _sign_in_visit(tenant_slug)
    web.form(visit)  # the CSRF check: no other site may sign a person out
    visit.cookies.extend(session.sign_out(visit.event))
    return web.redirect(visit, visit.app_path("sign-in"), "sign_in.flash.signed_out")
