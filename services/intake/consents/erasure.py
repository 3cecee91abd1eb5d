"""The `ErasureRequests` port as intake implements it until the erasure orchestration is joined: an
"erasure requested" record (ids, reason code, time) and, for a withdrawn consent, `ProcessingConsentWithdrawn`
(notifications tells the programme's managers; the erasure start will follow it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from services.intake.consents.logic import ErasureReason
from services.intake.consents.models import ErasureRequest
from services.intake.logic.registry import new_id
from services.intake.models import Participant
from shared.events.catalog import ProcessingConsentWithdrawn
from shared.events.publisher import Publisher


class ErasureRequestsPort(Protocol):
    def participant(self, tenant_id: str, participant_id: str) -> Participant | None: ...
    def add_erasure_request(self, request: ErasureRequest) -> bool: ...


class RecordedErasureRequests:
    def __init__(
        self, store: ErasureRequestsPort, publisher: Publisher, clock: Callable[[], datetime]
    ) -> None:
        self._store = store
        self._publisher = publisher
        self._clock = clock

    def request_erasure(self, tenant_id: str, participant_id: str, reason: ErasureReason) -> None:
        participant = self._store.participant(tenant_id, participant_id)
        if participant is None:
            return  # erased already, or never here: nothing left to ask for
        request = ErasureRequest(
            erasure_request_id=new_id("er"),
            tenant_id=tenant_id,
            participant_id=participant_id,
            person_id=participant.person_id,
            programme_id=participant.programme_id,
            reason=reason,
            requested_at=self._clock(),
        )
        # A second request for the same participation (a retry, a later sweep) changes nothing.
        if not self._store.add_erasure_request(request) or reason != "consent_withdrawn":
            return
        self._publisher.publish_one(
            tenant_id,
            ProcessingConsentWithdrawn(
                person_id=participant.person_id,
                participant_id=participant_id,
                programme_id=participant.programme_id,
                erasure_request_id=request.erasure_request_id,
            ),
        )
