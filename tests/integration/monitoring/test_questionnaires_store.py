"""The questionnaires' part of monitoring's table on moto: the whole of logic runs on it as on the
in-memory table; an assignment is made once and saved only at the revision it was read; a published
template version is never overwritten."""

from __future__ import annotations

from datetime import date

import pytest

from services.monitoring.questionnaires import logic
from services.monitoring.questionnaires.logic.common import assignment_id
from services.monitoring.questionnaires.schemas import AnswersWrite, OutcomeWrite
from services.monitoring.questionnaires.shipped import shipped
from shared.errors import Conflict
from tests.fakes.publisher import RecordingPublisher
from tests.unit.monitoring.fakes import (
    OTHER,
    TENANT,
    RecordingScheduler,
    manager,
    member,
    relationship,
    signed,
)


@pytest.fixture
def store(store_module):
    return store_module.QuestionnairesStore()


def test_a_signed_agreement_to_a_submitted_questionnaire_and_the_baseline_on_dynamodb(store):
    bus, clock = RecordingPublisher(), RecordingScheduler()
    relationship(store)
    signed(store, bus, clock)
    signed(store, bus, clock)  # a replay assigns nothing twice
    assert bus.types().count("QuestionnaireAssigned") == 2
    mine = logic.my_questionnaires(member("e1"), store).questionnaires
    assert [q.kind for q in mine] == ["initial"]
    assert logic.my_questionnaires(member("e1", tenant_id=OTHER), store).questionnaires == []
    qa = mine[0].assignment_id
    answers = {"needs": "Work", "expectations": "Advice", "confidence": 6}
    logic.respond(member("e1"), qa, AnswersWrite(answers=answers), store, bus)
    baseline = {"employment_status": "other", "secures_living": "yes"}
    done = logic.respond(member("e1"), qa, AnswersWrite(answers=baseline, submit=True), store, bus)
    assert done.status == "submitted" and done.answers["confidence"] == 6
    history = logic.read_outcomes(manager(), "e1", store)
    assert [(o.status, o.baseline) for o in history.history] == [("other", True)]
    later = OutcomeWrite(status="employed", secures_living=True, recorded_on=date(2027, 7, 1))
    assert len(logic.record_outcome(manager(), "e1", later, store, bus).history) == 2


def test_an_assignment_saved_at_a_stale_revision_is_refused(store):
    relationship(store)
    signed(store, RecordingPublisher(), RecordingScheduler())
    qa = assignment_id("match_1", "e1", "initial")
    first, second = store.assignment(TENANT, qa), store.assignment(TENANT, qa)
    store.save_assignment(first.model_copy(update={"answers": {"needs": "a"}}))
    with pytest.raises(Conflict):
        store.save_assignment(second.model_copy(update={"answers": {"needs": "b"}}))
    assert store.assignment(TENANT, qa).answers == {"needs": "a"}
    assert store.add_assignment(first) is False


def test_a_published_template_version_is_never_overwritten(store):
    template = shipped("satisfaction").model_copy(update={"template_id": "prg_1-satisfaction"})
    store.publish_template(TENANT, "prg_1", template)
    with pytest.raises(Conflict):
        store.publish_template(TENANT, "prg_1", template.model_copy(update={"title": {"en": "Changed"}}))
    assert store.template(TENANT, "prg_1", "satisfaction", 1).title == shipped("satisfaction").title


def test_a_repeated_submission_with_its_key_gets_the_first_answer_and_a_stale_one_still_conflicts(store):
    bus = RecordingPublisher()
    relationship(store)
    signed(store, bus, RecordingScheduler())
    qa = assignment_id("match_1", "e1", "initial")
    body = AnswersWrite(answers={"needs": "Work", "expectations": "Advice", "confidence": 6})
    draft = logic.respond(member("e1"), qa, body, store, bus, idempotency_key="draft-1")
    again = logic.respond(member("e1"), qa, body, store, bus, idempotency_key="draft-1")
    assert again == draft and store.assignment(TENANT, qa).revision == 2  # one write, not two
    stale = store.assignment(TENANT, qa).model_copy(update={"revision": 1})
    with pytest.raises(Conflict):
        store.save_assignment(stale, idempotency=None)
    assert store.idempotent_answer(TENANT, f"responses#{qa}#draft-1") is not None
