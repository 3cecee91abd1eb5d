"""What sessions holds about a person, for their export and erasure (issue 14).

Erasure: the person's own diary entries, their goals (and, in a pair, the relationship's goals: they are
about the two of them), a mentor's private reflections, their absences' reasons and their calendar feed go;
a mentor's words in the relationship (its communication rules, the group's goals, the sessions' topics and
places) go with the mentor.
The others' diary entries in a group stay; the person's name there comes from matching, which replaces it
with a neutral label. Relationships, plans and agreements keep the person's ids (they count and link).
Work plans they wrote and their feedback on talks go; on the peer board their posts lose title, text and
writer, and their replies go.
An employer (seed 002) is found by the goals they set for a mentee (`set_by_person_id`): their erasure keeps
those goals, the mentee's, without naming them.
"""

from __future__ import annotations

from services.sessions.settings import settings
from services.sessions.store import FEEDS
from shared.privacy import DELETE, KEEP, Erasing, Found, Item, PersonData
from shared.storage import tenant_key


def _relationship_kinds(ctx: Erasing) -> dict[str, dict[str, object]]:
    return {f.sk: f.document() for f in ctx.of_kind("RELATIONSHIP")}


def _mentor_erased(match_id: str, ctx: Erasing) -> bool:
    relationship = _relationship_kinds(ctx).get(match_id)
    return relationship is not None and relationship.get("mentor_id") in ctx.ids


#: Where an employer's goals name the employer who set them (services/sessions/store.py).
EMPLOYER_SETTER = "set_by_person_id"


def _goals(found: Found, ctx: Erasing) -> Item | None:
    match_id, _, rest = found.sk.partition("#")
    mentee = rest.rpartition("#")[2]  # <mentee>, GROUP, or EMPLOYER#<mentee> (an employer's goals for them)
    relationship = _relationship_kinds(ctx).get(match_id)
    if mentee in ctx.ids or (relationship is not None and relationship.get("kind") == "pair"):
        return None
    goals = found.document()
    if goals.get(EMPLOYER_SETTER) in ctx.ids:
        # An erased employer's goals for a mentee stay the mentee's (marked as an employer's), naming nobody.
        del goals[EMPLOYER_SETTER]
        return found.with_document(goals)
    return found.item


def _agreement(found: Found, ctx: Erasing) -> Item | None:
    """The relationship's own rules are the mentor's words: they go with the mentor (the code of ethics and
    the terms are the programme's text, and stay with the signatures)."""
    if not _mentor_erased(found.sk, ctx):
        return found.item
    agreement = found.document()
    agreement["communication_rules"] = ""
    return found.with_document(agreement)


def _diary(found: Found, ctx: Erasing) -> Item | None:
    diary = found.document()
    return None if diary.get("writer_id") in ctx.ids else found.item


def _plan(found: Found, ctx: Erasing) -> Item | None:
    plan = found.document()
    mentor_erased = _mentor_erased(found.sk, ctx)
    for session in plan.get("sessions", []):
        if mentor_erased:  # what a session is about and where: the mentor's words (also `_mentors_items`)
            session["topic"], session["location"] = "", ""
        for absence in session.get("absences", []):
            if absence.get("participant_id") in ctx.ids:
                absence["reason"] = ""
    return found.with_document(plan)


def _peer_post(found: Found, ctx: Erasing) -> Item | None:
    """A board post names its writers by person id: the erased person's own post keeps its replies (the
    others' words) but loses its title, text and writer; their replies under others' posts go."""
    post = found.document()
    if post.get("author_id") in ctx.ids:
        post["title"], post["text"], post["author_id"] = "", "", ""
    post["replies"] = [r for r in post.get("replies", []) if r.get("author_id") not in ctx.ids]
    return found.with_document(post)


def _midterm(found: Found, ctx: Erasing) -> Item | None:
    ratings = found.document()
    ratings["mentees"] = {m: r for m, r in ratings.get("mentees", {}).items() if m not in ctx.ids}
    return found.with_document(ratings) if ratings["mentees"] else None


def _person_feed(found: Found, ctx: Erasing) -> Item | None:
    ctx.delete(tenant_key(FEEDS, "FEEDTOKEN"), str(found.item["token_hash"]))
    return None


def _mentors_items(ctx: Erasing) -> None:
    """What names only the relationship goes with its mentor: the private reflection, the group's goals, and
    the sessions' topics and places (the plan names the mentees, not the mentor, so it is not among what
    the erasure found)."""
    for match_id, relationship in _relationship_kinds(ctx).items():
        if relationship.get("mentor_id") not in ctx.ids:
            continue
        ctx.delete(tenant_key(ctx.tenant_id, "REFLECTION"), match_id)
        ctx.delete(tenant_key(ctx.tenant_id, "GOALS"), f"{match_id}#GROUP")
        plan = ctx.table.get_item(Key={"pk": tenant_key(ctx.tenant_id, "PLAN"), "sk": match_id}).get("Item")
        if plan is not None:
            found = Found("PLAN", plan)
            document = found.document()
            for session in document.get("sessions", []):
                session["topic"], session["location"] = "", ""
            ctx.table.put_item(Item=found.with_document(document))
            ctx.pseudonymised += 1


PERSON_DATA = PersonData(
    service="sessions",
    table_name=lambda: settings.sessions_table_name,
    rules={
        "PROGRAMME": KEEP,
        "AGREEMENT_TEMPLATE": KEEP,
        "PARTICIPANT": KEEP,
        "RELATIONSHIP": KEEP,
        "AGREEMENT": _agreement,
        "SESSIONREF": KEEP,
        "GOALS": _goals,
        "PLAN": _plan,
        "DIARY": _diary,
        "REFLECTION": DELETE,
        # A work plan names its writers: the tasks are the relationship's work, so it goes with any of them.
        "WORKPLAN": DELETE,
        # Feedback on a talk is one member's: it goes with them.
        "FEEDBACK": DELETE,
        "PEERPOST": _peer_post,
        "FEEDTOKEN": DELETE,
        "PERSONFEED": _person_feed,
        "EVENT": KEEP,
        "IDEMPOTENCY": DELETE,
        # Seed 002: an employer's link to the mentee goes with the mentee (the employer then sees nothing);
        # the mid-term ratings are numbers about the relationship's mentees: the person's go with them.
        "EMPLOYERLINK": DELETE,
        "MIDTERM": _midterm,
    },
    after=_mentors_items,
)
