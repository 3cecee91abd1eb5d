"""A person's private calendar feed (issue 11, "Calendar"): calendar apps cannot send a bearer token, so
each member may make a secret feed URL with every session of every relationship they are in, and revoke it.

The token is 256 random bits, shown once; only its SHA-256 is stored, so a copy of the table cannot be
turned into working URLs. Making a new URL revokes the old one. An unknown or revoked token answers 404,
the same as a token that never existed.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import OrderedDict
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from services.sessions.logic.calendar import PRODID, _event
from services.sessions.logic.ports import FeedRecords
from services.sessions.models import CalendarFeed, Relationship, Session
from shared.auth import Principal, Role
from shared.errors import Forbidden, NotFound

#: The public path's file name: `<token>.ics`.
SUFFIX = ".ics"
_UNKNOWN = "No such calendar."
#: Feeds rendered by this (warm) function, by token hash: the key of the plans they show and the text.
#: Calendar apps poll a feed far more often than its plans change, and rendering is the costly part
#: (~40 ms for 66 sessions); the plans are still read each time, so a change shows at once.
_RENDERED: OrderedDict[str, tuple[tuple[tuple[str, int], ...], bytes]] = OrderedDict()
_RENDERED_MAX = 256


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _member(principal: Principal) -> tuple[str, str]:
    principal.require(Role.MENTOR, Role.MENTEE)
    tenant_id = principal.require_tenant()
    if principal.person_id is None:  # an account not (yet) linked to a person has no relationships
        raise Forbidden("Only a member of a relationship has a calendar feed.", rule="members_only")
    return tenant_id, principal.person_id


def make_feed(principal: Principal, store: FeedRecords) -> tuple[str, CalendarFeed]:
    """A new secret feed for the caller (the previous one stops working): the token and the record."""
    tenant_id, person_id = _member(principal)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(
        tenant_id=tenant_id, person_id=person_id, token_hash=token_hash(token), created_at=datetime.now(UTC)
    )
    store.replace_feed(feed)
    return token, feed


def feed_url(public_base_url: str, token: str) -> str:
    """The address a calendar app subscribes to (shown once, when the feed is made)."""
    return f"{public_base_url}/v1/public/calendars/{token}{SUFFIX}"


def current_feed(principal: Principal, store: FeedRecords) -> CalendarFeed | None:
    """The caller's feed, if they made one and did not revoke it (its URL cannot be shown again)."""
    tenant_id, person_id = _member(principal)
    return store.feed_of(tenant_id, person_id)


def revoke_feed(principal: Principal, store: FeedRecords) -> None:
    tenant_id, person_id = _member(principal)
    store.revoke_feed(tenant_id, person_id)


def _calendar(relationships: list[Relationship], plans: dict[str, list[Session]]) -> bytes:
    from icalendar import Calendar  # only where a calendar is drawn: not in every cold start

    stamp = datetime.now(UTC).replace(microsecond=0)
    feed = Calendar()
    feed.add("prodid", PRODID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    days = []
    for relationship in relationships:
        zone = ZoneInfo(relationship.timezone)
        sessions = sorted(plans[relationship.match_id], key=lambda s: s.starts_at)
        for session in sessions:
            feed.add_component(_event(session, zone, stamp))
        days += [relationship.programme_starts_on, relationship.programme_ends_on]
        days += [s.starts_at.astimezone(zone).date() for s in sessions]
    if days:
        feed.add_missing_timezones(
            first_date=min(days) - timedelta(days=1), last_date=max(days) + timedelta(days=1)
        )
    return bytes(feed.to_ical())


def person_feed(feed_file: str, store: FeedRecords) -> bytes:
    """The feed behind `<token>.ics`: the sessions of every relationship its owner is a member of."""
    if not feed_file.endswith(SUFFIX):
        raise NotFound(_UNKNOWN)
    feed = store.feed_by_hash(token_hash(feed_file.removesuffix(SUFFIX)))
    if feed is None:
        raise NotFound(_UNKNOWN)
    relationships = store.relationships_of(feed.tenant_id, feed.person_id)
    read = {r.match_id: store.plan(feed.tenant_id, r.match_id) for r in relationships}
    key = tuple(sorted((match_id, plan.revision) for match_id, plan in read.items()))
    cached = _RENDERED.get(feed.token_hash)
    if cached is not None and cached[0] == key:
        _RENDERED.move_to_end(feed.token_hash)
        return cached[1]
    rendered = _calendar(relationships, {match_id: plan.sessions for match_id, plan in read.items()})
    _RENDERED[feed.token_hash] = (key, rendered)
    if len(_RENDERED) > _RENDERED_MAX:
        _RENDERED.popitem(last=False)
    return rendered
