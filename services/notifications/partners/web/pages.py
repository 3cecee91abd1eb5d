"""The subscriptions pages. Only the municipality's managers reach them (others: the 403 page); another
municipality's subscription is the 404 page. The API key is typed once and never shown again."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import ValidationError

from services.notifications.partners import logic, router
from services.notifications.partners.deps import resolver, routing, store
from services.notifications.partners.endpoints import check_endpoint
from services.notifications.partners.schemas import ReplayRequest, SubscriptionCreate
from services.notifications.partners.settings import settings
from services.notifications.partners.web import web
from shared.auth import Role
from shared.errors import RuleViolation
from shared.events.catalog import public_event_types
from shared.web.pages import Visit, page_responses

Lang = Annotated[str | None, Query(description="en, de or pl; remembered for the next pages", max_length=8)]
TAGS = ["web: partners"]
FIELDS = ("endpoint", "event_types", "api_key_header", "api_key")


def _visit(slug: str) -> Visit:
    return web.visit(router.current_event.raw_event, slug, Role.MANAGER)


def _one(fields: Mapping[str, list[str]], name: str) -> str:
    return (fields.get(name) or [""])[0].strip()


def _errors(visit: Visit, error: ValidationError | RuleViolation) -> dict[str, str]:
    """Each mistake at its field, in the reader's words."""
    if isinstance(error, RuleViolation):
        rule = str(error.extensions.get("rule"))
        field = next((e["field"] for e in error.extensions.get("errors", [])), "endpoint")
        return {field.split(".")[0]: visit.t(f"rule.{rule}", detail=error.detail)}
    errors: dict[str, str] = {}
    for problem in error.errors():
        name = str(problem["loc"][0]) if problem["loc"] else "endpoint"
        name = {"from": "from_"}.get(name, name)
        errors.setdefault(name if name in (*FIELDS, "from_", "to") else "endpoint", visit.t(f"error.{name}"))
    return errors


def _list_page(visit: Visit, *, status: int = 200, errors: dict[str, str] | None = None, values: Any = None):
    listed = logic.list_subscriptions(visit.signed_in, store()).subscriptions
    return web.render(
        visit,
        "subscriptions.html",
        status=status,
        subscriptions=listed,
        event_types=public_event_types(),
        errors=errors or {},
        values=values or {"event_types": []},
    )


@router.get(
    "/app/<tenant_slug>/subscriptions",
    tags=TAGS,
    summary="The municipality's partner subscriptions, and a form to add one (managers)",
    responses=page_responses("the subscriptions"),
)
def subscriptions_page(tenant_slug: str, lang: Lang = None) -> Response[str]:
    return _list_page(_visit(tenant_slug))


@router.post(
    "/app/<tenant_slug>/subscriptions",
    tags=TAGS,
    summary="Subscribe a partner's endpoint to public events (managers)",
    responses=page_responses(
        "subscribed: on to the subscription",
        status=303,
        _422="the list again, with the mistakes at their fields",
    ),
)
def subscribe(tenant_slug: str) -> Response[str]:
    visit = _visit(tenant_slug)
    fields = web.form(visit)
    values: dict[str, Any] = {
        "endpoint": _one(fields, "endpoint"),
        "event_types": [t for t in fields.get("event_types", []) if t],
        "api_key_header": _one(fields, "api_key_header"),
    }
    key = _one(fields, "api_key")
    errors: dict[str, str] = {}
    try:
        body = SubscriptionCreate(
            event_types=values["event_types"],
            endpoint=values["endpoint"],
            api_key_header=values["api_key_header"] or None,
            api_key=key or None,
        )
    except ValidationError as invalid:
        errors = _errors(visit, invalid)
    if values["endpoint"] and "endpoint" not in errors:
        # Every mistake at once: the address is checked even when no event was chosen.
        try:
            check_endpoint(values["endpoint"], mode=settings().partner_endpoints, resolver=resolver())
        except RuleViolation as refused:
            errors = {**_errors(visit, refused), **errors}
    if errors:
        return _list_page(visit, status=422, errors=errors, values=values)
    try:
        view = logic.subscribe(
            visit.signed_in, body, store(), routing(), mode=settings().partner_endpoints, resolver=resolver()
        )
    except RuleViolation as refused:
        return _list_page(visit, status=422, errors=_errors(visit, refused), values=values)
    return web.redirect(
        visit, visit.app_path("subscriptions", view.subscription_id), "subscriptions.flash.added"
    )


def _detail_page(
    visit: Visit,
    subscription_id: str,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response[str]:
    view = logic.read_subscription(visit.signed_in, subscription_id, store(), routing())
    # Today until the next whole minute (a range reaching past now means "until now").
    now = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=1)
    return web.render(
        visit,
        "subscription.html",
        status=status,
        subscription=view,
        errors=errors or {},
        values=values
        or {
            "from_": now.replace(hour=0, minute=0).strftime("%Y-%m-%dT%H:%M"),
            "to": now.strftime("%Y-%m-%dT%H:%M"),
        },
    )


@router.get(
    "/app/<tenant_slug>/subscriptions/<subscription_id>",
    tags=TAGS,
    summary="One subscription: its events, its latest deliveries, replay and delete (managers)",
    responses=page_responses("the subscription"),
)
def subscription_page(tenant_slug: str, subscription_id: str, lang: Lang = None) -> Response[str]:
    return _detail_page(_visit(tenant_slug), subscription_id)


def _utc(value: str) -> str:
    """A `datetime-local` field, read as UTC (the page says so)."""
    return f"{value}:00+00:00" if len(value) == 16 else value


@router.post(
    "/app/<tenant_slug>/subscriptions/<subscription_id>",
    tags=TAGS,
    summary="Replay a time range to the subscription, or delete it (managers)",
    responses=page_responses(
        "done: back to the subscription (or the list, once deleted)",
        status=303,
        _422="the subscription again, with the mistake at its field",
    ),
)
def change_subscription(tenant_slug: str, subscription_id: str) -> Response[str]:
    visit = _visit(tenant_slug)
    fields = web.form(visit)
    if _one(fields, "action") == "delete":
        logic.unsubscribe(visit.signed_in, subscription_id, store(), routing())
        return web.redirect(visit, visit.app_path("subscriptions"), "subscriptions.flash.deleted")
    values = {"from_": _one(fields, "from"), "to": _one(fields, "to")}
    try:
        request = ReplayRequest.model_validate({"from": _utc(values["from_"]), "to": _utc(values["to"])})
        logic.replay(visit.signed_in, subscription_id, request, store(), routing())
    except (ValidationError, RuleViolation) as refused:
        errors = _errors(visit, refused)
        errors = {("from_" if k == "from" else k): v for k, v in errors.items()}
        return _detail_page(visit, subscription_id, status=422, errors=errors, values=values)
    return web.redirect(
        visit, visit.app_path("subscriptions", subscription_id), "subscriptions.flash.replayed"
    )
