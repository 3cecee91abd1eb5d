"""What sessions holds about a person, for their export and erasure (issue 14).

Erasure: the person's own diary entries, their goals (and, in a pair, the relationship's goals: they are
about the two of them), a mentor's private reflections, their absences' reasons and their calendar feed go.
The others' diary entries in a group stay; the person's name there comes from matching, which replaces it
with a neutral label. Relationships, plans and agreements keep the person's ids (they count and link).
"""

from __future__ import annotations

from services.sessions.settings import settings
from services.sessions.store import FEEDS
from shared.privacy import DELETE, KEEP, Erasing, Found, Item, PersonData
from shared.storage import tenant_key


def _relationship_kinds(ctx: Erasing) -> dict[str, dict[str, object]]:
    return {f.sk: f.document() for f in ctx.of_kind("RELATIONSHIP")}


def _goals(found: Found, ctx: Erasing) -> Item | None:
    match_id, _, mentee = found.sk.partition("#")
    relationship = _relationship_kinds(ctx).get(match_id)
    if mentee in ctx.ids or (relationship is not None and relationship.get("kind") == "pair"):
        return None
    return found.item


def _diary(found: Found, ctx: Erasing) -> Item | None:
    diary = found.document()
    return None if diary.get("writer_id") in ctx.ids else found.item


def _plan(found: Found, ctx: Erasing) -> Item | None:
    plan = found.document()
    for session in plan.get("sessions", []):
        for absence in session.get("absences", []):
            if absence.get("participant_id") in ctx.ids:
                absence["reason"] = ""
    return found.with_document(plan)


def _person_feed(found: Found, ctx: Erasing) -> Item | None:
    ctx.delete(tenant_key(FEEDS, "FEEDTOKEN"), str(found.item["token_hash"]))
    return None


def _reflections(ctx: Erasing) -> None:
    """A mentor's private reflection names only the relationship: it goes with the mentor."""
    for match_id, relationship in _relationship_kinds(ctx).items():
        if relationship.get("mentor_id") in ctx.ids:
            ctx.delete(tenant_key(ctx.tenant_id, "REFLECTION"), match_id)


PERSON_DATA = PersonData(
    service="sessions",
    table_name=lambda: settings.sessions_table_name,
    rules={
        "PROGRAMME": KEEP,
        "AGREEMENT_TEMPLATE": KEEP,
        "PARTICIPANT": KEEP,
        "RELATIONSHIP": KEEP,
        "AGREEMENT": KEEP,
        "SESSIONREF": KEEP,
        "GOALS": _goals,
        "PLAN": _plan,
        "DIARY": _diary,
        "REFLECTION": DELETE,
        "FEEDTOKEN": DELETE,
        "PERSONFEED": _person_feed,
        "EVENT": KEEP,
        "IDEMPOTENCY": DELETE,
    },
    after=_reflections,
)
