"""What monitoring holds about a person, for their export and erasure (issue 14).

Erasure: what the person wrote in their questionnaires' answers and what the reviews say in words goes;
scales, choices and ratings stay, since reports count them (an aggregate names nobody). The assignments,
relationships and outcome histories keep the ids they link by.
"""

from __future__ import annotations

import re
from typing import Any

from services.monitoring.settings import settings
from shared.privacy import DELETE, KEEP, Erasing, Found, Item, PersonData

#: A choice's value (models.Choice): anything else a person typed is free text.
_CHOICE = re.compile(r"^[a-z0-9_]{1,40}$")


def _counted(value: Any) -> bool:
    if isinstance(value, str):
        return bool(_CHOICE.match(value))
    if isinstance(value, list):
        return all(_counted(v) for v in value)
    return True


def _assignment(found: Found, ctx: Erasing) -> Item | None:
    assignment = found.document()
    answers = assignment.get("answers") or {}
    assignment["answers"] = {q: v for q, v in answers.items() if _counted(v)}
    return found.with_document(assignment)


def _midterm(found: Found, ctx: Erasing) -> Item | None:
    review = found.document()
    for mentee in review.get("mentees", []):
        mentee["next_steps"] = ""
    review["comments"] = {"mentees": "", "mentor": "", "manager": ""}
    review["topics_until_end"] = ""
    review["improvements"] = ""
    return found.with_document(review)


def _final(found: Found, ctx: Erasing) -> Item | None:
    review = found.document()
    for conclusion in review.get("conclusions", []):
        if conclusion.get("mentee_id") in ctx.ids:
            conclusion["conclusion"] = ""
    return found.with_document(review)


PERSON_DATA = PersonData(
    service="monitoring",
    table_name=lambda: settings.monitoring_table_name,
    rules={
        "Q_PROGRAMME": KEEP,
        "Q_PARTICIPANT": KEEP,
        "Q_RELATIONSHIP": KEEP,
        "Q_TEMPLATE": KEEP,
        "Q_TEMPLATEUSE": KEEP,
        "Q_ASSIGNMENT": _assignment,
        "Q_MINE": DELETE,
        "Q_MIDTERM": _midterm,
        "Q_FINAL": _final,
        "Q_OUTCOME": KEEP,
        "REPORT": KEEP,
        "EVENT": KEEP,
        "IDEMPOTENCY": DELETE,
    },
)
