"""The programme's report, read from projections fed by events: every measure a manager reads."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from services.monitoring.reports.logic import report
from shared.errors import Forbidden, NotFound
from shared.events.catalog import (
    AbsenceNoticed,
    ApplicationSubmitted,
    DiaryEntrySubmitted,
    MatchEnded,
    MidtermReviewRecorded,
    OutcomeRecorded,
    QuestionnaireAssigned,
    QuestionnaireSubmitted,
    RelationshipClosed,
    SessionCancelled,
    SessionHeld,
)
from shared.events.catalog.monitoring import MenteeRating
from tests.fakes.principals import signed_in
from tests.fakes.reports import Feeder

P = "prg_1"
MANAGER = signed_in("u-mgr", "manager", tenant_id="t-town", person_id="per_mgr")


def assigned(feeder: Feeder, n: str, match: str, who: str, kind: str = "initial") -> None:
    feeder.play(
        QuestionnaireAssigned(
            assignment_id=f"asg_{n}",
            match_id=match,
            programme_id=P,
            participant_id=who,
            kind=kind,  # type: ignore[arg-type]
            template_id="tpl",
            template_version=1,
            due_on=date(2027, 1, 11),
        )
    )


def submitted(feeder: Feeder, n: str, match: str, who: str, kind: str = "initial", **scales: int) -> None:
    feeder.play(
        QuestionnaireSubmitted(
            assignment_id=f"asg_{n}",
            match_id=match,
            programme_id=P,
            participant_id=who,
            kind=kind,  # type: ignore[arg-type]
            template_id="tpl",
            template_version=1,
            submitted_at=feeder.now,
            scale_answers=scales,
        )
    )


@pytest.fixture
def programme() -> Feeder:
    """Two relationships: a group (mentor 1; mentees a, b, c) and a pair (mentor 2; mentee d), and a mentee
    e accepted but never matched; one rejected applicant."""
    f = Feeder()
    f.municipality()
    f.programme(P)
    m1, m2 = f.participant(P, "m1", "mentor"), f.participant(P, "m2", "mentor")
    a, b, c, d, _e = (f.participant(P, n) for n in "abcde")
    f.play(ApplicationSubmitted(application_id="app_x", programme_id=P, person_id="per_x", role="mentee"))
    f.relationship(P, "mat_1", m1, [a, b, c])
    f.relationship(P, "mat_2", m2, [d])
    f.held(P, "mat_1", "ses_1", [a, b], days=0)
    f.held(P, "mat_1", "ses_2", [a, b, c], days=14)
    f.held(P, "mat_2", "ses_3", [d], days=40)
    f.play(
        DiaryEntrySubmitted(
            session_id="ses_1", match_id="mat_1", programme_id=P, writer_id=a, entry_version=1
        )
    )
    f.play(
        DiaryEntrySubmitted(
            session_id="ses_1", match_id="mat_1", programme_id=P, writer_id=a, entry_version=2
        )
    )
    f.held(P, "mat_2", "ses_4", [], days=60)
    f.play(SessionCancelled(session_id="ses_4", match_id="mat_2", programme_id=P))
    f.play(
        AbsenceNoticed(
            session_id="ses_2", match_id="mat_1", programme_id=P, participant_id=m1, role="mentor", late=True
        )
    )
    for n, who, match in (("1", a, "mat_1"), ("2", b, "mat_1"), ("3", c, "mat_1"), ("4", d, "mat_2")):
        assigned(f, n, match, who)
    submitted(f, "1", "mat_1", a)
    submitted(f, "2", "mat_1", b)
    assigned(f, "m1s", "mat_1", m1, "mentor_self_assessment")
    submitted(f, "m1s", "mat_1", m1, "mentor_self_assessment", q1=5, q2=6)
    assigned(f, "m1e", "mat_1", m1, "mentor_self_assessment")
    submitted(f, "m1e", "mat_1", m1, "mentor_self_assessment", q1=8, q2=9)
    f.play(
        MidtermReviewRecorded(
            match_id="mat_1",
            programme_id=P,
            ratings=[
                MenteeRating(mentee_id=a, rating_start=4, rating_now=7),
                MenteeRating(mentee_id=b, rating_start=6, rating_now=6),
                MenteeRating(mentee_id=c, rating_start=8, rating_now=9),
            ],
            recorded_on=date(2027, 3, 1),
        )
    )
    for who, status, living, baseline in (
        (a, "unemployed", False, True),
        (a, "employed", True, False),
        (b, "employed", False, True),
        (b, "employed", True, False),
        (c, "employed", True, True),
    ):
        f.play(
            OutcomeRecorded(
                participant_id=who,
                status=status,
                secures_living=living,
                recorded_on=date(2027, 6, 1),
                baseline=baseline,
            )
        )
    f.play(
        RelationshipClosed(
            match_id="mat_1", programme_id=P, mentor_id=m1, mentee_ids=[a, b, c], closed_on=date(2027, 7, 1)
        )
    )
    f.play(MatchEnded(match_id="mat_1", programme_id=P, mentor_id=m1, mentee_ids=[a, b, c]))
    f.play(MatchEnded(match_id="mat_2", programme_id=P, mentor_id=m2, mentee_ids=[d]))
    return f


def test_the_report_counts_every_measure_the_manager_reads(programme: Feeder):
    got = report.programme_report(MANAGER, P, programme.store)

    assert (got.applications.mentees, got.applications.mentors) == (6, 2)
    assert (got.accepted.mentees, got.accepted.mentors) == (5, 2)
    assert (got.matched.mentees, got.matched.mentors) == (4, 2)
    assert got.relationships.model_dump() == {"active": 0, "completed": 1, "ended_early": 1}
    assert (got.sessions.planned, got.sessions.held) == (3, 3)
    # 2 of 3, 3 of 3, 1 of 1 mentees came
    assert got.attendance_rate == round(6 / 7, 4)
    assert [(m.month, m.expected, m.present) for m in got.attendance] == [
        ("2027-01", 6, 5),
        ("2027-02", 1, 1),
    ]
    assert got.late_mentor_absences == 1
    assert (got.diary_completion.done, got.diary_completion.due) == (1, 3)
    assert (got.questionnaire_completion.done, got.questionnaire_completion.due) == (4, 6)
    r = got.ratings
    assert (r.rated, r.mean_start, r.mean_now, r.median_start, r.median_now) == (3, 6.0, 7.33, 6.0, 7.0)
    assert (r.improved, r.same, r.fell, r.share_improved) == (2, 1, 0, round(2 / 3, 4))
    assert {d.rating: (d.at_start, d.now) for d in r.distribution}[6] == (1, 1)
    o = got.outcomes
    assert (o.with_baseline, o.compared, o.living_at_start, o.moved_into_living) == (3, 2, 1, 2)
    g = got.mentor_growth
    assert (g.measured, g.mean_start, g.mean_end, g.improved) == (1, 5.5, 8.5, 1)


def test_attendance_recorded_again_replaces_the_first_record(programme: Feeder):
    programme.play(
        SessionHeld(session_id="ses_1", match_id="mat_1", programme_id=P, present=["par_a", "par_b", "par_c"])
    )

    got = report.programme_report(MANAGER, P, programme.store)

    assert got.sessions.held == 3
    assert got.attendance_rate == 1.0


def test_only_the_municipalitys_managers_read_it(programme: Feeder):
    with pytest.raises(NotFound):
        report.programme_report(signed_in("u-b", "manager", tenant_id="t-other"), P, programme.store)
    with pytest.raises(Forbidden):
        report.programme_report(signed_in("u-adm", "admin"), P, programme.store)
    with pytest.raises(Forbidden):
        report.programme_report(signed_in("u-m", "mentor", tenant_id="t-town"), P, programme.store)
    with pytest.raises(NotFound):
        report.programme_report(MANAGER, "prg_unknown", programme.store)


def test_the_csv_has_a_row_per_mentee_with_pseudonyms_and_no_formula(programme: Feeder):
    text = report.programme_csv(MANAGER, P, programme.store)
    rows = list(csv.reader(io.StringIO(text)))

    header, body = rows[0], rows[1:]
    assert header[0] == "mentee" and len(body) == 5
    ids = [row[0] for row in body]
    assert not any("par_" in cell for row in body for cell in row)
    assert len(set(ids)) == 5 and all(i.startswith("p") for i in ids)
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    again = list(csv.reader(io.StringIO(report.programme_csv(MANAGER, P, programme.store))))
    assert [r[0] for r in again[1:]] == ids  # the same pseudonym on every download
    a = next(r for r in body if r[header.index("rating_start")] == "4")
    assert a[header.index("moved_into_living")] == "True"


def test_a_cell_that_would_be_a_formula_is_written_as_text():
    for dangerous in ('=HYPERLINK("x")', "+1", "-1+1", "@SUM(A1)", "\t=1"):
        assert report.spreadsheet_safe(dangerous).startswith("'")
    assert report.spreadsheet_safe("employed") == "employed"
    assert report.spreadsheet_safe(None) == ""


def test_pseudonyms_are_keyed_per_municipality():
    assert report.pseudonym("k1", "par_a") != report.pseudonym("k2", "par_a")
    assert report.pseudonym("k1", "par_a") == report.pseudonym("k1", "par_a")
    assert "par_a" not in report.pseudonym("k1", "par_a")


def test_an_event_handled_twice_would_count_twice_so_each_change_is_saved_whole(programme: Feeder):
    before = programme.store.commits
    programme.play(
        SessionHeld(session_id="ses_9", match_id="mat_2", programme_id=P, present=["par_d"]),
        at=programme.now + timedelta(hours=1),  # the day's sweep is done: only the event's change
    )
    assert programme.store.commits == before + 1  # summary, rows and the network's totals in one commit
