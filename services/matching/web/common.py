"""What matching's pages share: the language parameter, the event of the request, people's names, form
fields, and a broken rule in the reader's words."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Query

from services.matching.logic.views import Person
from services.matching.web import router, web
from shared.auth import Role
from shared.errors import TandemError
from shared.web.pages import Visit

Lang = Annotated[str | None, Query(description="en, de or pl; remembered for the next pages", max_length=8)]


def event() -> Mapping[str, Any]:
    return router.current_event.raw_event


def manager_visit(slug: str, programme_id: str | None = None) -> Visit:
    return web.visit(event(), slug, Role.MANAGER, programme_id=programme_id)


def field(fields: Mapping[str, list[str]], name: str) -> str:
    """One posted field, trimmed ("" when absent)."""
    return (fields.get(name) or [""])[0].strip()


def name_of(visit: Visit, people: Mapping[str, Person], participant_id: str) -> str:
    """A participant's name for a manager; their id while intake's name has not arrived."""
    person = people.get(participant_id)
    if person is not None and person.name:
        return person.name
    return visit.t("matching.name_unknown", id=participant_id)


def rule_text(visit: Visit, error: TandemError) -> str:
    """A broken rule in the reader's language: the rule's own text when the catalogue has one, else the
    page's general words for a conflict or a broken rule."""
    rule = str(error.extensions.get("rule") or "")
    key = f"rule.{rule}"
    if rule and web.has_text(key):
        return visit.t(key)
    return visit.t("rule.conflict" if error.status == 409 else "rule.other")
