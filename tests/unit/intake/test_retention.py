"""Retention: the periods' bounds, when a rejected application and a programme's data are due (with a
fixed clock), and the sweep asking for erasure once and counting what it did."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from services.intake.consents.erasure import RecordedErasureRequests
from services.intake.retention import logic
from services.intake.retention.rules import (
    RetentionPeriods,
    months_after,
    participants_due,
    programme_data_expires,
    rejected_application_expires,
)
from services.intake.retention.schemas import RetentionWrite
from shared.errors import Forbidden, NotFound
from shared.events.catalog import RetentionSwept
from tests.fakes.principals import signed_in
from tests.fakes.privacy import TENANT, InMemoryPrivacy, participant, programme
from tests.fakes.publisher import RecordingPublisher

MANAGER = signed_in("m", "manager", tenant_id=TENANT, person_id="p_m")


def test_months_after_keeps_the_day_or_takes_the_months_last():
    assert months_after(datetime(2026, 8, 31, 10, tzinfo=UTC), 6) == datetime(2027, 2, 28, 10, tzinfo=UTC)
    assert months_after(datetime(2026, 1, 15, tzinfo=UTC), 24) == datetime(2028, 1, 15, tzinfo=UTC)


def test_a_rejected_application_goes_six_months_after_the_decision_by_default():
    decided = datetime(2026, 12, 1, 9, tzinfo=UTC)
    assert rejected_application_expires(decided, RetentionPeriods()) == datetime(2027, 6, 1, 9, tzinfo=UTC)
    shorter = RetentionPeriods(rejected_applications_months=1)
    assert rejected_application_expires(decided, shorter) == datetime(2027, 1, 1, 9, tzinfo=UTC)


def test_a_programmes_participants_are_due_the_day_after_its_period_ends():
    ended = programme("prg_old", ends_on=date(2024, 6, 30))
    running = programme("prg_new", ends_on=date(2027, 8, 1))
    people = [participant("p_a", "prg_old"), participant("p_b", "prg_new")]
    assert programme_data_expires(ended.ends_on, RetentionPeriods()) == date(2026, 6, 30)
    on_the_day = datetime(2026, 6, 30, 23, tzinfo=UTC)
    assert participants_due([ended, running], people, RetentionPeriods(), on_the_day) == []
    after = datetime(2026, 7, 1, 3, tzinfo=UTC)
    assert [p.person_id for p in participants_due([ended, running], people, RetentionPeriods(), after)] == [
        "p_a"
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [("rejected_applications_months", 0), ("rejected_applications_months", 13), ("programme_data_months", 5),
     ("programme_data_months", 61)],
)  # fmt: skip
def test_a_period_out_of_bounds_is_refused_naming_the_field_and_the_bounds(field, value):
    body = {"rejected_applications_months": 6, "programme_data_months": 24, field: value}
    with pytest.raises(ValidationError) as refused:
        RetentionWrite.model_validate(body)
    [error] = refused.value.errors()
    assert error["loc"] == (field,)
    low, high = {"rejected_applications_months": (1, 12), "programme_data_months": (6, 60)}[field]
    assert f"between {low} and {high} months" in error["msg"]


def test_only_the_municipalitys_managers_read_and_set_its_periods():
    store = InMemoryPrivacy()
    body = RetentionWrite(rejected_applications_months=3, programme_data_months=36)
    view = logic.set_retention(MANAGER, TENANT, body, store)
    assert (view.rejected_applications_months, view.programme_data_months, view.delivery_log_months) == (
        3,
        36,
        12,
    )
    assert logic.read_retention(MANAGER, TENANT, store).bounds == {
        "rejected_applications_months": [1, 12], "programme_data_months": [6, 60]
    }  # fmt: skip
    with pytest.raises(NotFound):
        logic.read_retention(MANAGER, "t_other", store)
    with pytest.raises(Forbidden):
        logic.read_retention(signed_in("x", "mentee", tenant_id=TENANT, person_id="p"), TENANT, store)


def test_the_sweep_asks_once_for_the_due_participants_and_publishes_counts_only():
    store = InMemoryPrivacy(
        participants=[
            participant("p_a", "prg_old"),
            participant("p_b", "prg_old"),
            participant("p_c", "prg_new"),
        ],
        programmes=[programme("prg_old", ends_on=date(2024, 6, 30)), programme("prg_new")],
    )
    store.expired_rejections = 2
    bus = RecordingPublisher()
    now = datetime(2026, 7, 2, 3, tzinfo=UTC)
    erasure = RecordedErasureRequests(store, bus, lambda: now)
    assert logic.sweep(now.date(), now, store, erasure, bus) == {
        TENANT: {"programme_participants": 2, "rejected_applications": 2}
    }
    assert sorted(r.person_id for r in store.requests.values()) == ["p_a", "p_b"]
    assert {r.reason for r in store.requests.values()} == {"retention_period_ended"}
    assert bus.events() == [
        RetentionSwept(day=date(2026, 7, 2), counts={"programme_participants": 2, "rejected_applications": 2})
    ]
    store.expired_rejections = 0
    assert logic.sweep(now.date(), now, store, erasure, bus) == {}  # asked once; nothing new: no event
    assert len(bus.events()) == 1
