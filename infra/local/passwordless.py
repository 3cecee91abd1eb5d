"""Cognito's passwordless e-mail sign-in, on this machine: the one adapter for what moto lacks.

moto refuses `AuthFlow=USER_AUTH`, so this adapter sends the one-time code itself (through moto's SES, so
it arrives in `/local/outbox`, worded as the cloud's CustomMessage trigger words it) and, once the code is
right, obtains the tokens through a flow moto has (an admin password sign-in with a password nobody
knows). Refresh is moto's own `REFRESH_TOKEN_AUTH`; revoking drops the token from moto's pool, as
Cognito's RevokeToken does. Everything else — cookies, verification, attempts — is the cloud's code.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.exceptions import ClientError

from services.intake.sign_in_mail import code_message
from shared.web.identity import CodeCheck, Tokens

#: How long a code works (Cognito's e-mail codes also last minutes, not hours).
CODE_LIFETIME_SECONDS = 300


@dataclass
class _Pending:
    username: str
    code: str
    deadline: float


class LocalPasswordless:
    def __init__(self, *, user_pool_id: str, client_id: str, sender: str, region: str, account: str) -> None:
        self._pool = user_pool_id
        self._client_id = client_id
        self._sender = sender
        self._region = region
        self._account = account
        self._idp = boto3.client("cognito-idp")
        self._ses = boto3.client("ses")
        self._pending: dict[str, _Pending] = {}

    def send_code(self, username: str) -> str | None:
        try:
            user = self._idp.admin_get_user(UserPoolId=self._pool, Username=username)
        except self._idp.exceptions.UserNotFoundException:
            return None
        attributes = {a["Name"]: a["Value"] for a in user.get("UserAttributes", [])}
        if not attributes.get("email"):
            return None
        code = f"{secrets.randbelow(10**6):06d}"
        challenge = secrets.token_urlsafe(24)
        self._pending[challenge] = _Pending(username, code, time.time() + CODE_LIFETIME_SECONDS)
        subject, body = code_message(attributes.get("locale"), code)
        self._ses.send_email(
            Source=self._sender,
            Destination={"ToAddresses": [attributes["email"]]},
            Message={"Subject": {"Data": subject}, "Body": {"Text": {"Data": body}}},
        )
        return challenge

    def check_code(self, username: str, challenge: str, code: str) -> Tokens | CodeCheck:
        pending = self._pending.get(challenge)
        if pending is None or pending.username != username or pending.deadline < time.time():
            self._pending.pop(challenge, None)
            return CodeCheck.SPENT
        if not secrets.compare_digest(pending.code, code):
            return CodeCheck.WRONG
        del self._pending[challenge]
        password = "Aa1!" + secrets.token_urlsafe(24)  # set and forgotten: nobody signs in with it
        self._idp.admin_set_user_password(
            UserPoolId=self._pool, Username=username, Password=password, Permanent=True
        )
        auth = self._idp.admin_initiate_auth(
            UserPoolId=self._pool,
            ClientId=self._client_id,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": password},
        )["AuthenticationResult"]
        return Tokens(id_token=str(auth["IdToken"]), refresh_token=auth.get("RefreshToken"))

    def refresh(self, refresh_token: str) -> str | None:
        try:
            answer = self._idp.initiate_auth(
                ClientId=self._client_id,
                AuthFlow="REFRESH_TOKEN_AUTH",
                AuthParameters={"REFRESH_TOKEN": refresh_token},
            )
        except ClientError:
            return None
        return str(answer["AuthenticationResult"]["IdToken"])

    def revoke(self, refresh_token: str) -> None:
        self._moto_pool().refresh_tokens.pop(refresh_token, None)

    def _moto_pool(self) -> Any:
        from moto.cognitoidp.models import cognitoidp_backends

        return cognitoidp_backends[self._account][self._region].user_pools[self._pool]
