"""The report's charts: SVG with a title and a text alternative, no script, readable without colour."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from services.monitoring.reports import charts
from services.monitoring.reports.logic import report
from services.monitoring.reports.texts import MESSAGES
from tests.fakes.reports import Feeder
from tests.unit.monitoring_reports.test_report_projection import MANAGER, P, programme  # noqa: F401

NS = "{http://www.w3.org/2000/svg}"


def t_for(lang: str):
    def t(key: str, **values: object) -> str:
        return MESSAGES.text(lang, key, **values)

    return t


@pytest.mark.parametrize("name", charts.CHARTS)
@pytest.mark.parametrize("lang", ["en", "de", "pl"])
def test_each_chart_has_a_title_and_a_description_and_no_script(programme, name: str, lang: str):  # noqa: F811
    summary = report.programme_summary(MANAGER, P, programme.store)
    svg = charts.render(name, report.build(summary), summary.counters, t_for(lang))

    root = ET.fromstring(svg.encode())
    assert root.get("role") == "img" and root.get("aria-labelledby") == "chart-title chart-desc"
    title, desc = root.find(f"{NS}title"), root.find(f"{NS}desc")
    assert title is not None and title.text == MESSAGES.text(lang, f"report.chart.{name}.title")
    assert desc is not None and desc.text
    assert "<script" not in svg and "http://kozea" not in svg and "<!--" not in svg


def test_the_slope_chart_tells_improved_same_and_fell_apart_by_line_not_colour(programme):  # noqa: F811
    summary = report.programme_summary(MANAGER, P, programme.store)
    svg = charts.progress(report.build(summary), summary.counters, t_for("en"))

    assert "4 → 7: 1 improved (solid line)" in svg
    assert "6 → 6: 1 the same (dotted line)" in svg
    assert re.search(r"stroke-dasharray:\s*2,6", svg)
    assert "3 mentees rated themselves. Mean at the start 6.0, now 7.33. 2 improved" in svg


def test_bars_are_solid_and_hatched(programme):  # noqa: F811
    summary = report.programme_summary(MANAGER, P, programme.store)
    svg = charts.outcomes(report.build(summary), t_for("en"))

    assert '<pattern id="hatch"' in svg and "url(#hatch)" in svg
    assert "latest (hatched)" in svg


@pytest.mark.parametrize("name", charts.CHARTS)
def test_a_programme_with_nothing_yet_gets_a_chart_that_says_so(name: str):
    feeder = Feeder()
    feeder.programme(P)
    summary = report.programme_summary(MANAGER, P, feeder.store)

    svg = charts.render(name, report.build(summary), summary.counters, t_for("en"))

    root = ET.fromstring(svg.encode())
    assert root.find(f"{NS}title") is not None
    if name != "outcomes":
        assert root.find(f"{NS}desc").text == "Nothing to show yet."  # type: ignore[union-attr]
