"""The intake table: the tenant registry, accounts and programmes, applications and participants, sign-ins,
and the dashboard's projection. The only code that touches it; one module per part, one store over all.
"""

from __future__ import annotations

from services.intake.models import Application, Participant
from services.intake.store.applications import ApplicationStore
from services.intake.store.employers import EmployerLinkStore
from services.intake.store.overview import OverviewStore
from services.intake.store.privacy import PrivacyStore
from services.intake.store.registry import RegistryStore
from services.intake.store.sign_ins import SignInStore

__all__ = [
    "ApplicationStore",
    "EmployerLinkStore",
    "IntakeStore",
    "OverviewStore",
    "PrivacyStore",
    "RegistryStore",
    "SignInStore",
]


class IntakeStore(
    RegistryStore, ApplicationStore, SignInStore, OverviewStore, PrivacyStore, EmployerLinkStore
):
    """Everything intake keeps, in its one table."""

    def decide(self, decided: Application, *, previous_status: str, participant: Participant | None) -> None:
        super().decide(decided, previous_status=previous_status, participant=participant)
        # Consents carried over, a rejection's retention set: services/intake/store/privacy.py.
        self.after_decision(decided, participant)
