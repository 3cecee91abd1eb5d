"""Matching's templates as a reader meets them: a running run says so and offers a reload (no script, no
timed refresh), and every catalogue has the same texts in en, de and pl."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from services.matching.logic.views import criterion_maxima
from services.matching.run_models import MatchingRun
from services.matching.web import web
from shared.vocabulary import CRITERIA
from shared.web.pages import Visit
from shared.web.session import Session
from tests.fakes.matching import manager, programme

MESSAGES = Path(__file__).resolve().parents[3] / "services" / "matching" / "web" / "messages"


def visit(path: str, lang: str = "en") -> Visit:
    principal = manager()
    return Visit(
        event={},
        path=path,
        query={},
        slug="town",
        principal=principal,
        session=Session(principal=principal, csrf_token="c" * 43),
        lang=lang,
        texts=web,
        programme_id="prg_1",
    )


def running_run() -> MatchingRun:
    return MatchingRun(
        run_id="run_1",
        tenant_id="t-town",
        programme_id="prg_1",
        status="running",
        objective="max_total",
        grouping="groups",
        language="en",
        requested_at=datetime(2026, 12, 1, 9, 0, tzinfo=UTC),
    )


def render_run(lang: str) -> str:
    path = "/app/town/programmes/prg_1/matching/runs/run_1"
    response = web.render(
        visit(path, lang),
        "run.html",
        programme=programme(),
        run=running_run(),
        name=lambda pid: pid,
        maxima=criterion_maxima(programme()),
        criteria=CRITERIA,
        error=None,
        changes=[],
        chosen=set(),
        reasons={},
    )
    return str(response.body)


def test_a_running_run_says_so_and_links_to_itself_to_reload():
    html = render_run("en")
    assert "The run is still being computed." in html
    assert 'href="/app/town/programmes/prg_1/matching/runs/run_1">Reload to see the result</a>' in html
    assert "<script" not in html and "http-equiv" not in html and "style=" not in html.split("</head>")[1]
    assert "Neu laden" in render_run("de") and "Odśwież" in render_run("pl")


def test_each_criterion_can_reach_its_weights_share_of_a_hundred():
    maxima = criterion_maxima(programme())
    assert set(maxima) == set(CRITERIA)
    assert abs(sum(maxima.values()) - 100) < 0.1


def test_every_language_has_every_text():
    catalogues = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in MESSAGES.glob("*.json")}
    assert set(catalogues) == {"en", "de", "pl"}
    assert set(catalogues["de"]) == set(catalogues["en"]) == set(catalogues["pl"])
    assert set(catalogues["pl"]["mentee.room"]) == {"one", "few", "many", "other"}
