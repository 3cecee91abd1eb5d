"""The `ErasureRequests` port as intake implements it until the erasure orchestration is joined: an
"erasure requested" record (ids, reason code, time) and, for a withdrawn consent, `ProcessingConsentWithdrawn`
(notifications tells the programme's managers; the erasure start will follow it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from services.intake.consents.logic import ErasureReason
from services.intake.consents.models import ErasureRequest
from services.intake.logic.registry import new_id
from services.intake.models import Participant
from shared.events.catalog import ProcessingConsentWithdrawn
from shared.events.publisher import OutgoingEvent, Publisher

if TYPE_CHECKING:
    from services.intake.privacy.logic import Accounts
    from shared.events.catalog.privacy import ErasureReason as PrivacyReason


class ErasureRequestsPort(Protocol):
    def participant(self, tenant_id: str, participant_id: str) -> Participant | None: ...
    def add_erasure_request(self, request: ErasureRequest) -> bool: ...


#: Starts a person's erasure in every service (services/intake/privacy/logic.start_erasure, bound to its
#: adapters): the municipality, the participation, the reason code.
StartErasure = Callable[[str, str, ErasureReason], object]


class RecordedErasureRequests:
    def __init__(
        self,
        store: ErasureRequestsPort,
        publisher: Publisher,
        clock: Callable[[], datetime],
        start: StartErasure | None = None,
    ) -> None:
        self._store = store
        self._publisher = publisher
        self._clock = clock
        self._start = start

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
        # The managers hear of a withdrawn consent in the request's own transaction.
        events = (
            [OutgoingEvent(tenant_id, _withdrawn(participant, request))]
            if reason == "consent_withdrawn"
            else []
        )
        try:
            with self._publisher.along(events):
                if not self._store.add_erasure_request(request):
                    raise _AskedBefore
        except _AskedBefore:
            return  # a second request for the same participation (a retry, a later sweep) changes nothing
        if self._start is not None:
            # After the managers' mail is asked for: they hear why the person's data is going.
            self._start(tenant_id, participant_id, reason)


class _AskedBefore(Exception):
    """The participation's erasure was asked for before: the block ends, and its events are not written."""


def _withdrawn(participant: Participant, request: ErasureRequest) -> ProcessingConsentWithdrawn:
    return ProcessingConsentWithdrawn(
        person_id=participant.person_id,
        participant_id=participant.participant_id,
        programme_id=participant.programme_id,
        erasure_request_id=request.erasure_request_id,
    )


def erasure_starter(accounts: Accounts | None) -> StartErasure:
    """`start_erasure` bound to intake's adapters. `accounts` is the user-pool directory where the function
    may delete accounts (the API function); None in the events function (the retention sweep)."""

    def start(tenant_id: str, participant_id: str, reason: ErasureReason) -> object:
        from services.intake.deps import publisher, store
        from services.intake.privacy.deps import privacy_store
        from services.intake.privacy.logic import start_erasure

        code: PrivacyReason = "consent_withdrawn" if reason == "consent_withdrawn" else "no_longer_needed"
        by = "consent_withdrawn" if reason == "consent_withdrawn" else "retention_sweep"
        return start_erasure(
            tenant_id,
            participant_id,
            code,
            by,
            privacy_store(),
            store(),
            accounts,
            publisher(),
        )

    return start
