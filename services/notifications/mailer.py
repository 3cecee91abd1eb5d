"""Sending e-mail through SES: a simple message, or a raw MIME one when it carries attachments."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Any

from services.notifications.models import Email


class SesMailer:
    def __init__(self, client: Any, sender: str) -> None:
        self._client = client
        self._sender = sender

    def send(self, email: Email) -> str:
        if email.attachments:
            return self._send_raw(email)
        response = self._client.send_email(
            Source=self._sender,
            Destination={"ToAddresses": [email.to]},
            Message={
                "Subject": {"Data": email.subject, "Charset": "UTF-8"},
                "Body": {"Text": {"Data": email.body, "Charset": "UTF-8"}},
            },
        )
        return str(response["MessageId"])

    def _send_raw(self, email: Email) -> str:
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = email.to
        message["Subject"] = email.subject
        message.set_content(email.body)
        for attachment in email.attachments:
            maintype, _, subtype = attachment.content_type.partition("/")
            message.add_attachment(
                attachment.data, maintype=maintype, subtype=subtype, filename=attachment.filename
            )
        response = self._client.send_raw_email(
            Source=self._sender, Destinations=[email.to], RawMessage={"Data": message.as_bytes()}
        )
        return str(response["MessageId"])
