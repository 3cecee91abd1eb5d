"""What the questionnaires' pages share: the visit, posted fields, members in words, errors in words."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Query

from services.monitoring.questionnaires.models import Relationship
from services.monitoring.questionnaires.routing import router
from services.monitoring.questionnaires.web import web
from shared.errors import TandemError
from shared.web.pages import Visit

Lang = Annotated[str | None, Query(description="en, de or pl; remembered for the next pages", max_length=8)]
TAGS = ["web: monitoring"]


def event() -> Mapping[str, Any]:
    return router.current_event.raw_event


def field(fields: Mapping[str, list[str]], name: str) -> str:
    return (fields.get(name) or [""])[0].strip()


def whole(value: str) -> int | None:
    """A whole number typed into a field (None when it is not one)."""
    try:
        return int(value)
    except ValueError:
        return None


def member_name(visit: Visit, relationship: Relationship, participant_id: str) -> str:
    """A member in words: monitoring keeps no names (intake does), so "mentee 2", "the mentor"."""
    if participant_id == relationship.mentor_id:
        return visit.t("who.mentor")
    return visit.t("who.mentee", number=relationship.mentee_ids.index(participant_id) + 1)


def rule_text(visit: Visit, error: TandemError) -> str:
    rule = str(error.extensions.get("rule") or "")
    key = f"rule.{rule}"
    if rule and web.has_text(key):
        return visit.t(key)
    return visit.t("rule.conflict" if error.status == 409 else "rule.other")
