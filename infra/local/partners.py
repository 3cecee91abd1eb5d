"""Partner delivery on this machine, as EventBridge does it in the cloud.

A subscription gets the same rule, connection (holding the API key) and API destination in moto's
EventBridge as in the cloud (services/notifications/partners/routing.py). moto evaluates the rule but does
not call API destinations, so the rule also targets a queue of the subscription's own (the stand-in), and
a delivery thread POSTs each event to the endpoint with the connection's key header, retries with
exponential backoff, and after `attempts` failures puts the event in the partners' dead-letter queue with
EventBridge's attributes, where notifications' events function reads it as in the cloud and records the
failure. Every attempt is kept in memory for the subscription's page (EventBridge reports none). An
archive on the bus keeps every event for replay. Only endpoints on 127.0.0.1 are ever dialled (the API
accepts no others here).
"""

from __future__ import annotations

import heapq
import itertools
import json
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import boto3
from moto.sqs.exceptions import QueueDoesNotExist

from infra.local.cloud import ACCOUNT, BUS, REGION, ServiceQueues

if TYPE_CHECKING:  # the service's modules read their settings on import: after start() set them
    from services.notifications.partners.models import DeliveryAttempt, Subscription
    from shared.manifest import ServiceSpec

ARCHIVE = "tandem-local-events"
DEAD_LETTERS = "tandem-local-partner-dead-letters"
PREFIX = "tandem-local"
#: What the local runtime tells the partners' code (the cloud's values come from infra/cloud).
ENVIRONMENT = {"PARTNER_ENDPOINTS": "local", "PARTNER_RESOURCE_PREFIX": PREFIX}
KEEP_PER_SUBSCRIPTION = 200


@dataclass
class Endpoint:
    subscription: Subscription
    queue_url: str
    queue_name: str
    header: str
    key: str
    rule_arn: str = ""  # the subscription's rule and API destination, named in its dead letters
    target_arn: str = ""


@dataclass(order=True)
class _Job:
    due: float
    seq: int
    subscription_id: str = field(compare=False)
    event: dict[str, Any] = field(compare=False)
    attempts: int = field(default=0, compare=False)
    replayed: bool = field(default=False, compare=False)


class LocalPartnerDelivery:
    def __init__(
        self,
        lock: threading.RLock,
        *,
        attempts: int = 8,
        base_delay: float = 0.05,
        timeout: float = 2.0,
        workers: int = 8,
        post: Callable[[str, bytes, dict[str, str], float], int] | None = None,
    ) -> None:
        self.lock = lock
        self.attempts = attempts
        self.base_delay = base_delay
        self.timeout = timeout
        self._post = post or _post
        self._endpoints: dict[str, Endpoint] = {}
        self._log: dict[str, dict[str, DeliveryAttempt]] = {}
        self._jobs: list[_Job] = []
        self._seq = itertools.count()
        self._jobs_lock = threading.Lock()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="partner-post")
        self._thread: threading.Thread | None = None

    # --- life cycle ---
    def start(self) -> LocalPartnerDelivery:
        os.environ.update(ENVIRONMENT)
        events, sqs = boto3.client("events"), boto3.client("sqs")
        bus_arn = events.describe_event_bus(Name=BUS)["Arn"]
        from shared.events.catalog import public_event_types

        # Public events only, as the cloud's archive (infra/cloud/core.py): contact details are never kept.
        archive = events.create_archive(
            ArchiveName=ARCHIVE,
            EventSourceArn=bus_arn,
            EventPattern=json.dumps({"detail-type": public_event_types()}),
        )
        dlq = sqs.create_queue(QueueName=DEAD_LETTERS)["QueueUrl"]
        self.dead_letter_url = dlq
        dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        self.dead_letter_arn = dlq_arn
        os.environ.update({"EVENT_ARCHIVE_ARN": archive["ArchiveArn"], "PARTNER_DEAD_LETTER_ARN": dlq_arn})
        from infra.local.partner_routing import LocalRouting
        from services.notifications.partners import deps

        self.routing = LocalRouting(self)
        deps.use(self.routing)
        self._thread = threading.Thread(target=self._run, name="partner-delivery", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout=5)
        self._pool.shutdown(wait=False, cancel_futures=True)
        from services.notifications.partners import deps

        deps.use(None)

    # --- what the routing and tests use ---
    def register(self, endpoint: Endpoint) -> None:
        self._endpoints[endpoint.subscription.subscription_id] = endpoint
        self._log.setdefault(endpoint.subscription.subscription_id, {})

    def forget(self, subscription_id: str) -> Endpoint | None:
        return self._endpoints.pop(subscription_id, None)

    def deliveries(self, subscription_id: str) -> list[DeliveryAttempt]:
        log = self._log.get(subscription_id, {})
        return sorted(log.values(), key=lambda d: d.at, reverse=True)

    def dead_letter_queue(self, service: ServiceSpec) -> ServiceQueues:
        """The partners' dead letters as a queue for `service`'s events function to read (the runtime
        polls it as the cloud's event source mapping does); it has no dead-letter queue of its own."""
        return ServiceQueues(
            service=service, queue_url=self.dead_letter_url, queue_arn=self.dead_letter_arn, dlq_url=""
        )

    def enqueue(self, subscription_id: str, event: dict[str, Any], *, replayed: bool = False) -> None:
        self._push(_Job(time.monotonic(), next(self._seq), subscription_id, event, replayed=replayed))

    # --- the delivery loop ---
    def _push(self, job: _Job) -> None:
        with self._jobs_lock:
            heapq.heappush(self._jobs, job)
        self._wake.set()

    def _run(self) -> None:
        from moto.sqs.models import sqs_backends

        backend = sqs_backends[ACCOUNT][REGION]
        while not self._stop.is_set():
            received = self._sweep(backend)
            self._dispatch_due()
            if not received:
                self._wake.wait(self._next_wait())
                self._wake.clear()

    def _sweep(self, backend: Any) -> int:
        """Moves what the rules put in the subscriptions' queues into the delivery schedule."""
        received = 0
        for endpoint in list(self._endpoints.values()):
            with self.lock:
                try:
                    if backend.get_queue(endpoint.queue_name).approximate_number_of_messages == 0:
                        continue
                except QueueDoesNotExist:  # the queue went with its subscription
                    continue
                # moto's queue directly (no botocore round trip): the sweep runs every few milliseconds.
                messages = backend.receive_message(endpoint.queue_name, 10, 0, 30)
                for message in messages:
                    backend.delete_message(endpoint.queue_name, message.receipt_handle)
            for message in messages:
                event = json.loads(message.body)
                event.setdefault("account", ACCOUNT)  # moto leaves it out; AWS always sends it
                self.enqueue(endpoint.subscription.subscription_id, event)
                received += 1
        return received

    def _next_wait(self) -> float:
        with self._jobs_lock:
            if self._jobs:
                return max(0.0, min(0.02, self._jobs[0].due - time.monotonic()))
        return 0.01 if self._endpoints else 0.05

    def _dispatch_due(self) -> None:
        now = time.monotonic()
        due = []
        with self._jobs_lock:
            while self._jobs and self._jobs[0].due <= now:
                due.append(heapq.heappop(self._jobs))
        for job in due:
            self._pool.submit(self._attempt, job)

    def _attempt(self, job: _Job) -> None:
        endpoint = self._endpoints.get(job.subscription_id)
        if endpoint is None:
            return  # unsubscribed meanwhile: nothing more is delivered
        job.attempts += 1
        url = endpoint.subscription.endpoint
        if urlsplit(url).hostname != "127.0.0.1":  # never dialled from this machine (the API refuses it)
            self._dead_letter(endpoint, job, None)
            return
        body = json.dumps(job.event).encode()
        headers = {"Content-Type": "application/json", endpoint.header: endpoint.key}
        status = self._post(url, body, headers, self.timeout)
        if status is not None and 200 <= status < 300:
            self._record(job, "delivered", status)
        elif job.attempts >= self.attempts:
            # The last attempt's status is shown until the dead letter is recorded as the failure.
            self._record(job, "retrying", status)
            self._dead_letter(endpoint, job, status)
        else:
            self._record(job, "retrying", status)
            job.due = time.monotonic() + self.base_delay * 2 ** (job.attempts - 1)
            self._push(job)

    def _record(self, job: _Job, status: str, code: int | None) -> None:
        from services.notifications.partners.models import DeliveryAttempt

        metadata = (job.event.get("detail") or {}).get("metadata") or {}
        attempt = DeliveryAttempt(
            event_id=str(metadata.get("event_id", job.event.get("id", ""))),
            event_type=str(job.event.get("detail-type", "")),
            status=status,
            attempts=job.attempts,
            last_status_code=code,
            at=datetime.now(UTC),
            replayed=job.replayed,
        )
        log = self._log.setdefault(job.subscription_id, {})
        log[f"{attempt.event_id}:{int(job.replayed)}"] = attempt
        if len(log) > KEEP_PER_SUBSCRIPTION:
            del log[next(iter(log))]

    def _dead_letter(self, endpoint: Endpoint, job: _Job, code: int | None) -> None:
        """The event into the partners' dead-letter queue with the attributes EventBridge gives it."""
        rule = endpoint.rule_arn
        message = (
            "Unable to invoke ApiDestination endpoint: API destination endpoint cannot be reached."
            if code is None
            else f"Unable to invoke ApiDestination endpoint: the endpoint answered {code}."
        )
        attributes = {
            "RULE_ARN": rule,
            "TARGET_ARN": endpoint.target_arn,
            "ERROR_CODE": "CONNECTION_FAILURE" if code is None else "SDK_CLIENT_ERROR",
            "ERROR_MESSAGE": message,
            "RETRY_ATTEMPTS": str(max(job.attempts - 1, 0)),
            "EXHAUSTED_RETRY_CONDITION": "MaximumRetryAttempts",
        }
        with self.lock:
            boto3.client("sqs").send_message(
                QueueUrl=self.dead_letter_url,
                MessageBody=json.dumps(job.event),
                MessageAttributes={
                    name: {"DataType": "String", "StringValue": value} for name, value in attributes.items()
                },
            )


def _post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> int | None:
    """The HTTP status the endpoint answered, or None when it could not be reached."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - 127.0.0.1
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except (OSError, ValueError):
        return None
