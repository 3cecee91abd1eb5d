"""The questionnaires' rules over the in-memory table (tests/unit/monitoring/fakes.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.monitoring.questionnaires import logic
from services.monitoring.questionnaires.logic.common import assignment_id
from services.monitoring.questionnaires.schemas import (
    AnswersWrite,
    FinalReviewWrite,
    MidtermReviewWrite,
    OutcomeWrite,
    TemplateWrite,
)
from services.monitoring.questionnaires.shipped import all_shipped, shipped
from shared.errors import Conflict, Forbidden, NotFound, RuleViolation
from shared.events.catalog import (
    MatchEnded,
    OutcomeRecorded,
    QuestionnaireAssigned,
    QuestionnairesDue,
    QuestionnaireSubmitted,
    RelationshipClosed,
)
from tests.fakes.principals import signed_in
from tests.fakes.publisher import RecordingPublisher
from tests.unit.monitoring.fakes import (
    OTHER,
    TENANT,
    InMemoryQuestionnaires,
    RecordingScheduler,
    manager,
    member,
    meta,
    relationship,
    signed,
)

INITIAL_ANSWERS = {
    "needs": "A job that pays the rent",
    "expectations": "Honest advice",
    "confidence": 5,
    "employment_status": "unemployed",
    "secures_living": "no",
}


@pytest.fixture
def store() -> InMemoryQuestionnaires:
    s = InMemoryQuestionnaires()
    relationship(s)
    return s


@pytest.fixture
def bus() -> RecordingPublisher:
    return RecordingPublisher()


@pytest.fixture
def clock() -> RecordingScheduler:
    return RecordingScheduler()


def assigned(bus: RecordingPublisher) -> list[tuple[str, str]]:
    return [(e.participant_id, e.kind) for e in bus.events() if isinstance(e, QuestionnaireAssigned)]


def fire(store, bus, clock, kind: str) -> None:
    at, tenant_id, due = next(v for v in clock.scheduled.values() if v[2].kind == kind)  # type: ignore[attr-defined]
    logic.questionnaires_due(meta(tenant_id, "QuestionnairesDue", at=at), due, store, bus, today=at.date())  # type: ignore[arg-type]


# --- templates ----------------------------------------------------------------------------------------


def test_every_shipped_template_speaks_en_de_pl_and_the_final_mirrors_the_initial():
    for template in all_shipped():
        texts = [template.title, *(q.label for q in template.questions)]
        texts += [c.label for q in template.questions for c in q.choices]
        assert all(set(t) == {"en", "de", "pl"} for t in texts), template.kind
    initial_ids = {q.question_id for q in shipped("initial").questions}
    pairs = [q.pairs_with for q in shipped("final").questions if q.pairs_with]
    assert set(pairs) == initial_ids - {"share_with_group"}


def test_an_adapted_template_is_a_new_version_and_answers_keep_theirs(store, bus, clock):
    signed(store, bus, clock)
    first = store.assignment("t-town", assignment_id("match_1", "e1", "initial"))
    assert first is not None and first.template_version == 1 and first.template_id == "shipped-initial"
    body = TemplateWrite.model_validate(
        {
            "title": {"en": "Our start"},
            "questions": [{"question_id": "hopes", "kind": "short_text", "label": {"en": "Hopes"}}],
        }
    )
    adapted = logic.adapt_template(manager(), "prg_1", "initial", body, store)
    again = logic.adapt_template(manager(), "prg_1", "initial", body, store)
    assert (adapted.template.version, again.template.version) == (1, 2)
    assert store.template("t-town", "prg_1", "initial", 1) is not None  # version 1 unchanged, still there
    view, _ = logic.read_questionnaire(member("e1"), first.assignment_id, store)
    assert view.template_version == 1 and "needs" in [q.question_id for q in view.questions]


def test_a_scale_without_bounds_is_refused_naming_the_question(store):
    body = TemplateWrite.model_validate(
        {
            "title": {"en": "x"},
            "questions": [{"question_id": "mood", "kind": "scale", "label": {"en": "Mood"}}],
        }
    )
    with pytest.raises(RuleViolation) as refused:
        logic.adapt_template(manager(), "prg_1", "midterm", body, store)
    assert refused.value.extensions["errors"][0]["field"] == "questions.mood"


def test_the_mentor_self_assessment_is_used_only_where_the_programme_says_so(store, bus, clock):
    signed(store, bus, clock)
    assert ("mtr", "mentor_self_assessment") not in assigned(bus)
    set_ = logic.list_templates(manager(), "prg_1", store)
    assert {t.kind: t.in_use for t in set_.templates}["mentor_self_assessment"] is False
    body = TemplateWrite.model_validate(
        {**shipped("mentor_self_assessment").model_dump(include={"title", "questions"}), "in_use": True}
    )
    logic.adapt_template(manager(), "prg_1", "mentor_self_assessment", body, store)
    signed(store, bus, clock, version=2)
    assert ("mtr", "mentor_self_assessment") in assigned(bus)


def test_another_municipalitys_manager_finds_no_programme(store):
    with pytest.raises(NotFound):
        logic.list_templates(manager(OTHER), "prg_1", store)


# --- assignments --------------------------------------------------------------------------------------


def test_a_signed_agreement_gives_each_mentee_the_initial_due_in_7_days_and_schedules_the_rest(
    store, bus, clock
):
    signed(store, bus, clock)
    assert sorted(assigned(bus)) == [("e1", "initial"), ("e2", "initial")]
    due = next(e for e in bus.events() if isinstance(e, QuestionnaireAssigned)).due_on
    assert due == date(2027, 2, 8)
    times = {v[2].kind: v[0] for v in clock.scheduled.values()}  # type: ignore[attr-defined]
    assert times["midterm"].date() == date(2027, 5, 2)  # the midpoint of 1 Feb .. 31 Jul
    assert times["final"].date() == date(2027, 7, 24)
    assert all(len(name) <= 64 for name in clock.scheduled)


def test_a_replayed_signature_assigns_nothing_twice(store, bus, clock):
    signed(store, bus, clock)
    signed(store, bus, clock)
    assert len(assigned(bus)) == 2


def test_the_midpoint_gives_the_midterm_and_the_last_week_the_final(store, bus, clock):
    signed(store, bus, clock)
    fire(store, bus, clock, "midterm")
    fire(store, bus, clock, "final")
    kinds = sorted(assigned(bus))
    assert ("e1", "midterm") in kinds and ("e2", "final") in kinds and ("mtr", "satisfaction") in kinds


def test_a_timer_of_a_replaced_agreement_gives_nothing(store, bus, clock):
    signed(store, bus, clock)
    signed(store, bus, RecordingScheduler(), version=2)
    stale = QuestionnairesDue(match_id="match_1", programme_id="prg_1", kind="midterm", agreement_version=1)
    logic.questionnaires_due(meta(), stale, store, bus, today=date(2027, 5, 2))
    assert ("e1", "midterm") not in assigned(bus)


def test_an_early_end_gives_the_final_questionnaire_at_once(store, bus, clock):
    signed(store, bus, clock)
    ended = MatchEnded(match_id="match_1", programme_id="prg_1", mentor_id="mtr", mentee_ids=["e1", "e2"])
    logic.match_ended(meta(), ended, store, bus, today=date(2027, 3, 1))
    assert ("e1", "final") in assigned(bus)


# --- answers ------------------------------------------------------------------------------------------


def test_a_mentee_saves_a_draft_then_submits_once_and_the_baseline_is_recorded(store, bus, clock):
    signed(store, bus, clock)
    qa = assignment_id("match_1", "e1", "initial")
    draft = logic.respond(member("e1"), qa, AnswersWrite(answers={"needs": "Work"}), store, bus)
    assert draft.status == "draft"
    done = logic.respond(member("e1"), qa, AnswersWrite(answers=INITIAL_ANSWERS, submit=True), store, bus)
    assert done.status == "submitted"
    submitted = [e for e in bus.events() if isinstance(e, QuestionnaireSubmitted)]
    assert submitted[0].scale_answers == {"confidence": 5}
    assert "A job" not in submitted[0].model_dump_json()  # no text travels in the event
    baseline = [e for e in bus.events() if isinstance(e, OutcomeRecorded)]
    assert baseline[0].baseline and baseline[0].status == "unemployed" and not baseline[0].secures_living
    with pytest.raises(Conflict):
        logic.respond(member("e1"), qa, AnswersWrite(answers={"needs": "x"}), store, bus)


def test_an_answer_out_of_bounds_is_refused_naming_the_question(store, bus, clock):
    signed(store, bus, clock)
    qa = assignment_id("match_1", "e1", "initial")
    for value in (11, 3, "7", True):
        with pytest.raises(RuleViolation) as refused:
            logic.respond(member("e1"), qa, AnswersWrite(answers={"confidence": value}), store, bus)
        assert refused.value.extensions["errors"][0]["field"] == "answers.confidence"


def test_submitting_without_a_required_answer_is_refused(store, bus, clock):
    signed(store, bus, clock)
    qa = assignment_id("match_1", "e1", "initial")
    with pytest.raises(RuleViolation) as refused:
        logic.respond(member("e1"), qa, AnswersWrite(answers={"needs": "x"}, submit=True), store, bus)
    assert refused.value.extensions["rule"] == "answer_required"


def test_only_the_assignee_answers_and_the_mentor_reads_only_shared_answers(store, bus, clock):
    signed(store, bus, clock)
    qa = assignment_id("match_1", "e1", "initial")
    with pytest.raises(NotFound):
        logic.respond(member("e2"), qa, AnswersWrite(answers={}), store, bus)
    with pytest.raises(Forbidden):
        logic.respond(member("mtr"), qa, AnswersWrite(answers={}), store, bus)
    with pytest.raises(Forbidden):
        logic.respond(manager(), qa, AnswersWrite(answers={}), store, bus)
    with pytest.raises(NotFound):
        logic.read_questionnaire(member("e1", tenant_id=OTHER), qa, store)
    answers = {**INITIAL_ANSWERS, "share_with_group": "I like maps", "weaknesses": "Shy"}
    logic.respond(member("e1"), qa, AnswersWrite(answers=answers, submit=True), store, bus)
    mentor_view, reader = logic.read_questionnaire(member("mtr"), qa, store)
    assert reader == "mentor" and mentor_view.answers == {"share_with_group": "I like maps"}
    manager_view, _ = logic.read_questionnaire(manager(), qa, store)
    assert manager_view.answers["weaknesses"] == "Shy"


def test_questions_come_in_the_persons_language(store, bus, clock):
    signed(store, bus, clock)
    qa = assignment_id("match_1", "e1", "initial")
    view, _ = logic.read_questionnaire(member("e1"), qa, store, lang="de")
    assert view.title == "Fragebogen zu Beginn"
    listed = logic.my_questionnaires(member("e1"), store, lang="pl").questionnaires
    assert [q.title for q in listed] == ["Ankieta na początek"]


def test_a_trainer_or_the_admin_has_no_questionnaires(store):
    for principal in (signed_in("u_t", "trainer", tenant_id="t-town"), signed_in("u_a", "admin")):
        with pytest.raises(Forbidden):
            logic.my_questionnaires(principal, store)


# --- reviews and outcomes -----------------------------------------------------------------------------


def midterm(**changes: object) -> MidtermReviewWrite:
    body = {
        "mentees": [
            {"mentee_id": "e1", "rating_start": 5, "rating_now": 7, "next_steps": "Apply"},
            {"mentee_id": "e2", "rating_start": 4, "rating_now": 6},
        ],
        "topics_until_end": "Interviews",
        "comments": {"mentees": "Good", "mentor": "Proud", "manager": "On track"},
        **changes,
    }
    return MidtermReviewWrite.model_validate(body)


def test_the_midterm_review_is_recorded_once_and_prefilled_from_self_ratings(store, bus, clock):
    signed(store, bus, clock)
    fire(store, bus, clock, "midterm")
    qa = assignment_id("match_1", "e1", "midterm")
    logic.respond(
        member("e1"), qa, AnswersWrite(answers={"rating_start": 5, "rating_now": 8}, submit=True), store, bus
    )
    _, ratings, review = logic.midterm_prefill(manager(), "match_1", store)
    assert ratings == {"e1": {"rating_start": 5, "rating_now": 8}} and review is None
    logic.record_midterm_review(manager(), "match_1", midterm(), store, bus)
    event = bus.events()[-1]
    assert event.event_type() == "MidtermReviewRecorded"
    assert [(r.mentee_id, r.rating_start, r.rating_now) for r in event.ratings] == [
        ("e1", 5, 7),
        ("e2", 4, 6),
    ]  # type: ignore[attr-defined]
    with pytest.raises(Conflict):
        logic.record_midterm_review(manager(), "match_1", midterm(), store, bus)


@pytest.mark.parametrize("rating", [3, 11, 7.5, "7"])
def test_a_rating_outside_4_to_10_or_not_whole_is_refused(rating):
    with pytest.raises(ValueError):
        midterm(mentees=[{"mentee_id": "e1", "rating_start": rating, "rating_now": 7}])


def test_a_review_naming_someone_else_is_refused(store, bus):
    body = midterm(mentees=[{"mentee_id": "mtr", "rating_start": 5, "rating_now": 6}])
    with pytest.raises(RuleViolation):
        logic.record_midterm_review(manager(), "match_1", body, store, bus)
    with pytest.raises(NotFound):
        logic.record_midterm_review(manager(OTHER), "match_1", midterm(), store, bus)


def test_the_final_review_closes_the_relationship_and_gives_the_final_questionnaire(store, bus, clock):
    signed(store, bus, clock)
    body = FinalReviewWrite.model_validate(
        {
            "conclusions": [
                {"mentee_id": "e1", "conclusion": "Found work"},
                {"mentee_id": "e2", "conclusion": "Next: a course"},
            ]
        }
    )
    with pytest.raises(Forbidden):
        logic.record_final_review(member("e1"), "match_1", body, store, bus)
    logic.record_final_review(member("mtr"), "match_1", body, store, bus, today=date(2027, 6, 1))
    closed = [e for e in bus.events() if isinstance(e, RelationshipClosed)]
    assert closed[0].mentee_ids == ["e1", "e2"] and closed[0].closed_on == date(2027, 6, 1)
    assert ("e1", "final") in assigned(bus)
    with pytest.raises(Conflict):
        logic.record_final_review(manager(), "match_1", body, store, bus)


def test_an_outcome_joins_the_history_after_the_baseline(store, bus, clock):
    signed(store, bus, clock)
    qa = assignment_id("match_1", "e1", "initial")
    logic.respond(member("e1"), qa, AnswersWrite(answers=INITIAL_ANSWERS, submit=True), store, bus)
    later = OutcomeWrite(status="employed", secures_living=True, recorded_on=date(2027, 7, 1))
    history = logic.record_outcome(manager(), "e1", later, store, bus)
    assert [(o.status, o.baseline) for o in history.history] == [("unemployed", True), ("employed", False)]
    assert logic.read_outcomes(manager(), "e1", store).history == history.history
    with pytest.raises(NotFound):
        logic.read_outcomes(manager(OTHER), "e1", store)
    with pytest.raises(Forbidden):
        logic.record_outcome(member("mtr"), "e1", later, store, bus)


def test_a_repeated_post_with_its_idempotency_key_gets_the_first_answer_not_409(store, bus, clock):
    signed(store, bus, clock)
    qa = assignment_id("match_1", "e1", "initial")
    body = AnswersWrite(answers=INITIAL_ANSWERS, submit=True)
    first = logic.respond(member("e1"), qa, body, store, bus, idempotency_key="k1")
    assert logic.respond(member("e1"), qa, body, store, bus, idempotency_key="k1") == first
    with pytest.raises(Conflict):  # no key: a second submission is still refused
        logic.respond(member("e1"), qa, body, store, bus)
    with pytest.raises(RuleViolation):  # the same key with another body
        logic.respond(member("e1"), qa, AnswersWrite(answers={}), store, bus, idempotency_key="k1")
    review = logic.record_midterm_review(manager(), "match_1", midterm(), store, bus, idempotency_key="m")
    again = logic.record_midterm_review(manager(), "match_1", midterm(), store, bus, idempotency_key="m")
    assert again == review
    with pytest.raises(Conflict):
        logic.record_midterm_review(manager(), "match_1", midterm(), store, bus, idempotency_key="other")
    assert [e.event_type() for e in bus.events()].count("MidtermReviewRecorded") == 1
    assert [e.event_type() for e in bus.events()].count("QuestionnaireSubmitted") == 1


def test_the_final_questionnaires_work_and_living_answers_join_the_outcomes_after_the_baseline(
    store, bus, clock
):
    signed(store, bus, clock)
    logic.respond(
        member("e1"),
        assignment_id("match_1", "e1", "initial"),
        AnswersWrite(answers=INITIAL_ANSWERS, submit=True),
        store,
        bus,
    )
    fire(store, bus, clock, "final")
    final = {
        "needs_met": "Yes",
        "confidence": 9,
        "employment_status": "employed",
        "secures_living": "yes",
    }
    logic.respond(
        member("e1"),
        assignment_id("match_1", "e1", "final"),
        AnswersWrite(answers=final, submit=True),
        store,
        bus,
        now=datetime(2027, 8, 1, tzinfo=UTC),
    )
    history = logic.read_outcomes(manager(), "e1", store).history
    assert [(o.status, o.secures_living, o.baseline) for o in history] == [
        ("unemployed", False, True),
        ("employed", True, False),
    ]
    recorded = [e for e in bus.events() if e.event_type() == "OutcomeRecorded"]
    assert [e.baseline for e in recorded] == [True, False]  # type: ignore[attr-defined]


def test_the_midterm_review_rates_each_goal_the_mentee_has_and_no_other(store, bus):
    from shared.events.catalog import GoalsSet

    def goals(mentee_id: str | None, version: int, count: int) -> None:
        data = GoalsSet(
            match_id="match_1",
            programme_id="prg_1",
            mentee_id=mentee_id,
            goals_version=version,
            goal_count=count,
        )
        logic.goals_set(meta(event_type="GoalsSet"), data, store)

    goals("e1", 2, 3)
    goals("e1", 1, 1)  # an older version arriving late changes nothing
    goals(None, 1, 2)  # the group's goals: what e2, who wrote none, is rated on
    assert store.relationship(TENANT, "match_1").goal_count("e1") == 3
    assert store.relationship(TENANT, "match_1").goal_count("e2") == 2
    per_goal = [
        {"goal": 1, "rating_start": 4, "rating_now": 6},
        {"goal": 3, "rating_start": 5, "rating_now": 5},
    ]
    rated = [
        {"mentee_id": "e1", "rating_start": 5, "rating_now": 7, "goals": per_goal},
        {
            "mentee_id": "e2",
            "rating_start": 4,
            "rating_now": 6,
            "goals": [{"goal": 3, "rating_start": 4, "rating_now": 5}],
        },
    ]
    with pytest.raises(RuleViolation) as refused:
        logic.record_midterm_review(manager(), "match_1", midterm(mentees=rated), store, bus)
    assert refused.value.extensions["errors"][0]["field"] == "mentees.1.goals.0.goal"
    logic.record_midterm_review(
        manager(), "match_1", midterm(mentees=[rated[0], {**rated[1], "goals": []}]), store, bus
    )
    event = bus.events()[-1]
    assert [(g.goal, g.rating_start, g.rating_now) for g in event.ratings[0].goals] == [(1, 4, 6), (3, 5, 5)]  # type: ignore[attr-defined]
