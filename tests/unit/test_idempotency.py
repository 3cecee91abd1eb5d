"""`Idempotency-Key`: bounded keys, same body → same answer, other body → 422; intake's use of it."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from services.intake import logic
from shared.errors import RuleViolation
from shared.idempotency import MAX_KEY_LENGTH, Answer, IdempotentRequest, body_hash, checked_key
from tests.fakes import RecordingPublisher
from tests.fakes.idempotency import AnswerBook
from tests.unit.intake.test_application_rules import application, fake_store


class Order(BaseModel):
    item: str
    count: int


class Receipt(BaseModel):
    order_id: str


def test_no_key_means_no_idempotency():
    assert checked_key(None) is None and checked_key("") is None
    assert IdempotentRequest.of(None, scope="prg_1", body=Order(item="a", count=1)) is None


@pytest.mark.parametrize("key", ["k", "a" * MAX_KEY_LENGTH, "8f14e45f-ceea-467f-a0e6-0d1b2c3d4e5f", "a b~!"])
def test_a_printable_key_of_at_most_128_characters_is_taken(key: str):
    assert checked_key(key) == key


@pytest.mark.parametrize(
    "key", ["a" * (MAX_KEY_LENGTH + 1), "k" * 1500, "schlüssel", "line\nbreak", "tab\tkey", "nul\x00"]
)
def test_a_long_or_unprintable_key_is_a_422_naming_the_header(key: str):
    with pytest.raises(RuleViolation) as refused:
        checked_key(key)
    assert refused.value.status == 422
    assert refused.value.extensions["rule"] == "invalid_idempotency_key"
    assert refused.value.extensions["errors"][0]["field"] == "Idempotency-Key"


def test_the_body_fingerprint_ignores_field_order_but_not_values():
    assert body_hash(Order(item="a", count=1)) == body_hash(Order.model_validate({"count": 1, "item": "a"}))
    assert body_hash(Order(item="a", count=1)) != body_hash(Order(item="a", count=2))


def test_same_key_same_body_replays_the_answer_other_body_is_a_422():
    book = AnswerBook()
    first = IdempotentRequest.of("k", scope="prg_1", body=Order(item="a", count=1))
    assert first is not None and first.scope == "prg_1#k"
    assert first.recall(book, "t_1", Receipt) is None
    book.keep("t_1", first.answered(Receipt(order_id="o_1")))

    again = IdempotentRequest.of("k", scope="prg_1", body=Order(item="a", count=1))
    assert again is not None and again.recall(book, "t_1", Receipt) == Receipt(order_id="o_1")

    other = IdempotentRequest.of("k", scope="prg_1", body=Order(item="b", count=1))
    assert other is not None
    with pytest.raises(RuleViolation) as reused:
        other.recall(book, "t_1", Receipt)
    assert reused.value.extensions["rule"] == "idempotency_key_reused"


def test_answers_are_kept_per_tenant_and_scope():
    book = AnswerBook()
    request = IdempotentRequest.of("k", scope="prg_1", body=Order(item="a", count=1))
    assert request is not None
    book.keep("t_1", request.answered(Receipt(order_id="o_1")))
    assert request.recall(book, "t_2", Receipt) is None
    elsewhere = IdempotentRequest.of("k", scope="prg_2", body=Order(item="a", count=1))
    assert elsewhere is not None and elsewhere.recall(book, "t_1", Receipt) is None
    kept = Answer("prg_1#k", request.body_hash, {"order_id": "o_1"})
    assert book.idempotent_answer("t_1", "prg_1#k") == kept


def test_intake_refuses_a_1500_character_key_and_keeps_and_publishes_nothing():
    store, bus = fake_store(), RecordingPublisher()
    with pytest.raises(RuleViolation) as refused:
        logic.submit_application("kiel", "prg_1", application(), store, bus, idempotency_key="k" * 1500)
    assert refused.value.extensions["errors"][0]["field"] == "Idempotency-Key"
    assert store.applications == {} and store.answers.answers == {} and bus.sent == []
