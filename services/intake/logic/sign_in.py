"""Signing in with an e-mail and a one-time code: the rules, apart from pages and providers.

- An e-mail with no account here gets the same answer as one with an account (no account enumeration):
  a sign-in is recorded either way, and with no account every code is simply wrong.
- Five wrong codes and that code is spent: a new one is sent and the count starts again.
- A code the provider no longer takes (expired) is replaced by a new one, with a word to the person.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Protocol

from services.intake.directory import username
from services.intake.models import SignIn
from shared.storage import NETWORK
from shared.web.identity import CodeCheck, IdentityProvider, Tokens

MAX_WRONG_CODES = 5
#: How long a sign-in may take from the e-mail to the code (a code itself lasts minutes at the provider).
SIGN_IN_WINDOW = timedelta(minutes=15)
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,}$")
_CODE = re.compile(r"^\d{6,8}$")


class SignInPort(Protocol):
    def save_sign_in(self, sign_in: SignIn) -> None: ...
    def sign_in(self, tenant_id: str, sign_in_id: str) -> SignIn | None: ...
    def end_sign_in(self, tenant_id: str, sign_in_id: str) -> None: ...


class Outcome(Enum):
    SIGNED_IN = "signed_in"
    WRONG = "wrong"
    NEW_CODE_AFTER_WRONG = "new_code_after_wrong"
    NEW_CODE_AFTER_EXPIRY = "new_code_after_expiry"
    NEW_CODE_SENT = "new_code_sent"
    NOT_A_CODE = "not_a_code"


@dataclass(frozen=True)
class CodeAnswer:
    outcome: Outcome
    tokens: Tokens | None = None
    tries_left: int = MAX_WRONG_CODES


def valid_email(email: str) -> bool:
    return bool(_EMAIL.match(email.strip()))


def account_name(tenant_id: str | None, email: str) -> str:
    """The username in the pool: `<tenant_id>#<e-mail>` in a municipality; the network admin's is the
    e-mail alone (the admin belongs to no municipality)."""
    return username(tenant_id, email) if tenant_id else email.strip().lower()


def start(
    tenant_id: str | None,
    email: str,
    store: SignInPort,
    provider: IdentityProvider,
    *,
    now: datetime | None = None,
) -> SignIn:
    """Sends a code to the e-mail's account in this municipality, if there is one; records the sign-in."""
    name = account_name(tenant_id, email)
    sign_in = SignIn(
        sign_in_id=secrets.token_urlsafe(24),
        tenant_id=tenant_id or NETWORK,
        username=name,
        email=email.strip(),
        challenge=provider.send_code(name),
        expires_at=(now or datetime.now(UTC)) + SIGN_IN_WINDOW,
    )
    store.save_sign_in(sign_in)
    return sign_in


def pending(tenant_id: str | None, sign_in_id: str | None, store: SignInPort) -> SignIn | None:
    """The sign-in the person's cookie names, while it lasts."""
    if not sign_in_id:
        return None
    found = store.sign_in(tenant_id or NETWORK, sign_in_id)
    if found is None or found.expires_at <= datetime.now(UTC):
        return None
    return found


def resend(sign_in: SignIn, store: SignInPort, provider: IdentityProvider) -> SignIn:
    renewed = sign_in.model_copy(update={"challenge": provider.send_code(sign_in.username), "wrong_codes": 0})
    store.save_sign_in(renewed)
    return renewed


def answer(sign_in: SignIn, code: str, store: SignInPort, provider: IdentityProvider) -> CodeAnswer:
    """Checks a code: signed in, wrong (with tries left), or a new code on its way."""
    typed = re.sub(r"\s+", "", code)
    if not _CODE.match(typed):
        return CodeAnswer(Outcome.NOT_A_CODE, tries_left=MAX_WRONG_CODES - sign_in.wrong_codes)
    checked = (
        provider.check_code(sign_in.username, sign_in.challenge, typed)
        if sign_in.challenge
        else CodeCheck.WRONG
    )
    if isinstance(checked, Tokens):
        store.end_sign_in(sign_in.tenant_id, sign_in.sign_in_id)
        return CodeAnswer(Outcome.SIGNED_IN, tokens=checked)
    if checked is CodeCheck.SPENT:
        resend(sign_in, store, provider)
        return CodeAnswer(Outcome.NEW_CODE_AFTER_EXPIRY)
    wrong = sign_in.wrong_codes + 1
    if wrong >= MAX_WRONG_CODES:
        resend(sign_in, store, provider)
        return CodeAnswer(Outcome.NEW_CODE_AFTER_WRONG)
    store.save_sign_in(sign_in.model_copy(update={"wrong_codes": wrong}))
    return CodeAnswer(Outcome.WRONG, tries_left=MAX_WRONG_CODES - wrong)
