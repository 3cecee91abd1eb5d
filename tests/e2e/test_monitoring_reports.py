"""Monitoring's reports over HTTP: a group's sessions, attendance and diary (through sessions' API) and
the questionnaires part's events (played onto the bus as that part publishes them) become the programme's
report, its CSV and charts, its risks, and the network's report; another municipality sees none of it."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from typing import Any

import boto3
import pytest

from infra.local.cloud import BUS
from infra.local.seed import ADMIN_EMAIL
from shared.events.catalog import (
    MidtermReviewRecorded,
    OutcomeRecorded,
    QuestionnaireAssigned,
    QuestionnaireSubmitted,
)
from shared.events.catalog.monitoring import MenteeRating
from shared.events.envelope import EventData
from shared.events.publisher import Publisher
from tests.e2e.conftest import Api
from tests.e2e.test_sessions_api import group_of_three


def at(days: float) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).replace(microsecond=0).isoformat()


def publish_as_monitoring(api: Api, tenant_id: str, *events: EventData) -> None:
    """What the questionnaires part publishes (built alongside): its events, on the bus as it sends them."""
    with api.runtime.lock:
        publisher = Publisher(boto3.client("events"), BUS)
        for data in events:
            publisher.publish_one(tenant_id, data)
    api.settle()


def play_the_programme(api: Api, group: dict[str, Any]) -> None:
    mentor = group["mentor"]["token"]
    mentees = group["mentees"]
    ids = [m["participant_id"] for m in mentees]
    for days, present in ((-20, ids[:2]), (-6, ids)):
        body = {"starts_at": at(days), "duration_minutes": 60, "topic": "Work", "mode": "in_person"}
        made = api.call("POST", f"/v1/matches/{group['match_id']}/sessions", mentor, json=body)
        assert made.status_code == 201, made.text
        session_id = made.json()["session_id"]
        held = api.call("POST", f"/v1/sessions/{session_id}/attendance", mentor, json={"present": present})
        assert held.status_code == 200, held.text
    api.settle()
    programme, match = group["programme_id"], group["match_id"]
    publish_as_monitoring(
        api,
        group["tenant_id"],
        QuestionnaireAssigned(
            assignment_id="asg_e2e_1",
            match_id=match,
            programme_id=programme,
            participant_id=ids[0],
            kind="initial",
            template_id="tpl_initial",
            template_version=1,
            due_on=date.today(),
        ),
        QuestionnaireSubmitted(
            assignment_id="asg_e2e_1",
            match_id=match,
            programme_id=programme,
            participant_id=ids[0],
            kind="initial",
            template_id="tpl_initial",
            template_version=1,
            submitted_at=datetime.now(UTC),
        ),
        MidtermReviewRecorded(
            match_id=match,
            programme_id=programme,
            ratings=[
                MenteeRating(mentee_id=ids[0], rating_start=4, rating_now=8),
                MenteeRating(mentee_id=ids[1], rating_start=5, rating_now=7),
                MenteeRating(mentee_id=ids[2], rating_start=7, rating_now=6),
            ],
            recorded_on=date.today(),
        ),
        OutcomeRecorded(
            participant_id=ids[0],
            programme_id=programme,
            status="unemployed",
            secures_living=False,
            recorded_on=date.today() - timedelta(days=30),
            baseline=True,
        ),
        OutcomeRecorded(
            participant_id=ids[0], status="employed", secures_living=True, recorded_on=date.today()
        ),
    )


@pytest.fixture(scope="module")
def group(api: Api) -> dict[str, Any]:
    made = group_of_three(api, name="Reports")
    play_the_programme(api, made)
    return made


def test_the_manager_reads_the_change_in_the_programmes_report(api: Api, group):
    got = api.call("GET", f"/v1/programmes/{group['programme_id']}/report", group["manager"])

    assert got.status_code == 200, got.text
    report = got.json()
    assert report["applications"] == {"mentees": 3, "mentors": 1}
    assert report["matched"] == {"mentees": 3, "mentors": 1}
    assert report["relationships"] == {"active": 1, "completed": 0, "ended_early": 0}
    assert report["sessions"]["held"] == 2
    assert report["attendance_rate"] == round(5 / 6, 4)
    assert report["ratings"]["mean_start"] == 5.33 and report["ratings"]["mean_now"] == 7.0
    assert report["ratings"]["improved"] == 2 and report["ratings"]["fell"] == 1
    assert report["outcomes"]["moved_into_living"] == 1
    assert report["questionnaire_completion"] == {"done": 1, "due": 1, "rate": 1.0}


def test_the_csv_names_nobody_and_runs_no_formula(api: Api, group):
    got = api.call("GET", f"/v1/programmes/{group['programme_id']}/report?format=csv", group["manager"])

    assert got.status_code == 200 and got.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(got.text)))
    assert len(rows) == 4
    for mentee in group["mentees"]:
        assert mentee["participant_id"] not in got.text and mentee["email"] not in got.text
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.parametrize("chart", ["progress", "attendance", "outcomes"])
def test_each_chart_is_svg_with_a_title_and_a_text_alternative(api: Api, group, chart: str):
    got = api.call("GET", f"/v1/programmes/{group['programme_id']}/report/{chart}.svg", group["manager"])

    assert got.status_code == 200 and got.headers["Content-Type"].startswith("image/svg+xml")
    root = ET.fromstring(got.content)
    assert root.find("{http://www.w3.org/2000/svg}title") is not None
    assert root.find("{http://www.w3.org/2000/svg}desc") is not None


def test_the_relationship_whose_rating_fell_is_at_risk_and_the_managers_are_told_once(api: Api, group):
    got = api.call("GET", f"/v1/programmes/{group['programme_id']}/risks", group["manager"])

    assert got.status_code == 200, got.text
    [at_risk] = got.json()["relationships"]
    assert at_risk["match_id"] == group["match_id"] and "rating_fell" in at_risk["reasons"]
    with api.events_seen() as seen:
        again = api.call("GET", f"/v1/programmes/{group['programme_id']}/risks", group["manager"])
        api.settle()
    assert again.status_code == 200 and seen == []  # reading raises no flag


def test_another_municipality_finds_none_of_it(api: Api, group):
    base = f"/v1/programmes/{group['programme_id']}"
    for path in (
        f"{base}/report",
        f"{base}/report?format=csv",
        f"{base}/report/progress.svg",
        f"{base}/risks",
    ):
        got = api.call("GET", path, group["other_manager"])
        assert got.status_code == 404, path
        assert got.headers["Content-Type"] == "application/problem+json"
    assert api.call("GET", f"{base}/report", group["mentor"]["token"]).status_code == 403
    assert api.call("GET", f"{base}/report", api.token(ADMIN_EMAIL)).status_code == 403


def test_the_network_sees_the_municipality_with_its_small_cells_suppressed(api: Api, group):
    got = api.call("GET", "/v1/network/report", api.token(ADMIN_EMAIL))

    assert got.status_code == 200, got.text
    body = got.json()
    [row] = [m for m in body["municipalities"] if m["slug"] == group["slug"]]
    cells = {c["measure"]: c for c in row["cells"]}
    assert cells["matched_mentees"] == {"measure": "matched_mentees", "value": None, "suppressed": True}
    for mentee in group["mentees"]:
        assert mentee["participant_id"] not in got.text
    assert api.call("GET", "/v1/network/report", group["manager"]).status_code == 403
