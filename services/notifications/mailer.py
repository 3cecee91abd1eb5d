"""Sending e-mail through SES."""

from __future__ import annotations

from typing import Any

from services.notifications.models import Email


class SesMailer:
    def __init__(self, client: Any, sender: str) -> None:
        self._client = client
        self._sender = sender

    def send(self, email: Email) -> str:
        response = self._client.send_email(
            Source=self._sender,
            Destination={"ToAddresses": [email.to]},
            Message={
                "Subject": {"Data": email.subject, "Charset": "UTF-8"},
                "Body": {"Text": {"Data": email.body, "Charset": "UTF-8"}},
            },
        )
        return str(response["MessageId"])
