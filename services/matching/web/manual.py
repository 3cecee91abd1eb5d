"""Matching by hand: one mentee's ranked mentors, with scores and the rule that blocks a pair, and making
the match (`.../matching/mentees/{participant_id}`); the pairs a manager forbids (`.../matching/exclusions`).
"""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from pydantic import ValidationError

from services.matching import logic
from services.matching.deps import publisher, store
from services.matching.logic import views
from services.matching.logic.common import managed_programme
from services.matching.metrics import MATCHES_CONFIRMED, count
from services.matching.models import Exclusion, ProgrammeSettings
from services.matching.schemas import MatchCreate
from services.matching.web import router, web
from services.matching.web.common import Lang, field, manager_visit, name_of, rule_text
from services.matching.web.runs import TAGS
from shared.errors import Conflict, RuleViolation
from shared.vocabulary import CRITERIA
from shared.web.pages import Visit, page_responses

#: Mentors shown for one mentee: enough to choose from, few enough to read on a phone.
CANDIDATES_SHOWN = 10


def _mentee_page(
    visit: Visit,
    programme: ProgrammeSettings,
    mentee_id: str,
    *,
    status: int = 200,
    error: str | None = None,
    chosen: str = "",
) -> Response[str]:
    ranked = logic.candidates(
        visit.signed_in, programme.programme_id, mentee_id, CANDIDATES_SHOWN, visit.lang, store()
    )
    people = views.people(programme, store())
    return web.render(
        visit,
        "mentee.html",
        status=status,
        programme=programme,
        mentee_id=mentee_id,
        mentee=people.get(mentee_id),
        candidates=ranked.items,
        name=lambda pid: name_of(visit, people, pid),
        maxima=views.criterion_maxima(programme),
        criteria=CRITERIA,
        error=error,
        chosen=chosen,
    )


@router.get(
    "/app/<tenant_slug>/programmes/<programme_id>/matching/mentees/<participant_id>",
    tags=TAGS,
    summary="One mentee's best mentors, with scores, reasons and the rule that blocks a pair",
    responses=page_responses("the mentee's ranked mentors and the form to match them"),
)
def mentee_page(tenant_slug: str, programme_id: str, participant_id: str, lang: Lang = None) -> Response[str]:
    visit = manager_visit(tenant_slug, programme_id)
    programme = managed_programme(visit.signed_in, programme_id, store())
    return _mentee_page(visit, programme, participant_id)


@router.post(
    "/app/<tenant_slug>/programmes/<programme_id>/matching/mentees/<participant_id>",
    tags=TAGS,
    summary="Match the mentee with the chosen mentor",
    responses=page_responses(
        "matched: on to the new match",
        status=303,
        _409="the page again: someone was matched meanwhile",
        _422="the page again, saying which rule the pair breaks",
    ),
)
def make_match(tenant_slug: str, programme_id: str, participant_id: str) -> Response[str]:
    visit = manager_visit(tenant_slug, programme_id)
    programme = managed_programme(visit.signed_in, programme_id, store())
    fields = web.form(visit)
    mentor_id = field(fields, "mentor_id")
    try:
        body = MatchCreate(programme_id=programme_id, mentor_id=mentor_id, mentee_ids=[participant_id])
    except ValidationError:
        # No mentor chosen (or not one of the page's own choices).
        error = visit.t("mentee.error.choose")
        return _mentee_page(visit, programme, participant_id, status=422, error=error, chosen=mentor_id)
    try:
        match = logic.create_match(visit.signed_in, body, store(), publisher())
    except (RuleViolation, Conflict) as refused:
        error = rule_text(visit, refused)
        return _mentee_page(
            visit, programme, participant_id, status=refused.status, error=error, chosen=mentor_id
        )
    count(MATCHES_CONFIRMED)
    return web.redirect(visit, visit.app_path("matches", match.match_id), "match.flash.made")


# --- exclusions ---------------------------------------------------------------------------------------


def _exclusions_page(
    visit: Visit,
    programme: ProgrammeSettings,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response[str]:
    people = views.people(programme, store())
    return web.render(
        visit,
        "exclusions.html",
        status=status,
        programme=programme,
        exclusions=logic.list_exclusions(visit.signed_in, programme.programme_id, store()),
        mentors=views.mentors(people),
        mentees=sorted(
            (p for p in people.values() if p.role == "mentee"),
            key=lambda p: ((p.name or "").casefold(), p.participant_id),
        ),
        name=lambda pid: name_of(visit, people, pid),
        errors=errors or {},
        values=values or {},
    )


@router.get(
    "/app/<tenant_slug>/programmes/<programme_id>/matching/exclusions",
    tags=TAGS,
    summary="The pairs the manager forbids, and a form to forbid one more",
    responses=page_responses("the programme's exclusions"),
)
def exclusions_page(tenant_slug: str, programme_id: str, lang: Lang = None) -> Response[str]:
    visit = manager_visit(tenant_slug, programme_id)
    programme = managed_programme(visit.signed_in, programme_id, store())
    return _exclusions_page(visit, programme)


@router.post(
    "/app/<tenant_slug>/programmes/<programme_id>/matching/exclusions",
    tags=TAGS,
    summary="Forbid a pair: the mentor will never be proposed to the mentee",
    responses=page_responses(
        "forbidden: back to the exclusions", status=303, _422="the form again, with each mistake at its field"
    ),
)
def add_exclusion(tenant_slug: str, programme_id: str) -> Response[str]:
    visit = manager_visit(tenant_slug, programme_id)
    programme = managed_programme(visit.signed_in, programme_id, store())
    fields = web.form(visit)
    values = {"mentor_id": field(fields, "mentor_id"), "mentee_id": field(fields, "mentee_id")}
    people = views.people(programme, store())
    errors = {}
    for name, role in (("mentor_id", "mentor"), ("mentee_id", "mentee")):
        person = people.get(values[name])
        if person is None or person.role != role:
            errors[name] = visit.t(f"exclusions.error.{role}")
    if errors:
        return _exclusions_page(visit, programme, status=422, errors=errors, values=values)
    exclusion = Exclusion(mentor_id=values["mentor_id"], mentee_id=values["mentee_id"])
    logic.add_exclusion(visit.signed_in, programme_id, exclusion, store())
    return web.redirect(
        visit, visit.app_path("programmes", programme_id, "matching", "exclusions"), "exclusions.flash.added"
    )
