"""The reports' API routes (API.md, "monitoring"): thin, each reads one function of `logic`."""

from __future__ import annotations

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse

from services.monitoring.metrics import count
from services.monitoring.reports import charts
from services.monitoring.reports.deps import store
from services.monitoring.reports.logic import network, report
from services.monitoring.reports.routing import router
from services.monitoring.reports.schemas import NetworkReport, ProgrammeReport, Risks
from services.monitoring.reports.texts import MESSAGES
from shared.auth import Principal

TAGS = ["monitoring: reports"]
CSV = "text/csv; charset=utf-8"

Format = Annotated[Literal["json", "csv"], Query(description="json (default), or csv: one row per mentee")]


def _principal() -> Principal:
    return Principal.from_event(router.current_event.raw_event)


@router.get(
    "/v1/programmes/<programme_id>/report",
    tags=TAGS,
    summary="The programme's report (manager); ?format=csv: one row per mentee, pseudonymised",
    responses={
        200: {
            "description": "the report as JSON, or with ?format=csv as CSV (spreadsheet-safe cells)",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/ProgrammeReport"}},
                "text/csv": {},
            },
        }
    },
)
def programme_report(programme_id: str, format: Format = "json") -> Response[ProgrammeReport | str]:
    if format == "csv":
        body = report.programme_csv(_principal(), programme_id, store())
        count("ReportCsvRead")
        return Response(
            status_code=200,
            content_type=CSV,
            body=body,
            headers={"Content-Disposition": 'attachment; filename="report.csv"'},
        )
    count("ReportRead")
    return Response(200, "application/json", report.programme_report(_principal(), programme_id, store()))


def _chart(programme_id: str, name: str) -> Response[str]:
    principal = _principal()
    summary = report.programme_summary(principal, programme_id, store())
    lang = MESSAGES.language_for(principal.locale)

    def t(key: str, **values: object) -> str:
        return MESSAGES.text(lang, key, **values)

    svg = charts.render(name, report.build(summary), summary.counters, t)
    return Response(status_code=200, content_type=charts.SVG, body=svg)


def _svg(description: str) -> dict[int, OpenAPIResponse]:
    # No schema: the body is SVG, not JSON (as sessions declares calendar.ics).
    return {200: {"description": description, "content": {charts.SVG: {}}}}


@router.get(
    "/v1/programmes/<programme_id>/report/progress.svg",
    tags=TAGS,
    summary="Ratings at the start and now, as a slope chart (SVG)",
    responses=_svg("a slope chart with a title and a text alternative"),
)
def progress_chart(programme_id: str) -> Response[str]:
    return _chart(programme_id, "progress")


@router.get(
    "/v1/programmes/<programme_id>/report/attendance.svg",
    tags=TAGS,
    summary="Attendance per month (SVG)",
    responses=_svg("a bar chart with a title and a text alternative"),
)
def attendance_chart(programme_id: str) -> Response[str]:
    return _chart(programme_id, "attendance")


@router.get(
    "/v1/programmes/<programme_id>/report/outcomes.svg",
    tags=TAGS,
    summary="Outcomes at the start and the latest (SVG)",
    responses=_svg("a bar chart with a title and a text alternative"),
)
def outcomes_chart(programme_id: str) -> Response[str]:
    return _chart(programme_id, "outcomes")


@router.get(
    "/v1/programmes/<programme_id>/risks", tags=TAGS, summary="Relationships at risk, and why (manager)"
)
def programme_risks(programme_id: str) -> Risks:
    return report.programme_risks(_principal(), programme_id, store())


@router.get(
    "/v1/network/report",
    tags=TAGS,
    summary="Each municipality's figures and the total (network admin); cells under 5 people suppressed",
)
def network_report() -> NetworkReport:
    return network.network_report(_principal(), store())
