"""Subscribing: who may, to which events, and what becomes of the API key."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.notifications.partners import logic
from services.notifications.partners.models import NETWORK_SCOPE
from services.notifications.partners.schemas import ReplayRequest, SubscriptionCreate
from shared.errors import Forbidden, NotFound, RuleViolation
from tests.fakes.partners import InMemorySubscriptions, RecordingRouting
from tests.fakes.principals import signed_in

MANAGER_A = signed_in("u-a", "manager", tenant_id="t_a", person_id="p_a")
MANAGER_B = signed_in("u-b", "manager", tenant_id="t_b", person_id="p_b")
ADMIN = signed_in("u-admin", "admin")
MENTOR = signed_in("u-m", "mentor", tenant_id="t_a", person_id="p_m")
KEY = "partner-secret-key-0123456789"


def body(**changes) -> SubscriptionCreate:
    fields = {"event_types": ["ApplicationDecided"], "endpoint": "http://127.0.0.1:9000/hook", **changes}
    return SubscriptionCreate.model_validate(fields)


def subscribe(principal=MANAGER_A, store=None, routing=None, key=None, **changes):
    return logic.subscribe(
        principal,
        body(**changes),
        store if store is not None else InMemorySubscriptions(),
        routing if routing is not None else RecordingRouting(),
        mode="local",
        resolver=lambda host, port: [],
        idempotency_key=key,
    )


def test_a_manager_subscribes_their_municipality_and_the_key_goes_to_the_routing_only():
    store, routing = InMemorySubscriptions(), RecordingRouting()
    view = subscribe(store=store, routing=routing, api_key=KEY)
    assert view.scope == "municipality" and view.tenant_id == "t_a"
    assert routing.routed == {view.subscription_id: KEY}
    assert view.api_key_header == "x-api-key" and view.api_key_hint == "••••6789"
    kept = store.subscription("t_a", view.subscription_id)
    assert kept is not None and KEY not in kept.model_dump_json() and KEY not in view.model_dump_json()


def test_the_network_admin_subscribes_for_every_municipality():
    view = subscribe(ADMIN)
    assert view.scope == "network" and view.tenant_id is None


@pytest.mark.parametrize("who", [MENTOR, signed_in("u-t", "trainer", tenant_id="t_a")])
def test_nobody_else_may_subscribe(who):
    with pytest.raises(Forbidden):
        subscribe(who)


def test_an_internal_or_unknown_type_is_refused_by_name():
    with pytest.raises(RuleViolation, match="ContactDetailsRecorded") as internal:
        subscribe(event_types=["ApplicationDecided", "ContactDetailsRecorded"])
    assert internal.value.extensions["rule"] == "internal_event_type"
    with pytest.raises(RuleViolation, match="Invented") as unknown:
        subscribe(event_types=["Invented"])
    assert unknown.value.extensions["rule"] == "unknown_event_type"


def test_repeated_types_are_kept_once():
    assert subscribe(event_types=["MatchEnded", "MatchEnded", "MatchConfirmed"]).event_types == [
        "MatchEnded",
        "MatchConfirmed",
    ]


def test_a_header_without_a_key_is_refused():
    with pytest.raises(ValueError, match="api_key_header"):
        body(api_key_header="X-Key")


def test_a_short_key_shows_no_characters_at_all():
    assert logic.key_hint("short") == "••••" and logic.key_hint(None) is None


def test_the_same_idempotency_key_answers_once_and_routes_once():
    store, routing = InMemorySubscriptions(), RecordingRouting()
    first = subscribe(store=store, routing=routing, key="k1")
    again = subscribe(store=store, routing=routing, key="k1")
    assert first == again and len(routing.routed) == 1
    with pytest.raises(RuleViolation):
        subscribe(store=store, routing=routing, key="k1", event_types=["MatchEnded"])


def test_when_storing_fails_the_route_is_taken_down_again():
    store, routing = InMemorySubscriptions(), RecordingRouting()
    store.fail_next_add = True
    with pytest.raises(RuntimeError):
        subscribe(store=store, routing=routing)
    assert routing.routed == {}


def test_another_municipality_and_the_admin_cannot_see_or_delete_it():
    store, routing = InMemorySubscriptions(), RecordingRouting()
    view = subscribe(store=store, routing=routing)
    for other in (MANAGER_B, ADMIN):
        with pytest.raises(NotFound):
            logic.read_subscription(other, view.subscription_id, store, routing)
        with pytest.raises(NotFound):
            logic.unsubscribe(other, view.subscription_id, store, routing)
        assert logic.list_subscriptions(other, store).subscriptions == []
    logic.unsubscribe(MANAGER_A, view.subscription_id, store, routing)
    assert routing.routed == {} and store.subscriptions("t_a") == []
    assert store.subscriptions(NETWORK_SCOPE) == []


def test_replay_takes_a_range_of_the_last_30_days():
    store, routing = InMemorySubscriptions(), RecordingRouting()
    view = subscribe(store=store, routing=routing)
    now = datetime(2026, 12, 1, 12, tzinfo=UTC)

    def replay(start, end):
        request = ReplayRequest.model_validate({"from": start.isoformat(), "to": end.isoformat()})
        return logic.replay(MANAGER_A, view.subscription_id, request, store, routing, now=now)

    replay(now - timedelta(minutes=5), now + timedelta(hours=1))
    assert routing.replays.pop() == (view.subscription_id, now - timedelta(minutes=5), now)
    started = replay(now - timedelta(hours=2), now - timedelta(hours=1))
    assert started.subscription_id == view.subscription_id
    assert routing.replays == [(view.subscription_id, now - timedelta(hours=2), now - timedelta(hours=1))]
    for start, end in (
        (now - timedelta(hours=1), now - timedelta(hours=2)),
        (now + timedelta(hours=1), now + timedelta(hours=2)),
        (now - timedelta(days=31), now),
    ):
        with pytest.raises(RuleViolation):
            replay(start, end)


def test_an_api_key_eventbridge_would_refuse_is_refused_here():
    for bad in ("with:colon", "control\x01char"):
        with pytest.raises(ValueError, match="api_key"):
            body(api_key=bad)
