"""An answer every service gives (PersonErased, PersonExportWritten) may come from any of them; every other
event type keeps exactly one producer."""

from __future__ import annotations

from shared.events.catalog import CATALOGUE, MatchConfirmed, PersonErased, PersonExportWritten
from shared.events.publisher import envelope_for, sources_of
from shared.manifest import Subscription
from tests.unit.test_events import FakeProcessed, _record


def _consumer_of(model):
    from shared.events.consumer import Consumer

    handled: list = []
    return Consumer("probe", {model: lambda meta, data: handled.append(data)}, FakeProcessed()), handled


def _erased(service: str) -> PersonErased:
    return PersonErased(erasure_id="er_1", person_id="u_1", participant_ids=["p_1"], service=service)


def test_a_person_erased_from_sessions_is_accepted():
    consumer, handled = _consumer_of(PersonErased)
    env = envelope_for("t_1", _erased("sessions"))
    assert env.metadata.producer == "sessions"
    consumer.handle_record(_record(env, source="tandem.sessions"))
    assert handled == [_erased("sessions")]
    assert consumer.refused == 0


def test_a_match_confirmed_from_sessions_is_still_refused():
    consumer, handled = _consumer_of(MatchConfirmed)
    confirmed = MatchConfirmed(
        match_id="m_1", programme_id="prg_1", kind="pair", mentor_id="a", mentee_ids=["b"]
    )
    env = envelope_for("t_1", confirmed)
    consumer.handle_record(_record(env, source="tandem.sessions"))
    forged = env.model_copy(update={"metadata": env.metadata.model_copy(update={"producer": "sessions"})})
    consumer.handle_record(_record(forged, source="tandem.sessions"))
    assert handled == []
    assert consumer.refused == 2


def test_an_answer_whose_source_is_not_the_service_it_names_is_refused():
    consumer, handled = _consumer_of(PersonErased)
    consumer.handle_record(_record(envelope_for("t_1", _erased("sessions")), source="tandem.matching"))
    consumer.handle_record(_record(envelope_for("t_1", _erased("sessions")), source="evil"))
    assert handled == []
    assert consumer.refused == 2


def test_only_the_answers_have_several_producers():
    several = {name for name, model in CATALOGUE.items() if len(model.allowed_producers()) > 1}
    assert several == {"PersonErased", "PersonExportWritten"}
    assert sources_of("MatchConfirmed") == ["tandem.matching"]
    assert len(sources_of("PersonExportWritten")) == 5
    assert Subscription("A", ("PersonErased",)).pattern()["source"] == sorted(
        f"tandem.{s}" for s in ("intake", "matching", "sessions", "monitoring", "notifications")
    )
    assert PersonExportWritten.visibility == "internal"
    assert PersonErased.visibility == "public"
