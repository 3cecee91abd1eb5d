"""Sending e-mail through SES (always a raw MIME message) and SMS through SNS.

Every mail is multipart/alternative (text, then HTML), wrapped in multipart/mixed when it carries an
attachment (a session's .ics). The sender shows the municipality's name (RFC 2047-encoded when it is not
ASCII); a message that is not transactional carries List-Unsubscribe and List-Unsubscribe-Post (RFC 8058).
"""

from __future__ import annotations

from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from typing import Any

from services.notifications.models import Email, Sms

#: CRLF, and 7-bit transfer encodings (quoted-printable or base64, in 76-character lines, for text that
#: is not ASCII): what every relay carries.
POLICY = SMTP.clone(cte_type="7bit")
#: Writing it out, headers are folded only beyond RFC 5322's hard limit: the standard library folds a
#: long ASCII subject by moving all of it to a continuation line, which readers show with a leading space.
WRITTEN = POLICY.clone(max_line_length=998)


def mime(email: Email, sender: str) -> EmailMessage:
    message = EmailMessage(policy=POLICY)
    local, _, domain = sender.partition("@")
    message["From"] = Address(display_name=email.sender_name or "", username=local, domain=domain)
    message["To"] = email.to
    message["Subject"] = email.subject
    if email.unsubscribe_url:
        message["List-Unsubscribe"] = f"<{email.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(email.body)
    if email.html:
        message.add_alternative(email.html, subtype="html")
    for attachment in email.attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        message.add_attachment(
            attachment.data, maintype=maintype, subtype=subtype, filename=attachment.filename
        )
    return message


class SesMailer:
    def __init__(self, client: Any, sender: str, public_base_url: str = "") -> None:
        self._client = client
        self._sender = sender
        #: Where the one-click unsubscribe links point (people/sending.py reads it).
        self.public_base_url = public_base_url

    def send(self, email: Email) -> str:
        message = mime(email, self._sender)
        response = self._client.send_raw_email(
            Source=self._sender,
            Destinations=[email.to],
            RawMessage={"Data": message.as_bytes(policy=WRITTEN)},
        )
        return str(response["MessageId"])


class SnsTexter:
    """SMS straight to a phone number (no topic); transactional, so carriers do not hold it back."""

    def __init__(self, client: Any, sender_id: str = "Tandem") -> None:
        self._client = client
        self._sender_id = sender_id

    def text(self, sms: Sms) -> str:
        response = self._client.publish(
            PhoneNumber=sms.to,
            Message=sms.text,
            MessageAttributes={
                "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"},
                "AWS.SNS.SMS.SenderID": {"DataType": "String", "StringValue": self._sender_id},
            },
        )
        return str(response["MessageId"])
