"""The outbox's relay on this machine: what DynamoDB Streams → EventBridge Pipes do in the cloud.

It reads every service table's stream, keeps the new outbox items (shared/storage/outbox.py), puts them
on the bus in order and deletes each item once the bus took it. While the bus refuses (a fault, see
faults.py), the items wait here and in the table and go out when it is back; nothing is sent twice
because an item leaves `pending` only when the bus accepted it.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from infra.local.cloud import ACCOUNT, REGION
from shared.events.publisher import CHUNK
from shared.storage.outbox import entry_for, is_outbox_image

#: One attempt per round: a bus that is down must not hold the runtime's lock through botocore's retries.
_ONCE = Config(retries={"total_max_attempts": 1, "mode": "standard"})


MAX_IDLE_SLEEP = 0.2


@dataclass
class _Waiting:
    table: str
    key: dict[str, Any]
    entry: dict[str, Any]
    event_id: str


class OutboxRelay:
    def __init__(self, tables: list[str], bus_name: str, lock: threading.RLock, idle_sleep: float = 0.05):
        self._tables = tables
        self._bus = bus_name
        self._lock = lock
        self._idle_sleep = idle_sleep
        self._dynamodb = boto3.client("dynamodb")
        # moto answers streams only on their classic endpoint (botocore now picks another by default).
        self._streams = boto3.client(
            "dynamodbstreams", endpoint_url=f"https://streams.dynamodb.{REGION}.amazonaws.com"
        )
        self._events = boto3.client("events", config=_ONCE)
        self._shards: dict[str, tuple[str, str]] = {}  # table → (stream ARN, shard id)
        self._last: dict[str, str] = {}  # table → the sequence number of the last record read
        self.pending: list[_Waiting] = []
        #: Every event id the bus accepted from here, in order (tests check none is there twice).
        self.relayed: list[str] = []
        self.refusals = 0
        self._seen: set[str] = set()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> OutboxRelay:
        for table in self._tables:
            arn = self._dynamodb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
            shard = self._streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]
            self._shards[table] = (arn, shard["ShardId"])
        self._thread = threading.Thread(target=self._run, name="outbox-relay", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        idle = self._idle_sleep
        while not self._stop.is_set():
            try:
                busy = self.poll_once()
            except Exception:  # the relay outlives any one bad round, as a Pipe does
                logging.getLogger(__name__).exception("outbox relay round failed")
                busy = 0
            # Five stream reads a round under the runtime's lock: an idle relay slows down to leave it free.
            idle = self._idle_sleep if busy else min(idle * 2, MAX_IDLE_SLEEP)
            if not busy:
                self._stop.wait(idle)

    def poll_once(self) -> int:
        """Reads the streams, sends what waits; returns how many events the bus took this round."""
        with self._lock:
            self._read()
            return self._send()

    def backlog(self) -> int:
        """Events written and not yet on the bus, after a round of its own (so a fresh write is sent now,
        not when the idle relay next looks)."""
        with self._lock:
            self._read()
            self._send()
            return len(self.pending)

    def _read(self) -> None:
        for table, (arn, shard_id) in self._shards.items():
            # A fresh iterator each round, after the last record read: moto rolls a failed transaction
            # back by putting a copy of the table in place, stream and all, which an old iterator misses.
            last = self._last.get(table)
            iterator = self._streams.get_shard_iterator(
                StreamArn=arn,
                ShardId=shard_id,
                **(
                    {"ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": last}
                    if last
                    else {"ShardIteratorType": "TRIM_HORIZON"}
                ),
            )["ShardIterator"]
            got = self._streams.get_records(ShardIterator=iterator)
            _forget(iterator, got.get("NextShardIterator"))
            records = got.get("Records", [])
            if records:
                self._last[table] = records[-1]["dynamodb"]["SequenceNumber"]
            for record in got.get("Records", []):
                image = record["dynamodb"].get("NewImage")
                # moto writes an item created by an update (the outbox's way into a transaction) as an
                # INSERT of its keys, then a MODIFY with the rest; DynamoDB sends one complete INSERT.
                if record["eventName"] == "REMOVE" or not is_outbox_image(image) or "detail" not in image:
                    continue
                if image["sk"]["S"] in self._seen:
                    continue
                self._seen.add(image["sk"]["S"])
                self.pending.append(
                    _Waiting(
                        table=table,
                        key={"pk": image["pk"], "sk": image["sk"]},
                        entry=entry_for(image, self._bus),
                        event_id=image["sk"]["S"],
                    )
                )

    def _send(self) -> int:
        sent = 0
        while self.pending:
            chunk = self.pending[:CHUNK]
            try:
                response = self._events.put_events(Entries=[w.entry for w in chunk])  # type: ignore[misc]
            except (ClientError, BotoCoreError):
                self.refusals += 1
                return sent
            results = response.get("Entries", [])
            taken = [w for w, r in zip(chunk, results, strict=True) if not r.get("ErrorCode")]
            for waiting in taken:
                self._dynamodb.delete_item(TableName=waiting.table, Key=waiting.key)
                self.relayed.append(waiting.event_id)
            self.pending = [w for w in chunk if w not in taken] + self.pending[CHUNK:]
            sent += len(taken)
            if len(taken) < len(chunk):
                self.refusals += 1
                return sent  # the rest waits for the next round, in order
        return sent


def _forget(*iterators: str | None) -> None:
    """moto keeps every shard iterator it handed out; polling 20 times a second would pile them up."""
    from moto.dynamodbstreams.models import dynamodbstreams_backends

    for iterator in iterators:
        dynamodbstreams_backends[ACCOUNT][REGION].shard_iterators.pop(iterator or "", None)
