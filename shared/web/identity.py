"""Passwordless sign-in: the port the sign-in pages and the session use, and its Cognito implementation.

In the cloud a code is sent by Cognito's choice-based sign-in (`USER_AUTH`, first factor `EMAIL_OTP`);
the session is refreshed with the refresh token (`REFRESH_TOKEN_AUTH`) and ended by revoking it. None of
these calls needs IAM rights: they are the app client's own, public API. moto lacks `USER_AUTH`, so the
local runtime installs its own implementation (infra/local/passwordless.py) with `use()`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol

from shared.config import USER_POOL_CLIENT_ID


@dataclass(frozen=True)
class Tokens:
    id_token: str
    refresh_token: str | None = None


class CodeCheck(Enum):
    WRONG = "wrong"
    #: The code can no longer be used (expired, or the provider gave up on it): a new one must be sent.
    SPENT = "spent"


class IdentityProvider(Protocol):
    def send_code(self, username: str) -> str | None:
        """E-mails a one-time code; returns the challenge to answer, or None if there is no such account
        (the caller must then behave exactly as if there were one)."""
        ...

    def check_code(self, username: str, challenge: str, code: str) -> Tokens | CodeCheck: ...

    def refresh(self, refresh_token: str) -> str | None:
        """A new id token, or None if the refresh token is revoked, expired or unknown."""
        ...

    def revoke(self, refresh_token: str) -> None: ...


class CognitoIdentity:
    """Cognito's passwordless e-mail sign-in, through the app client (no secret, no IAM)."""

    def __init__(self, client: Any, client_id: str) -> None:
        self._client = client
        self._client_id = client_id

    def send_code(self, username: str) -> str | None:
        errors = self._client.exceptions
        try:
            answer = self._client.initiate_auth(
                ClientId=self._client_id,
                AuthFlow="USER_AUTH",
                AuthParameters={"USERNAME": username, "PREFERRED_CHALLENGE": "EMAIL_OTP"},
            )
        except (errors.UserNotFoundException, errors.NotAuthorizedException):
            return None
        if answer.get("ChallengeName") != "EMAIL_OTP":
            return None
        return str(answer["Session"])

    def check_code(self, username: str, challenge: str, code: str) -> Tokens | CodeCheck:
        errors = self._client.exceptions
        try:
            answer = self._client.respond_to_auth_challenge(
                ClientId=self._client_id,
                ChallengeName="EMAIL_OTP",
                Session=challenge,
                ChallengeResponses={"USERNAME": username, "EMAIL_OTP_CODE": code},
            )
        except errors.CodeMismatchException:
            return CodeCheck.WRONG
        except (errors.ExpiredCodeException, errors.NotAuthorizedException, errors.UserNotFoundException):
            return CodeCheck.SPENT
        result = answer.get("AuthenticationResult")
        if not result:
            return CodeCheck.SPENT
        return Tokens(id_token=str(result["IdToken"]), refresh_token=result.get("RefreshToken"))

    def refresh(self, refresh_token: str) -> str | None:
        errors = self._client.exceptions
        try:
            answer = self._client.initiate_auth(
                ClientId=self._client_id,
                AuthFlow="REFRESH_TOKEN_AUTH",
                AuthParameters={"REFRESH_TOKEN": refresh_token},
            )
        except (errors.NotAuthorizedException, errors.UserNotFoundException):
            return None
        return str(answer["AuthenticationResult"]["IdToken"])

    def revoke(self, refresh_token: str) -> None:
        self._client.revoke_token(Token=refresh_token, ClientId=self._client_id)


_installed: IdentityProvider | None = None


def use(provider: IdentityProvider | None) -> None:
    """Installs the provider every function in this process uses (the local runtime's adapter)."""
    global _installed
    _installed = provider


def provider() -> IdentityProvider:
    global _installed
    if _installed is None:
        import boto3  # only a function that signs someone in or refreshes a session pays for the client

        _installed = CognitoIdentity(boto3.client("cognito-idp"), os.environ[USER_POOL_CLIENT_ID])
    return _installed
