"""What sessions' pages share: the visit of a member or manager, the caller in a relationship, members
in words, form fields, errors in the reader's words."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import ValidationError

from services.sessions.logic.common import Caller
from services.sessions.models import Relationship
from services.sessions.web import router, web
from shared.auth import Role
from shared.errors import TandemError
from shared.web.pages import Visit

Lang = Annotated[str | None, Query(description="en, de or pl; remembered for the next pages", max_length=8)]
TAGS = ["web: sessions"]


def event() -> Mapping[str, Any]:
    return router.current_event.raw_event


def relationship_visit(slug: str) -> Visit:
    """Members and the municipality's managers; which relationship they reach, logic decides."""
    return web.visit(event(), slug, Role.MANAGER, Role.MENTOR, Role.MENTEE)


def field(fields: Mapping[str, list[str]], name: str) -> str:
    """One posted field, trimmed ("" when absent)."""
    return (fields.get(name) or [""])[0].strip()


def lines(text: str) -> list[str]:
    """A textarea's non-empty lines (one item a line)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def member_name(visit: Visit, caller: Caller, participant_id: str | None) -> str:
    """A member in words: "you", "the mentor", "mentee 2". Sessions keeps no names (matching does), and
    how the members reach each other is the programme manager's business (DOMAIN.md)."""
    relationship = caller.relationship
    if participant_id is None:
        return visit.t("who.nobody")
    if participant_id == caller.participant_id:
        return visit.t("who.you")
    if participant_id == relationship.mentor_id:
        return visit.t("who.mentor")
    if participant_id in relationship.mentee_ids:
        return visit.t("who.mentee", number=relationship.mentee_ids.index(participant_id) + 1)
    return visit.t("who.nobody")


def local_time(relationship: Relationship, value: str) -> datetime | None:
    """A `datetime-local` field read in the municipality's time zone (None when not a date and time)."""
    try:
        naive = datetime.fromisoformat(value)
    except ValueError:
        return None
    if naive.tzinfo is not None:
        return None
    return naive.replace(tzinfo=ZoneInfo(relationship.timezone))


def local_value(relationship: Relationship, value: datetime | None) -> str:
    """A stored time as a `datetime-local` field's value, in the municipality's time zone."""
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(relationship.timezone)).strftime("%Y-%m-%dT%H:%M")


def rule_text(visit: Visit, error: TandemError) -> str:
    """A broken rule in the reader's language: the rule's own text when the catalogue has one, else the
    page's general words for a conflict or a broken rule."""
    rule = str(error.extensions.get("rule") or "")
    key = f"rule.{rule}"
    if rule and web.has_text(key):
        return visit.t(key)
    return visit.t("rule.conflict" if error.status == 409 else "rule.other")


def invalid_fields(visit: Visit, error: ValidationError, known: tuple[str, ...]) -> dict[str, str]:
    """A request body's validation errors at the form's fields (the first field when none matches)."""
    errors: dict[str, str] = {}
    for problem in error.errors():
        name = str(problem["loc"][0]) if problem["loc"] else ""
        name = name if name in known else known[0]
        errors.setdefault(name, visit.t(f"error.{name}"))
    return errors


def broken_rule(visit: Visit, error: TandemError, default_field: str) -> dict[str, str]:
    """A refused change at the field the rule names (else at `default_field`)."""
    named = error.extensions.get("errors") or [{}]
    name = str(named[0].get("field") or default_field)
    return {name: rule_text(visit, error)}
