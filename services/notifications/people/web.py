"""The people part's pages: anyone's preferences (`/app/{slug}/preferences`), the one-click unsubscribe
(`/app/{slug}/unsubscribe?token=`, anonymous: the link is the key) and a person's delivery log for the
municipality's managers (`/app/{slug}/people/{person_id}/notifications`). They call `logic` directly."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from babel import Locale, UnknownLocaleError

from services.notifications.people import logic, router
from services.notifications.people.deps import store
from services.notifications.people.schemas import PreferencesWrite
from shared.auth import Role
from shared.errors import NotFound
from shared.i18n import Catalogues
from shared.web.pages import Visit, WebPages, page_responses

HERE = Path(__file__).parent
web = WebPages(HERE / "templates", Catalogues(HERE / "messages"))
TAGS = ["web: notifications"]
EVERYONE = (Role.MANAGER, Role.TRAINER, Role.MENTOR, Role.MENTEE)
Lang = Annotated[str | None, Query(description="en, de or pl; remembered for the next pages", max_length=8)]
Token = Annotated[str, Query(description="the unsubscribe link's token", min_length=1, max_length=400)]


def _event() -> Mapping[str, Any]:
    return router.current_event.raw_event


def _render(visit: Visit, template: str, *, status: int = 200, **values: Any) -> Response[str]:
    """A page with the helpers its template names: languages, kinds of message and reasons in words."""
    tenant = store().tenant(visit.signed_in.tenant_id or "") if visit.principal else None

    def named(prefix: str, key: str) -> str:
        return visit.t(f"{prefix}.{key}") if web.has_text(f"{prefix}.{key}") else key

    def language_name(code: str) -> str:
        try:
            return str(Locale.parse(code).get_display_name(code) or code)
        except (ValueError, UnknownLocaleError):
            return code

    return web.render(
        visit,
        template,
        status=status,
        language_name=language_name,
        kind_name=lambda key: named("kind", key),
        reason_name=lambda key: named("reason", key),
        zone=tenant.timezone if tenant else "Europe/Berlin",
        **values,
    )


@router.get(
    "/app/<tenant_slug>/preferences",
    tags=TAGS,
    summary="My preferences: e-mail, SMS, language",
    responses=page_responses("the preferences form"),
)
def preferences_page(tenant_slug: str, lang: Lang = None) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, *EVERYONE)
    current = logic.preferences(visit.signed_in, store())
    return _render(visit, "preferences.html", prefs=current, errors={})


@router.post(
    "/app/<tenant_slug>/preferences",
    tags=TAGS,
    summary="Save my preferences",
    responses=page_responses("saved: back to the form", status=303, _422="the form again, with the mistake"),
)
def save_preferences(tenant_slug: str) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, *EVERYONE)
    current = logic.preferences(visit.signed_in, store())
    fields = web.form(visit)
    language = (fields.get("language") or [""])[0].strip()
    body = PreferencesWrite.model_construct(
        email=(fields.get("email") or [""])[0] == "yes",
        sms=(fields.get("sms") or [""])[0] == "yes",
        language=language,
    )
    if language not in current.languages:
        shown = current.model_copy(update={"email": body.email, "sms": body.sms})
        errors = {"language": visit.t("prefs.error.language")}
        return _render(visit, "preferences.html", status=422, prefs=shown, errors=errors)
    logic.set_preferences(visit.signed_in, body, store())
    return web.redirect(visit, visit.app_path("preferences") + f"?lang={language}", "prefs.flash.saved")


@router.get(
    "/app/<tenant_slug>/unsubscribe",
    tags=TAGS,
    summary="Stop the mails that are not transactional: asks first (a mail scanner's visit changes nothing)",
    responses=page_responses("the confirmation"),
)
def unsubscribe_page(tenant_slug: str, token: Token, lang: Lang = None) -> Response[str]:
    person = logic.unsubscribe_target(tenant_slug, token, store())
    if person is None:
        raise NotFound("This link does not work (any more).")
    visit = web.open(_event(), tenant_slug, default_language=person.language)
    return _render(visit, "unsubscribe.html", token=token, done=False)


@router.post(
    "/app/<tenant_slug>/unsubscribe",
    tags=TAGS,
    summary="One-click unsubscribe (RFC 8058): turns the e-mail preference off; the token is the key",
    responses=page_responses("done"),
)
def unsubscribe(tenant_slug: str, token: Token, lang: Lang = None) -> Response[str]:
    # No CSRF token: a mail client posts `List-Unsubscribe=One-Click` without any page or cookie, and
    # the change only ever turns mail off for the link's own person.
    person = logic.unsubscribe(tenant_slug, token, store())
    if person is None:
        raise NotFound("This link does not work (any more).")
    visit = web.open(_event(), tenant_slug, default_language=person.language)
    return _render(visit, "unsubscribe.html", token=token, done=True)


@router.get(
    "/app/<tenant_slug>/people/<person_id>/notifications",
    tags=TAGS,
    summary="What was sent to a person and how it went (managers)",
    responses=page_responses("the delivery log"),
)
def delivery_log_page(tenant_slug: str, person_id: str, lang: Lang = None) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, Role.MANAGER)
    log = logic.delivery_log(visit.signed_in, person_id, store())
    return _render(visit, "delivery_log.html", log=log)
