"""SQS queues on moto whose sends cost the same however many messages wait.

moto builds a queue's whole attribute dictionary whenever any one attribute is read, and three of its
entries (the approximate counts) each walk every message in the queue. Every SendMessage reads one
attribute (ContentBasedDeduplication), so a send cost as much as the queue was long: the local clock
firing 2,000 reminders into notifications' queue spent most of its two minutes counting messages. This
gives queues the same attributes, with the counts computed only when someone reads them.

Installed by the local runtime (`install()`); nothing in the cloud runs it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

_installed = False
moto_attributes: Any = None  # moto's own property, kept for the test that compares the two

# Computed on reading: each walks every message in the queue.
_COUNTS = {
    "ApproximateNumberOfMessages": "approximate_number_of_messages",
    "ApproximateNumberOfMessagesDelayed": "approximate_number_of_messages_delayed",
    "ApproximateNumberOfMessagesNotVisible": "approximate_number_of_messages_not_visible",
}


class QueueAttributes(Mapping[str, Any]):
    """moto's `Queue.attributes` (moto 5: the base attributes, the FIFO ones on a FIFO queue, the KMS ones
    when a key is set, the policy, the redrive policy as JSON, booleans as "true"/"false"), read lazily."""

    def __init__(self, queue: Any) -> None:
        from moto.core.utils import camelcase_to_underscores

        self._queue = queue
        names = list(queue.BASE_ATTRIBUTES)
        if queue.fifo_queue:
            names += queue.FIFO_ATTRIBUTES
        if queue.kms_master_key_id:
            names += queue.KMS_ATTRIBUTES
        self._values: dict[str, Any] = {
            name: None if name in _COUNTS else getattr(queue, camelcase_to_underscores(name))
            for name in names
        }
        if queue.policy:
            self._values["Policy"] = queue.policy
        if queue.redrive_policy:
            self._values["RedrivePolicy"] = json.dumps(queue.redrive_policy)

    def __getitem__(self, name: str) -> Any:
        value = self._values[name]
        if name in _COUNTS:
            value = getattr(self._queue, _COUNTS[name])
        return str(value).lower() if isinstance(value, bool) else value

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def install() -> None:
    global _installed, moto_attributes
    if _installed:
        return
    from moto.sqs.models import Queue

    moto_attributes = Queue.attributes
    Queue.attributes = property(QueueAttributes)  # type: ignore[assignment,method-assign]
    _installed = True
