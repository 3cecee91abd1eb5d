"""A programme's matching: starting a run, the runs so far and the mentees still waiting
(`.../matching`); one run with its proposals, reasons and who stayed unmatched, and publishing it
(`.../matching/runs/{run_id}`)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response

from services.matching import logic
from services.matching.deps import publisher, store
from services.matching.engine.explain import team_reasons
from services.matching.logic import views
from services.matching.logic.common import managed_programme
from services.matching.metrics import MATCHES_CONFIRMED, count
from services.matching.models import ProgrammeSettings
from services.matching.run_models import MatchingRun
from services.matching.schemas import PublishRequest, RunCreate
from services.matching.web import router, web
from services.matching.web.common import Lang, field, manager_visit, name_of, rule_text
from shared.errors import Conflict, RuleViolation
from shared.vocabulary import CRITERIA
from shared.web.pages import Visit, page_responses

OBJECTIVES = ("max_total", "max_matched")
GROUPINGS = ("groups", "pairs")
TAGS = ["web: matching"]


# --- the programme's matching -------------------------------------------------------------------------


def _matching_page(
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
        "matching.html",
        status=status,
        programme=programme,
        runs=views.runs_of(visit.signed_in, programme.programme_id, store()),
        waiting=views.waiting_mentees(people),
        objectives=OBJECTIVES,
        groupings=GROUPINGS if programme.kind != "pair" else (),
        errors=errors or {},
        values=values or {"objective": "max_total", "grouping": "groups"},
    )


@router.get(
    "/app/<tenant_slug>/programmes/<programme_id>/matching",
    tags=TAGS,
    summary="A programme's matching: start a run, the runs so far, the mentees waiting",
    responses=page_responses("the programme's matching page"),
)
def matching_page(tenant_slug: str, programme_id: str, lang: Lang = None) -> Response[str]:
    visit = manager_visit(tenant_slug, programme_id)
    programme = managed_programme(visit.signed_in, programme_id, store())
    return _matching_page(visit, programme)


@router.post(
    "/app/<tenant_slug>/programmes/<programme_id>/matching",
    tags=TAGS,
    summary="Start a matching run",
    responses=page_responses(
        "started: on to the run's page",
        status=303,
        _409="the page again: a run of this programme is running already",
        _422="the page again, with each mistake at its field",
    ),
)
def start_run(tenant_slug: str, programme_id: str) -> Response[str]:
    visit = manager_visit(tenant_slug, programme_id)
    programme = managed_programme(visit.signed_in, programme_id, store())
    fields = web.form(visit)
    values = {"objective": field(fields, "objective"), "grouping": field(fields, "grouping")}
    errors = {}
    if values["objective"] not in OBJECTIVES:
        errors["objective"] = visit.t("matching.error.objective")
    # Nothing chosen: the programme's own way (pairs in a pair programme, else groups).
    grouping = (values["grouping"] or None) if programme.kind != "pair" else "pairs"
    if grouping is not None and grouping not in GROUPINGS:
        errors["grouping"] = visit.t("matching.error.grouping")
    if errors:
        return _matching_page(visit, programme, status=422, errors=errors, values=values)
    body = RunCreate(objective=values["objective"], grouping=grouping, language=visit.lang)
    try:
        run = logic.request_run(visit.signed_in, programme_id, body, store(), publisher())
    except (Conflict, RuleViolation) as refused:
        name = "objective" if refused.status == 409 else "grouping"
        return _matching_page(
            visit, programme, status=refused.status, errors={name: rule_text(visit, refused)}, values=values
        )
    return web.redirect(visit, visit.app_path("programmes", programme_id, "matching", "runs", run.run_id))


# --- one run ------------------------------------------------------------------------------------------


def _run_page(
    visit: Visit,
    programme: ProgrammeSettings,
    run: MatchingRun,
    *,
    status: int = 200,
    error: str | None = None,
    changes: list[dict[str, str]] | None = None,
    chosen: list[str] | None = None,
) -> Response[str]:
    people = views.people(programme, store())
    values: dict[str, Any] = {}
    if run.status == "completed":
        values["reasons"] = views.reasons_in(run, programme, store(), visit.lang)
        values["team_reasons"] = {
            p.proposal_id: team_reasons(p.team.facts, visit.lang) for p in run.proposals if p.team is not None
        }
    return web.render(
        visit,
        "run.html",
        status=status,
        programme=programme,
        run=run,
        name=lambda pid: name_of(visit, people, pid),
        maxima=views.criterion_maxima(programme),
        criteria=CRITERIA,
        error=error,
        changes=changes or [],
        chosen=set(chosen or []),
        reasons=values.get("reasons", {}),
        team_reasons=values.get("team_reasons", {}),
    )


@router.get(
    "/app/<tenant_slug>/programmes/<programme_id>/matching/runs/<run_id>",
    tags=TAGS,
    summary="One matching run: its proposals with scores and reasons, who stayed unmatched and why",
    responses=page_responses("the run (a running run says so and offers to reload)"),
)
def run_page(tenant_slug: str, programme_id: str, run_id: str, lang: Lang = None) -> Response[str]:
    visit = manager_visit(tenant_slug, programme_id)
    run = views.run_of_programme(visit.signed_in, programme_id, run_id, store())
    programme = managed_programme(visit.signed_in, programme_id, store())
    return _run_page(visit, programme, run)


@router.post(
    "/app/<tenant_slug>/programmes/<programme_id>/matching/runs/<run_id>",
    tags=TAGS,
    summary="Publish all or the chosen proposals of a run as matches",
    responses=page_responses(
        "published: on to the programme's matches",
        status=303,
        _409="the run again, saying what changed since it was computed or what was published already",
        _422="the run again: no proposal chosen",
    ),
)
def publish(tenant_slug: str, programme_id: str, run_id: str) -> Response[str]:
    visit = manager_visit(tenant_slug, programme_id)
    run = views.run_of_programme(visit.signed_in, programme_id, run_id, store())
    programme = managed_programme(visit.signed_in, programme_id, store())
    fields = web.form(visit)
    chosen = [p for p in fields.get("proposal", []) if p]
    every = field(fields, "action") == "all"
    known = {p.proposal_id for p in run.proposals}
    if not every and (not chosen or not set(chosen) <= known):
        error = visit.t("run.error.choose")
        return _run_page(visit, programme, run, status=422, error=error, chosen=chosen)
    request = PublishRequest(proposal_ids=None if every else chosen)
    try:
        published = logic.publish_run(visit.signed_in, run_id, request, store(), publisher())
    except (Conflict, RuleViolation) as refused:
        changes = refused.extensions.get("changes") or []
        return _run_page(
            visit,
            programme,
            run,
            status=refused.status,
            error=rule_text(visit, refused),
            changes=changes,
            chosen=chosen,
        )
    count(MATCHES_CONFIRMED, len(published.matches))
    return web.redirect(
        visit,
        visit.app_path("programmes", programme_id, "matches"),
        "run.flash.published",
        n=str(len(published.matches)),
    )
