"""Monitoring's reports part: `router` carries its API routes and pages (api.py includes it),
`HANDLERS` its event handlers (events.py joins them with the other part's).

`router` is loaded when first asked for, and the handlers are named (issue 15), so the part's logic (and
its tests) can be imported without the functions' environment, which the adapters read at import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shared.events.consumer import HandlerName

#: Its event handlers, named (events.py joins them; the module is imported at the first event it handles):
#: every event the projection applies (`logic.projection.APPLY`: a unit test keeps the two the same).
HANDLERS: dict[str, HandlerName] = {
    event: "services.monitoring.reports.events:project"
    for event in (
        "TenantCreated",
        "ProgrammeOpened",
        "ProgrammeChanged",
        "ApplicationSubmitted",
        "ApplicationDecided",
        "ParticipantAccepted",
        "MatchConfirmed",
        "MatchEnded",
        "AgreementSigned",
        "SessionScheduled",
        "SessionRescheduled",
        "SessionCancelled",
        "AbsenceNoticed",
        "SessionHeld",
        "DiaryEntrySubmitted",
        "QuestionnaireAssigned",
        "QuestionnaireSubmitted",
        "MidtermReviewRecorded",
        "RelationshipClosed",
        "OutcomeRecorded",
        "RiskSweepDue",
    )
}


def __getattr__(name: str) -> Any:
    if name == "router":
        from services.monitoring.reports import api  # noqa: F401 - its routes join `router`
        from services.monitoring.reports.routing import router
        from services.monitoring.reports.web import pages  # noqa: F401

        return router
    raise AttributeError(name)
