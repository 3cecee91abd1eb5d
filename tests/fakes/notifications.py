"""Notifications' store and mailer in memory."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class InMemoryContacts:
    """Contacts and the delivery log (a delivery id logged once is never mailed again)."""

    def __init__(self, contacts: list[Any]) -> None:
        self.contacts = contacts
        self.log: dict[str, Any] = {}

    def save_contact(self, contact: Any) -> None:
        self.contacts.append(contact)

    def contacts_with_role(self, tenant_id: str, role: str) -> list[Any]:
        return [c for c in self.contacts if c.tenant_id == tenant_id and c.role == role]

    def log_delivery(self, delivery: Any) -> None:
        self.log[delivery.delivery_id] = delivery

    def delivered(self, tenant_id: str, delivery_id: str) -> bool:
        return delivery_id in self.log


class FlakyMailer:
    """Sends (records) every e-mail except those to an address in `fail_for`, which raise as SES would."""

    def __init__(self, fail_for: Iterable[str] = ()) -> None:
        self.sent: list[Any] = []
        self.fail_for = set(fail_for)

    def send(self, email: Any) -> str:
        if email.to in self.fail_for:
            raise ConnectionError("SES down")
        self.sent.append(email)
        return f"m{len(self.sent)}"
