"""Page tokens: what goes out comes back; anything else is a 422 naming `next_token`, never a 500."""

from __future__ import annotations

import base64
import json

import pytest

from shared.errors import RuleViolation
from shared.storage.pages import page_token, start_key

PARTITION = "t_1#APPLICATION"
KEY = {"pk": {"S": PARTITION}, "sk": {"S": "app_0001"}}
INDEX_KEY = ("gsi1pk", "gsi1sk", "pk", "sk")


def token_of(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


def test_a_token_brings_back_the_key_it_was_made_from():
    assert start_key(page_token(KEY), partition=PARTITION) == KEY


def test_no_key_no_token_and_no_token_no_start():
    assert page_token(None) is None and page_token({}) is None
    assert start_key(None, partition=PARTITION) is None and start_key("", partition=PARTITION) is None


def test_an_index_key_is_checked_on_the_index_partition():
    key = {"gsi1pk": {"S": "t_1#APPLICATION#prg_1"}, "gsi1sk": {"S": "a"}, **KEY}
    token = page_token(key)
    assert start_key(token, partition="t_1#APPLICATION#prg_1", key_attributes=INDEX_KEY) == key
    with pytest.raises(RuleViolation):
        start_key(token, partition="t_1#APPLICATION#prg_2", key_attributes=INDEX_KEY)


@pytest.mark.parametrize(
    "token",
    [
        "eyJwayI6IngifQ==",  # {"pk": "x"}: the probe that answered 500
        "eyJway",  # cut short
        "%%%not base64%%%",
        "zażółć",  # not ASCII
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),  # not UTF-8
        base64.urlsafe_b64encode(b"not json").decode(),
        token_of([KEY]),
        token_of("pk"),
        token_of(None),
        token_of({"pk": {"S": PARTITION}}),  # no sort key
        token_of({**KEY, "extra": {"S": "x"}}),
        token_of({"pk": {"S": PARTITION}, "sk": {"N": "1"}}),  # DynamoDB would refuse the type: a 500
        token_of({"pk": {"S": PARTITION}, "sk": {"S": "a", "N": "1"}}),
        token_of({"pk": {"S": PARTITION}, "sk": {"S": 1}}),
        token_of({"pk": {"S": "t_2#APPLICATION"}, "sk": {"S": "a"}}),  # another tenant's list
        token_of({"pk": {"S": "t_1#PARTICIPANT"}, "sk": {"S": "a"}}),  # another list of the tenant
        token_of({"pk": {"S": PARTITION}, "sk": {"S": "a"}}) + "!",
        "[" * 5000,
    ],
)
def test_a_token_that_is_not_ours_is_a_422_naming_next_token(token: str):
    with pytest.raises(RuleViolation) as refused:
        start_key(token, partition=PARTITION)
    assert refused.value.status == 422
    assert refused.value.extensions["rule"] == "invalid_page_token"
    assert refused.value.extensions["errors"][0]["field"] == "next_token"


def test_a_deeply_nested_token_is_refused_not_a_recursion_error():
    deep = base64.urlsafe_b64encode(b"[" * 100_000 + b"]" * 100_000).decode()
    with pytest.raises(RuleViolation):
        start_key(deep, partition=PARTITION)
