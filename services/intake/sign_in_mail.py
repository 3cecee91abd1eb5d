"""The e-mail with the one-time sign-in code, in the person's language.

In the cloud Cognito sends it, and its CustomMessage trigger (`handler`, trigger source
`CustomMessage_Authentication`) puts these words around the code; on this machine the local adapter
(infra/local/passwordless.py) sends the same words through SES. The code is the only thing in it that
changes: no name, nothing a person typed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shared.i18n import Catalogues

#: The web pages' catalogue (services/intake/web/messages), read without loading the pages themselves.
_TEXTS = Catalogues(Path(__file__).parent / "web" / "messages")

#: Where Cognito puts the code in a custom message (its placeholder, replaced when it sends).
COGNITO_CODE_PLACEHOLDER = "{####}"


def code_message(language: str | None, code: str) -> tuple[str, str]:
    """(subject, plain-text body) of the code e-mail."""
    lang = _TEXTS.language_for(language)
    subject = _TEXTS.text(lang, "sign_in.mail.subject")
    body = _TEXTS.text(lang, "sign_in.mail.body", code=code)
    return subject, body


def handler(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    """Cognito's CustomMessage trigger: only the sign-in code's message is ours; others pass unchanged."""
    if event.get("triggerSource") != "CustomMessage_Authentication":
        return event
    attributes = (event.get("request") or {}).get("userAttributes") or {}
    subject, body = code_message(attributes.get("locale"), COGNITO_CODE_PLACEHOLDER)
    event.setdefault("response", {}).update({"emailSubject": subject, "emailMessage": body})
    return event
