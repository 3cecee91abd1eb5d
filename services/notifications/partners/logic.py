"""Partner subscriptions: who may subscribe to what, where to, and what happens to the API key.

A manager subscribes to their municipality's public events; the network admin to every municipality's.
Internal events (contact details and the like) can never be subscribed to. The API key goes to the
routing (EventBridge's connection keeps it in Secrets Manager) and is never stored, answered or logged
here: the subscription keeps only a masked hint.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Literal

from services.notifications.partners.endpoints import Resolver, check_endpoint
from services.notifications.partners.models import NETWORK_SCOPE, DeliveryAttempt, Subscription
from services.notifications.partners.ports import EventRouting, SubscriptionStore
from services.notifications.partners.schemas import (
    ReplayRequest,
    ReplayStarted,
    SubscriptionCreate,
    SubscriptionList,
    SubscriptionView,
)
from shared.auth import Principal, Role
from shared.errors import NotFound, RuleViolation
from shared.events.catalog import CATALOGUE
from shared.idempotency import IdempotencyRace, IdempotentRequest

DEFAULT_KEY_HEADER = "x-api-key"
#: The archive keeps 30 days (infra/cloud/core.py): an older range has nothing left to send.
REPLAY_WINDOW = timedelta(days=30)
LATEST_DELIVERIES = 20


def subscriber_scope(principal: Principal) -> str:
    """Whose subscriptions the caller handles: their municipality's, or (the admin) the network's."""
    if principal.has(Role.ADMIN):
        return NETWORK_SCOPE
    principal.require(Role.MANAGER)
    return principal.require_tenant()


def check_event_types(event_types: list[str]) -> list[str]:
    """The requested types without repeats; an unknown or internal type is a 422 naming it."""
    unknown = [t for t in event_types if t not in CATALOGUE]
    if unknown:
        raise RuleViolation(
            f"Not in the event catalogue: {', '.join(unknown)}.",
            rule="unknown_event_type",
            field="event_types",
        )
    internal = [t for t in event_types if CATALOGUE[t].visibility != "public"]
    if internal:
        raise RuleViolation(
            f"Internal events cannot be subscribed to: {', '.join(internal)}.",
            rule="internal_event_type",
            field="event_types",
        )
    return list(dict.fromkeys(event_types))


def key_hint(api_key: str | None) -> str | None:
    """Enough to tell two keys apart, never enough to guess one: the last 4 characters of a long key."""
    if api_key is None:
        return None
    return "••••" + (api_key[-4:] if len(api_key) >= 16 else "")


def subscribe(
    principal: Principal,
    body: SubscriptionCreate,
    store: SubscriptionStore,
    routing: EventRouting,
    *,
    mode: Literal["cloud", "local"],
    resolver: Resolver,
    idempotency_key: str | None = None,
) -> SubscriptionView:
    scope = subscriber_scope(principal)
    event_types = check_event_types(body.event_types)
    request = IdempotentRequest.of(idempotency_key, scope="subscriptions", body=body)
    if request and (earlier := request.recall(store, scope, SubscriptionView)):
        return earlier
    check_endpoint(body.endpoint, mode=mode, resolver=resolver)
    subscription = Subscription(
        tenant_id=scope,
        subscription_id=f"sub_{uuid.uuid4().hex[:20]}",
        event_types=event_types,
        endpoint=body.endpoint,
        api_key_header=(body.api_key_header or DEFAULT_KEY_HEADER) if body.api_key else None,
        api_key_hint=key_hint(body.api_key),
        created_at=datetime.now(UTC),
        created_by=principal.person_id or principal.user_id,
    )
    view = SubscriptionView.of(subscription)
    # The route first: a subscription stored but not routed would promise events that never come.
    routing.connect(subscription, body.api_key)
    try:
        store.add_subscription(subscription, idempotency=request.answered(view) if request else None)
    except IdempotencyRace:
        routing.disconnect(subscription)
        assert request is not None  # only a request with a key can race
        earlier = request.recall(store, scope, SubscriptionView)
        assert earlier is not None
        return earlier
    except Exception:
        routing.disconnect(subscription)
        raise
    return view


def list_subscriptions(principal: Principal, store: SubscriptionStore) -> SubscriptionList:
    scope = subscriber_scope(principal)
    subs = sorted(store.subscriptions(scope), key=lambda s: s.created_at, reverse=True)
    return SubscriptionList(subscriptions=[SubscriptionView.of(s) for s in subs])


def _own(principal: Principal, subscription_id: str, store: SubscriptionStore) -> Subscription:
    found = store.subscription(subscriber_scope(principal), subscription_id)
    if found is None:
        raise NotFound("No such subscription.")
    return found


def read_subscription(
    principal: Principal, subscription_id: str, store: SubscriptionStore, routing: EventRouting
) -> SubscriptionView:
    subscription = _own(principal, subscription_id, store)
    deliveries = latest(routing.deliveries(subscription), store.failures(subscription))
    return SubscriptionView.of(subscription, deliveries[:LATEST_DELIVERIES])


def latest(reported: list[DeliveryAttempt], failed: list[DeliveryAttempt]) -> list[DeliveryAttempt]:
    """One line per event (and per replay of it), newest first: what the delivery reports (locally every
    attempt; in the cloud nothing), then the failures recorded from the dead-letter queue, which are final:
    after a dead letter nothing more is tried but a replay (a line of its own). A failure keeps the last
    HTTP status an attempt saw (a dead letter does not carry it)."""
    by_event: dict[tuple[str, bool], DeliveryAttempt] = {}
    for attempt in sorted(reported, key=lambda d: d.at):
        by_event[(attempt.event_id, attempt.replayed)] = attempt
    for failure in failed:
        key = (failure.event_id, failure.replayed)
        earlier = by_event.get(key)
        if earlier is not None and failure.last_status_code is None:
            failure = failure.model_copy(update={"last_status_code": earlier.last_status_code})
        by_event[key] = failure
    return sorted(by_event.values(), key=lambda d: d.at, reverse=True)


def unsubscribe(
    principal: Principal, subscription_id: str, store: SubscriptionStore, routing: EventRouting
) -> None:
    subscription = _own(principal, subscription_id, store)
    routing.disconnect(subscription)
    store.remove_subscription(subscription.tenant_id, subscription_id)


def replay(
    principal: Principal,
    subscription_id: str,
    body: ReplayRequest,
    store: SubscriptionStore,
    routing: EventRouting,
    *,
    now: datetime | None = None,
) -> ReplayStarted:
    subscription = _own(principal, subscription_id, store)
    now = now or datetime.now(UTC)
    if body.from_ >= body.to:
        raise RuleViolation("'from' must be before 'to'.", rule="replay_range", field="from")
    if body.from_ >= now:
        raise RuleViolation("'from' cannot be in the future.", rule="replay_range", field="from")
    if body.from_ < now - REPLAY_WINDOW:
        raise RuleViolation(
            "The archive keeps 30 days: 'from' is older than that.", rule="replay_range", field="from"
        )
    # A range reaching into the future means "until now": nothing after now is in the archive yet.
    replay_id = routing.replay(subscription, body.from_, min(body.to, now))
    return ReplayStarted(replay_id=replay_id, subscription_id=subscription_id)
