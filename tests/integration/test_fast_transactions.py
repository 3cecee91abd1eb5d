"""The local runtime's DynamoDB transactions (infra/local/fast_transactions.py): all or nothing, as moto's
own, with the table and its stream as before a cancelled one, however big the table is."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from infra.local import fast_transactions

TABLE = "t-transactions"


@pytest.fixture
def client() -> Iterator[object]:
    fast_transactions.install()
    with mock_aws():
        dynamodb = boto3.client("dynamodb", region_name="eu-central-1")
        dynamodb.create_table(
            TableName=TABLE,
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in ("pk", "sk")],
            KeySchema=[
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"},
            ],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        )
        yield dynamodb


def _items(client) -> dict[tuple[str, str], dict]:  # type: ignore[no-untyped-def]
    got = client.scan(TableName=TABLE)["Items"]
    return {(i["pk"]["S"], i["sk"]["S"]): i for i in got}


def _stream(client) -> list[str]:  # type: ignore[no-untyped-def]
    streams = boto3.client(
        "dynamodbstreams",
        region_name="eu-central-1",
        endpoint_url="https://streams.dynamodb.eu-central-1.amazonaws.com",
    )
    arn = client.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
    records = streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"]
    return [f"{r['eventName']} {r['dynamodb']['Keys']['sk']['S']}" for r in records]


def _put(sk: str, value: str = "1", condition: str | None = None) -> dict:
    put: dict = {"TableName": TABLE, "Item": {"pk": {"S": "a"}, "sk": {"S": sk}, "v": {"S": value}}}
    if condition:
        put["ConditionExpression"] = condition
    return {"Put": put}


def test_a_cancelled_transaction_leaves_the_items_and_the_stream_as_they_were(client) -> None:  # type: ignore[no-untyped-def]
    client.put_item(TableName=TABLE, Item={"pk": {"S": "a"}, "sk": {"S": "kept"}, "v": {"S": "0"}})
    client.put_item(TableName=TABLE, Item={"pk": {"S": "a"}, "sk": {"S": "taken"}, "v": {"S": "0"}})
    client.put_item(TableName=TABLE, Item={"pk": {"S": "a"}, "sk": {"S": "there"}, "v": {"S": "0"}})
    before, stream_before = _items(client), _stream(client)
    update = {
        "Update": {
            "TableName": TABLE,
            "Key": {"pk": {"S": "a"}, "sk": {"S": "kept"}},
            "UpdateExpression": "SET v = :v",
            "ExpressionAttributeValues": {":v": {"S": "changed"}},
        }
    }
    with pytest.raises(ClientError) as refused:
        client.transact_write_items(
            TransactItems=[
                update,
                _put("new"),
                {"Delete": {"TableName": TABLE, "Key": {"pk": {"S": "a"}, "sk": {"S": "taken"}}}},
                _put("there", condition="attribute_not_exists(pk)"),  # it is: the whole is cancelled
            ]
        )
    assert refused.value.response["Error"]["Code"] == "TransactionCanceledException"
    assert _items(client) == before
    assert _stream(client) == stream_before


def test_a_transaction_that_commits_writes_everything_and_streams_it(client) -> None:  # type: ignore[no-untyped-def]
    client.transact_write_items(TransactItems=[_put("one"), _put("two")])
    assert set(_items(client)) == {("a", "one"), ("a", "two")}
    assert _stream(client) == ["INSERT one", "INSERT two"]


def test_a_big_table_is_not_copied(client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from moto.dynamodb.models.table import Table

    copied: list[object] = []
    real = fast_transactions.copy.deepcopy

    def watching(value, memo=None):  # type: ignore[no-untyped-def]
        if isinstance(value, Table):
            copied.append(value)
        return real(value, memo)

    monkeypatch.setattr(fast_transactions.copy, "deepcopy", watching)
    for n in range(50):
        client.put_item(TableName=TABLE, Item={"pk": {"S": "a"}, "sk": {"S": f"i{n}"}})
    client.transact_write_items(TransactItems=[_put("one")])
    assert copied == []
