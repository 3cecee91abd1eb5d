"""The manager's dashboard in plain Python: who is matched (intake's projection of matching's events), the
figures per role, the next actions in words, and the programme form's reading of a post."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from services.intake.logic import overview
from services.intake.logic.overview import NextAction, RoleFigures
from services.intake.models import MatchingSettings, MatchState, Participant, Programme
from services.intake.web import programme_form
from shared.errors import NotFound, RuleViolation
from shared.events.catalog import MatchConfirmed, MatchEnded, RiskFlagCleared, RiskFlagRaised
from tests.fakes.intake import accepted_person
from tests.fakes.principals import signed_in

TENANT = "t_town"


def manager(tenant_id: str) -> Any:
    return signed_in("u_manager", "manager", tenant_id=tenant_id, person_id="per_manager")


def programme(**changes: Any) -> Programme:
    values: dict[str, Any] = {
        "programme_id": "prg_1",
        "tenant_id": TENANT,
        "tenant_slug": "town",
        "name": "Spring",
        "kind": "pair",
        "max_group_size": 5,
        "mode": "in_person",
        "cadence_days": 14,
        "starts_on": date(2027, 3, 1),
        "ends_on": date(2027, 9, 1),
        "languages": ["en"],
        "mentor_training_required": True,
        "required_training_modules": ["mentoring_basics"],
        "matching": MatchingSettings(),
        "intake_open": True,
        "created_at": datetime(2026, 11, 1, tzinfo=UTC),
        "version": 1,
    }
    return Programme(**{**values, **changes})


def person(participant_id: str, role: str, *, eligible: bool = True, **changes: Any) -> Participant:
    return accepted_person(participant_id, role, tenant_id=TENANT, eligible=eligible, **changes)


def match(match_id: str, mentor: str, *mentees: str, status: str = "confirmed") -> MatchState:
    return MatchState(
        match_id=match_id, programme_id="prg_1", mentor_id=mentor, mentee_ids=list(mentees), status=status
    )


class Overviews:
    """The store as the dashboard reads it: one programme, its people, matches and application counts."""

    def __init__(self, people: list[Participant], matches: list[MatchState], counts: dict[str, int]) -> None:
        self.prog = programme()
        self.people = people
        self.match_states = matches
        self.counts = counts
        self.at_risk: set[str] = set()

    def programme(self, tenant_id: str, programme_id: str) -> Programme | None:
        found = tenant_id == TENANT and programme_id == self.prog.programme_id
        return self.prog if found else None

    def programmes(self, tenant_id: str) -> list[Programme]:
        return [self.prog] if tenant_id == TENANT else []

    def participants(self, tenant_id: str, *, programme_id: Any, role: Any, person_id: Any = None) -> list:
        return [p for p in self.people if tenant_id == TENANT and role in (None, p.role)]

    def matches(self, tenant_id: str, programme_id: str) -> list[MatchState]:
        return self.match_states if tenant_id == TENANT else []

    def matches_at_risk(self, tenant_id: str, programme_id: str) -> set[str]:
        return self.at_risk if tenant_id == TENANT else set()

    def application_counts(self, tenant_id: str, programme_id: str) -> dict[str, int]:
        return self.counts if tenant_id == TENANT else {}


# --- the projection ----------------------------------------------------------------------------------


class Recorded:
    def __init__(self) -> None:
        self.calls: list[tuple[str, MatchState, str]] = []

    def match_confirmed(self, state: MatchState, tenant_id: str) -> None:
        self.calls.append(("confirmed", state, tenant_id))

    def match_ended(self, state: MatchState, tenant_id: str) -> None:
        self.calls.append(("ended", state, tenant_id))


def test_matchings_events_become_match_states_of_the_tenant():
    store = Recorded()
    confirmed = MatchConfirmed(
        match_id="m1", programme_id="prg_1", kind="group", mentor_id="a", mentee_ids=["b", "c"]
    )
    overview.match_confirmed(TENANT, confirmed, store)
    overview.match_ended(
        TENANT, MatchEnded(match_id="m1", programme_id="prg_1", mentor_id="a", mentee_ids=["b", "c"]), store
    )

    assert [(kind, state.status, tenant) for kind, state, tenant in store.calls] == [
        ("confirmed", "confirmed", TENANT),
        ("ended", "ended", TENANT),
    ]
    assert store.calls[0][1] == match("m1", "a", "b", "c")


def test_only_running_matches_count_and_a_mentor_may_lead_several():
    active = overview.active_matches(
        [match("m1", "a", "b"), match("m2", "a", "c"), match("m3", "d", "e", status="ended")]
    )
    assert active == {"a": ["m1", "m2"], "b": ["m1"], "c": ["m2"]}


def test_a_participant_in_words():
    active = {"b": ["m1"]}
    assert overview.match_word(person("b", "mentee"), active) == "matched"
    assert overview.match_word(person("c", "mentee"), active) == "unmatched"
    assert overview.match_word(person("c", "mentee", account_link="pending"), active) == "waiting_for_account"
    assert overview.match_word(person("b", "mentee", status="withdrawn"), active) == "inactive"
    trained = programme()
    assert overview.training_word(person("a", "mentor", eligible=False), trained) == "needs_training"
    assert overview.training_word(person("a", "mentor"), trained) == "qualified"
    assert (
        overview.training_word(
            person("a", "mentor", eligible=False), programme(mentor_training_required=False)
        )
        == "not_required"
    )
    assert overview.training_word(person("b", "mentee"), trained) == "not_required"


# --- the dashboard -----------------------------------------------------------------------------------


def test_the_dashboard_counts_people_per_role_and_says_what_waits():
    people = [
        person("m_trained", "mentor"),
        person("m_untrained", "mentor", eligible=False),
        person("e_matched", "mentee"),
        person("e_free", "mentee"),
        person("e_free2", "mentee"),
        person("e_left", "mentee", status="withdrawn"),
    ]
    store = Overviews(
        people, [match("m1", "m_trained", "e_matched")], {"submitted": 3, "accepted": 5, "rejected": 1}
    )

    seen = overview.programme_overview(manager(TENANT), "prg_1", store)

    assert seen.applications == {"submitted": 3, "accepted": 5, "waitlisted": 0, "rejected": 1}
    assert seen.mentees == RoleFigures(total=3, matched=1, unmatched=2, qualified=3)
    assert seen.mentors == RoleFigures(total=2, matched=1, unmatched=1, qualified=1, needs_training=1)
    assert seen.next_actions == [
        NextAction("applications_wait", 3, "applications?status=submitted"),
        NextAction("mentors_need_training", 1, "participants?role=mentor"),
        NextAction("mentees_unmatched", 2, "matching"),
    ]


def test_the_dashboard_counts_running_relationships_monitoring_flagged_at_risk():
    store = Overviews([], [match("m1", "a", "b"), match("m2", "c", "d", status="ended")], {})
    # An ended match, or one intake has not heard of, is not counted.
    store.at_risk = {"m1", "m2", "m_unknown"}
    assert overview.programme_overview(manager(TENANT), "prg_1", store).at_risk == 1


class RecordedRisks:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str, bool]] = []

    def risk_changed(self, tenant_id: str, programme_id: str, match_id: str, *, at_risk: bool, as_of) -> None:
        self.calls.append((tenant_id, match_id, at_risk))


def test_monitorings_flags_and_their_clearing_become_risk_states():
    store, at = RecordedRisks(), datetime(2027, 3, 1, tzinfo=UTC)
    raised = RiskFlagRaised(match_id="m1", programme_id="prg_1", reasons=["no_session"])
    overview.risk_changed(TENANT, raised, at, store)
    overview.risk_changed(TENANT, RiskFlagCleared(match_id="m1", programme_id="prg_1"), at, store)
    assert store.calls == [(TENANT, "m1", True), (TENANT, "m1", False)]


def test_unmatched_mentees_without_a_mentor_to_match_are_sent_to_accept_mentors():
    mentors = RoleFigures(total=1, unmatched=1, qualified=0, needs_training=1)
    mentees = RoleFigures(total=2, unmatched=2, qualified=2)
    actions = overview.next_actions({"waitlisted": 2}, mentees, mentors)
    assert actions == [
        NextAction("mentors_need_training", 1, "participants?role=mentor"),
        NextAction("mentees_without_mentors", 2, "applications?role=mentor"),
        NextAction("waitlisted", 2, "applications?status=waitlisted"),
    ]


def test_nothing_waits_when_everyone_is_matched_and_decided():
    everyone = RoleFigures(total=2, matched=2, qualified=2)
    assert overview.next_actions({"accepted": 4}, everyone, everyone) == []


def test_participations_awaiting_their_accounts_owner_are_named():
    mentees = RoleFigures(total=1, waiting_for_account=1, qualified=1)
    assert overview.next_actions({}, mentees, RoleFigures()) == [
        NextAction("accounts_pending", 1, "participants")
    ]


def test_another_municipalitys_programme_is_not_found():
    store = Overviews([], [], {})
    with pytest.raises(NotFound):
        overview.programme_overview(manager("t_other"), "prg_1", store)


# --- the programme form ------------------------------------------------------------------------------


def form(**changes: Any) -> dict[str, list[str]]:
    fields: dict[str, Any] = {
        "name": "Spring",
        "kind": "group",
        "mode": "blended",
        "max_group_size": "4",
        "cadence_days": "21",
        "starts_on": "2027-03-01",
        "ends_on": "2027-09-01",
        "languages": ["pl", "en"],
        "intake_open": "yes",
        "required_training_modules": "mentoring_basics\n\n ethics_and_confidentiality \n",
        "weight-values": "5",
        "weight-age": "0",
        "min_score": "30",
    }
    fields.update(changes)
    return {k: v if isinstance(v, list) else [v] for k, v in fields.items() if v is not None}


def test_a_posted_programme_form_is_a_programme_with_every_setting():
    made = programme_form.as_create(programme_form.posted_values(form()))
    assert made.kind == "group" and made.max_group_size == 4 and made.cadence_days == 21
    assert made.languages == ["en", "pl"] and made.intake_open and not made.mentor_training_required
    assert made.required_training_modules == ["mentoring_basics", "ethics_and_confidentiality"]
    assert made.matching.weights == {"values": 5, "age": 0} and made.matching.min_score == 30


def test_a_settings_post_carries_the_version_it_was_read_at():
    patch = programme_form.as_patch(programme_form.posted_values(form(expected_version="7")))
    assert patch.expected_version == 7
    assert programme_form.as_patch(programme_form.posted_values(form())).expected_version is None


def test_the_values_of_a_programme_fill_the_form_again():
    shown = programme_form.programme_values(
        programme(matching=MatchingSettings(weights={"age": 2}, min_score=5))
    )
    assert shown.weights == {"age": "2"} and shown.min_score == "5" and shown.expected_version == "1"
    assert shown.required_training_modules == "mentoring_basics"


def test_each_mistake_is_named_at_its_field_in_the_forms_order():
    values = programme_form.posted_values(form(name="", languages=None, **{"weight-age": "7"}, min_score="x"))
    with pytest.raises(ValidationError) as caught:
        programme_form.as_create(values)
    errors = programme_form.errors_of(caught.value, lambda key: key)
    assert errors == {
        "name": "programme.error.name",
        "languages": "programme.error.languages",
        "weight-age": "programme.error.weight",
        "min_score": "programme.error.min_score",
    }


def test_a_broken_rule_is_named_at_its_field():
    broken = RuleViolation("ends first", rule="ends_after_start", field="ends_on")
    assert programme_form.errors_of(broken, lambda key: key) == {"ends_on": "programme.error.ends_on"}


def test_a_new_programme_starts_next_month_in_the_municipalitys_language():
    shown = programme_form.new_programme_values("de", date(2026, 12, 15))
    assert shown.starts_on == "2027-01-01" and shown.ends_on == "2027-07-02"
    assert shown.languages == {"de", "en"}
