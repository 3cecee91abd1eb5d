"""The report's charts as SVG (pygal), readable in black and white: greys only, every series told apart by
its line (solid, dashed, dotted) or fill (solid, hatched), values printed on the chart, and a `<title>` and
`<desc>` that say in words what the chart shows (the page also gives the figures as a table)."""

from __future__ import annotations

import re
from collections.abc import Callable
from xml.sax.saxutils import escape

import pygal
from pygal.style import Style

from services.monitoring.reports.models import RATINGS, Counters
from services.monitoring.reports.schemas import ProgrammeReport

Translate = Callable[..., str]
SVG = "image/svg+xml"
CHARTS = ("progress", "attendance", "outcomes")

_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#0b0c0c",
    foreground_strong="#0b0c0c",
    foreground_subtle="#505a5f",
    colors=("#0b0c0c", "#505a5f", "#0b0c0c", "#505a5f", "#0b0c0c", "#505a5f", "#0b0c0c"),
    font_family="Arial, sans-serif",
    value_font_size=14,
    label_font_size=14,
    major_label_font_size=14,
    legend_font_size=14,
    title_font_size=18,
)
#: Hatching for the second series of a bar chart: told apart from the solid first one without colour.
_HATCH = (
    '<pattern id="hatch" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)">'
    '<rect width="8" height="8" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="8" stroke="#0b0c0c" '
    'stroke-width="3"/></pattern>'
)
_HATCHED_CSS = "inline:.series.serie-1 .rect {fill: url(#hatch) !important; stroke: #0b0c0c; stroke-width: 1}"
_LINES = {"improved": None, "same": "2,6", "fell": "10,6"}


def _config(title: str) -> dict[str, object]:
    return {
        "title": title,
        "style": _STYLE,
        "js": [],  # no script: the charts load nothing from elsewhere and run nothing
        "print_values": True,
        "legend_at_bottom": True,
        "width": 800,
        "height": 480,
        "explicit_size": True,  # width and height on the root: an <img> knows its size
        "disable_xml_declaration": False,
        "defs": [_HATCH],
        "css": ["file://style.css", "file://graph.css", _HATCHED_CSS],
    }


def _accessible(svg: str, title: str, desc: str) -> str:
    """The root `<svg>` named by its `<title>` and `<desc>` (role img); pygal's comments and its inline
    configuration script dropped (no tooltips are wanted, and an image runs nothing)."""
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.DOTALL)
    svg = re.sub(r"<script\b.*?</script>", "", svg, flags=re.DOTALL)
    svg = re.sub(r"<title>.*?</title>", "", svg, count=1, flags=re.DOTALL)
    head = f'<title id="chart-title">{escape(title)}</title><desc id="chart-desc">{escape(desc)}</desc>'
    return re.sub(
        r"(<svg\b[^>]*?)>",
        r'\1 role="img" aria-labelledby="chart-title chart-desc">' + head.replace("\\", "\\\\"),
        svg,
        count=1,
    )


def progress_desc(report: ProgrammeReport, t: Translate) -> str:
    r = report.ratings
    if not r.rated:
        return t("report.chart.none")
    return t(
        "report.chart.progress.desc",
        rated=r.rated,
        start=r.mean_start,
        now=r.mean_now,
        improved=r.improved,
        same=r.same,
        fell=r.fell,
    )


def attendance_desc(report: ProgrammeReport, t: Translate) -> str:
    parts = [
        t("report.chart.attendance.month", month=m.month, present=m.present, expected=m.expected)
        for m in report.attendance
    ]
    return " ".join(parts) if parts else t("report.chart.none")


def outcomes_desc(report: ProgrammeReport, t: Translate) -> str:
    o = report.outcomes
    return t(
        "report.chart.outcomes.desc",
        baseline=o.with_baseline,
        compared=o.compared,
        start=o.living_at_start,
        now=o.living_now,
        moved=o.moved_into_living,
    )


def progress(report: ProgrammeReport, counters: Counters, t: Translate) -> str:
    """A slope chart: each line joins a rating at the start to the rating now; its width, how many."""
    title = t("report.chart.progress.title")
    chart = pygal.Line(**_config(title), x_labels=[t("report.chart.start"), t("report.chart.now")])
    pairs = [
        (int(name.split(".")[2]), int(name.split(".")[3]), int(value))
        for name, value in counters.items()
        if name.startswith("rating.pair.")
    ]
    if pairs:  # pygal cannot place labels on an empty chart (it says "No data" instead)
        chart.range = (4, 10)
        chart.y_labels = list(RATINGS)
    for start, now, n in sorted(pairs, key=lambda p: (-p[2], p[0], p[1])):
        kind = "improved" if now > start else "fell" if now < start else "same"
        stroke: dict[str, object] = {"width": min(2 + n, 12)}
        if _LINES[kind]:
            stroke["dasharray"] = _LINES[kind]
        label = t(f"report.chart.pair.{kind}", start=start, now=now, count=n)
        chart.add(label, [start, now], stroke_style=stroke, dots_size=4)
    desc = progress_desc(report, t)
    return _accessible(chart.render(is_unicode=True), title, desc)


def attendance(report: ProgrammeReport, t: Translate) -> str:
    title = t("report.chart.attendance.title")
    months = report.attendance
    chart = pygal.Bar(**_config(title), x_labels=[m.month for m in months])
    chart.add(t("report.chart.expected"), [m.expected for m in months])
    chart.add(t("report.chart.present"), [m.present for m in months])
    desc = attendance_desc(report, t)
    return _accessible(chart.render(is_unicode=True), title, desc)


def outcomes(report: ProgrammeReport, t: Translate) -> str:
    title = t("report.chart.outcomes.title")
    rows = report.outcomes.by_status
    chart = pygal.Bar(**_config(title), x_labels=[t(f"report.outcome.{o.status}") for o in rows])
    chart.add(t("report.chart.at_start"), [o.at_start for o in rows])
    chart.add(t("report.chart.latest"), [o.latest for o in rows])
    desc = outcomes_desc(report, t)
    return _accessible(chart.render(is_unicode=True), title, desc)


def render(name: str, report: ProgrammeReport, counters: Counters, t: Translate) -> str:
    if name == "progress":
        return progress(report, counters, t)
    if name == "attendance":
        return attendance(report, t)
    return outcomes(report, t)
