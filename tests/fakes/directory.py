"""A user directory (the Cognito port) that records the accounts it was asked for."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from services.intake.logic.ports import NewAccount


class RecordingDirectory:
    def __init__(self) -> None:
        self.accounts: list[dict[str, Any]] = []

    def create_account(self, account: NewAccount) -> str:
        self.accounts.append(asdict(account))
        return f"sub-{len(self.accounts)}"

    def ensure_account(self, account: NewAccount) -> tuple[str, str]:
        """The account for an accepted applicant: a new `sub`, and the person id it was asked for."""
        return self.create_account(account), account.person_id

    def add_role(self, *, email: str, tenant_id: str, role: str) -> None:
        self.accounts.append({"email": email, "tenant_id": tenant_id, "role": role, "added_role": True})
