"""The consents part's adapters: intake's store and publisher, and the erasure requests built on them."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

from services.intake.consents.erasure import RecordedErasureRequests, erasure_starter
from services.intake.deps import publisher, store


def now() -> datetime:
    return datetime.now(UTC)


@cache
def erasure_requests() -> RecordedErasureRequests:
    from services.intake.deps import directory

    return RecordedErasureRequests(store(), publisher(), now, erasure_starter(directory()))


__all__ = ["erasure_requests", "now", "publisher", "store"]
