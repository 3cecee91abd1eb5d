"""What a consumer's memory of handled events may report, kept light so storage need not import the consumer.

`shared.events.consumer` pulls in Powertools' batch and parser modules; `shared.storage` is imported by every
API function, which has no use for them.
"""

from __future__ import annotations


class EventInProgress(RuntimeError):
    """Another delivery of the same event is being handled; retry this record later."""
