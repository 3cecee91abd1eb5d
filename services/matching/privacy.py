"""What matching holds about a person, for their export and erasure (issue 14).

Erasure: the matching profile goes (everything the person told about themselves); the name projection
keeps its item with a neutral label instead of the name, so a relationship's pages (a group diary, say)
still show that somebody was there. Matches, members, exclusions and runs keep the ids: they link and count.
"""

from __future__ import annotations

from services.matching.settings import settings
from shared.privacy import DELETE, KEEP, Erasing, Found, Item, PersonData

#: What the pages show where an erased person's name was.
NEUTRAL_LABEL = "Former participant"


def _name(found: Found, ctx: Erasing) -> Item | None:
    return {**found.item, "given_name": NEUTRAL_LABEL, "family_name": ""}


PERSON_DATA = PersonData(
    service="matching",
    table_name=lambda: settings.matching_table_name,
    rules={
        "PROGRAMME": KEEP,
        "PROFILE": DELETE,
        "NAME": _name,
        "EXCLUSION": KEEP,
        "RUN": KEEP,
        "RUNNING": KEEP,
        "RUNPART": KEEP,
        "MATCH": KEEP,
        "MEMBER": KEEP,
        "EVENT": KEEP,
        "IDEMPOTENCY": DELETE,
    },
    by_key=frozenset({"PROFILE", "NAME"}),
)
