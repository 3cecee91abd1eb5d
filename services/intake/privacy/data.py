"""What intake holds about a person, for their export and erasure (issue 14).

Erasure: the person's applications (with their consent), interview notes, participations, account record
and e-mail claim go, with their exports; the account itself is deleted from the user pool by the request
(`logic.request_erasure`), since only the API function may touch accounts. The erasure ledger and each
erasure's record stay: ids and times, so a restored table can be erased again. Matches keep their ids.
An employer's links to mentees name their account's user id: their export lists them; their erasure keeps
them (ended) as the mentees' record, naming nobody (privacy/employer.py ends them first, with the events).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from services.intake.settings import settings
from shared.privacy import DELETE, KEEP, Erasing, Found, Item, PersonData, delete_export_objects


def _more_ids(tenant_id: str, ids: frozenset[str], everything: list[Found]) -> Iterable[str]:
    """A person's applications are theirs: their ids name the notes and claims kept with them. Their
    account's user id too: an employer's links to mentees name it (seed 002)."""
    for f in everything:
        if f.kind == "PARTICIPANT" and str(f.item.get("person_id")) in ids:
            yield str(f.document().get("application_id") or "")
        if f.kind == "USER" and f.sk in ids and f.item.get("user_id"):
            yield str(f.item["user_id"])


#: Who wrote or approved a case of good practice, once that person is erased.
ERASED_PERSON = "erased"


def _practice_case(found: Found, ctx: Erasing) -> Item | None:
    """A case of good practice is anonymised when written (services/intake/archive/anonymity.py) and is the
    municipality's knowledge: an erased author's or approver's id is replaced and the case stays. A case of
    theirs that was never approved goes: nobody approved it, and nobody can change it any more."""
    case = found.document()
    if case.get("author_id") in ctx.ids and case.get("published_version") is None:
        return None
    for key in ("author_id", "approved_by"):
        if case.get(key) in ctx.ids:
            case[key] = ERASED_PERSON
    return found.with_document(case)


def _export(found: Found, ctx: Erasing) -> Item | None:
    delete_export_objects(ctx.tenant_id, found.sk)
    return None


def _employer_link(found: Found, ctx: Erasing) -> Item | None:
    """The mentee's erasure takes their links. An employer's keeps them as the mentee's record of who could
    see their progress until when (ended before the erasure: privacy/employer.py), naming nobody."""
    link = found.document()
    if link.get("participant_id") in ctx.ids or link.get("employer_user_id") not in ctx.ids:
        return None
    link["employer_user_id"] = ERASED_PERSON
    if link.get("status") == "active":  # ended by the request; a restored table's erasure ends it here
        link.update(status="ended", end_reason="employer_erased", ended_at=datetime.now(UTC).isoformat())
    return found.with_document(link)


_WORKSHOP_PEOPLE = ("sign_ups", "attendance")


def _workshop(found: Found, ctx: Erasing) -> Item | None:
    """The workshop stays (the programme's); the erased person's sign-up and attendance mark leave it."""
    document = dict(found.document())
    for part in _WORKSHOP_PEOPLE:
        document[part] = [e for e in document.get(part, []) if e.get("participant_id") not in ctx.ids]
    return found.with_document(document)


def _own_workshop(found: Found, ids: frozenset[str]) -> Item:
    """A workshop in the person's export: the workshop, and only their own sign-up and attendance mark
    (the others who signed up are not theirs to see)."""
    document = dict(found.document())
    for part in _WORKSHOP_PEOPLE:
        document[part] = [e for e in document.get(part, []) if e.get("participant_id") in ids]
    return found.with_document(document)


PERSON_DATA = PersonData(
    service="intake",
    table_name=lambda: settings.intake_table_name,
    rules={
        "TENANT": KEEP,
        "SLUG": KEEP,
        "USER": DELETE,
        "ACCOUNT": DELETE,
        "AUDIT": KEEP,
        "LINK": DELETE,
        "PROGRAMME": KEEP,
        "APPLICATION": DELETE,
        "APPLICANT": DELETE,
        "IDEMPOTENCY": DELETE,
        "NOTE": DELETE,
        "PARTICIPANT": DELETE,
        "SIGNIN": KEEP,
        "MATCH": KEEP,
        "EVENT": KEEP,
        "EXPORT": _export,
        "EXPORT_PART": KEEP,
        "ERASURE": KEEP,
        "ERASURE_DONE": KEEP,
        "ERASURE_LEDGER": KEEP,
        # Consent is the person's: it goes with them (the ledger keeps that they were erased, and why).
        "CONSENTS": DELETE,
        "ERASURE_REQUEST": KEEP,  # ids, a reason code and a time: why the erasure was asked for
        "RETENTION": KEEP,  # the municipality's periods
        # The audit trail holds ids only and is the evidence of who read what: erasure leaves it.
        "TRAILHEAD": KEEP,
        "TRAIL": KEEP,
        "TRAILADMIN": KEEP,
        "ASSESSMENT": KEEP,  # a module's questions: the programme's, not the person's
        "ATTEMPT": DELETE,  # a mentor's scores
        "MATCHRISK": KEEP,  # a relationship at risk or not (match ids and a yes or no), for the dashboard
        # Q-SER's archive of good practice: the case as written, and its approved version.
        "PRACTICE_CASE": _practice_case,
        "PRACTICE_PUBLISHED": _practice_case,
        # A workshop is the programme's; a person's sign-up and mark in it go with them (_workshop).
        "WORKSHOP": _workshop,
        # Seed 002: an employer's link to a mentee is the mentee's (who may see them): it goes with them; an
        # erased employer's stays, ended, without naming them (_employer_link).
        "EMPLOYERLINK": _employer_link,
        # A partner system registered for the municipality (ids, its name, when): the municipality's.
        "MACHINE_CLIENT": KEEP,
        "MACHINE_CLIENT_OWNER": KEEP,
    },
    more_ids=_more_ids,
    exported={"WORKSHOP": _own_workshop},
)
