"""The intake table: the tenant registry, accounts and programmes, applications and participants, sign-ins,
and the dashboard's projection. The only code that touches it; one module per part, one store over all.
"""

from __future__ import annotations

from services.intake.store.applications import ApplicationStore
from services.intake.store.overview import OverviewStore
from services.intake.store.registry import RegistryStore
from services.intake.store.sign_ins import SignInStore

__all__ = ["ApplicationStore", "IntakeStore", "OverviewStore", "RegistryStore", "SignInStore"]


class IntakeStore(RegistryStore, ApplicationStore, SignInStore, OverviewStore):
    """Everything intake keeps, in its one table."""
