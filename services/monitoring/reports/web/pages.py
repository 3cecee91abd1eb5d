"""The reports' pages: a programme's report with its charts and figures, its relationships at risk (the
municipality's managers), and the network's report (`/app/network/report`, the network admin).

Pages call `logic` directly. The charts are images of the page's own (`report/<chart>.svg` under `/app`),
signed in by the session cookie as the page is; each image's alt text says what the chart shows, and the
figures follow as tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query

from services.monitoring.reports import charts
from services.monitoring.reports.deps import store
from services.monitoring.reports.logic import network, report
from services.monitoring.reports.routing import router
from services.monitoring.reports.web import web
from shared.auth import Role
from shared.errors import NotFound
from shared.web.pages import Visit, page_responses

Lang = Annotated[str | None, Query(description="en, de or pl; remembered for the next pages", max_length=8)]
TAGS = ["web: monitoring reports"]
NETWORK_SLUG = "network"
CHART_FILES = {f"{name}.svg": name for name in charts.CHARTS}


def _event() -> Mapping[str, Any]:
    return router.current_event.raw_event


def _manager_visit(tenant_slug: str, programme_id: str) -> Visit:
    return web.visit(_event(), tenant_slug, Role.MANAGER, programme_id=programme_id)


@router.get(
    "/app/<tenant_slug>/programmes/<programme_id>/report",
    tags=TAGS,
    summary="The programme's report: charts with text alternatives, and the figures as tables (manager)",
    responses=page_responses("the report"),
)
def report_page(tenant_slug: str, programme_id: str, lang: Lang = None) -> Response[str]:
    visit = _manager_visit(tenant_slug, programme_id)
    summary = report.programme_summary(visit.signed_in, programme_id, store())
    built = report.build(summary)
    risks = report.programme_risks(visit.signed_in, programme_id, store())
    descriptions = {
        "progress": charts.progress_desc(built, visit.t),
        "attendance": charts.attendance_desc(built, visit.t),
        "outcomes": charts.outcomes_desc(built, visit.t),
    }
    return web.render(
        visit,
        "report.html",
        report=built,
        charts=charts.CHARTS,
        descriptions=descriptions,
        at_risk=len(risks.relationships),
    )


@router.get(
    "/app/<tenant_slug>/programmes/<programme_id>/report/<chart_file>",
    tags=TAGS,
    summary="One of the report page's charts (progress.svg, attendance.svg, outcomes.svg)",
    responses={
        **page_responses("the chart"),
        200: {"description": "the chart as SVG, with <title> and <desc>", "content": {charts.SVG: {}}},
    },
)
def report_chart(tenant_slug: str, programme_id: str, chart_file: str, lang: Lang = None) -> Response[str]:
    visit = _manager_visit(tenant_slug, programme_id)
    name = CHART_FILES.get(chart_file)
    if name is None:
        raise NotFound("No such chart.")
    summary = report.programme_summary(visit.signed_in, programme_id, store())
    svg = charts.render(name, report.build(summary), summary.counters, visit.t)
    return Response(status_code=200, content_type=charts.SVG, body=svg, headers={"Cache-Control": "no-store"})


@router.get(
    "/app/<tenant_slug>/programmes/<programme_id>/risks",
    tags=TAGS,
    summary="The programme's relationships at risk, each with its reasons (manager)",
    responses=page_responses("the relationships at risk"),
)
def risks_page(tenant_slug: str, programme_id: str, lang: Lang = None) -> Response[str]:
    visit = _manager_visit(tenant_slug, programme_id)
    risks = report.programme_risks(visit.signed_in, programme_id, store())
    return web.render(visit, "risks.html", risks=risks)


@router.get(
    "/app/<tenant_slug>/report",
    tags=TAGS,
    summary="The network's report, small cells suppressed (network admin, /app/network/report only)",
    responses=page_responses("the network report"),
)
def network_page(tenant_slug: str, lang: Lang = None) -> Response[str]:
    if tenant_slug != NETWORK_SLUG:
        raise NotFound("No such page.")
    visit = web.visit(_event(), None, Role.ADMIN)
    return web.render(visit, "network.html", report=network.network_report(visit.signed_in, store()))
