"""Partner systems' app clients in the user pool: client credentials, a secret, the one machine scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from shared.tokens import MACHINE_SCOPE

#: How long a partner's access token lives (minutes): Cognito's default hour, said out loud.
ACCESS_TOKEN_MINUTES = 60


@dataclass(frozen=True)
class NewAppClient:
    client_id: str
    #: Handed to the caller once and dropped: never stored, never logged.
    client_secret: str


class AppClients(Protocol):
    def create(self, name: str) -> NewAppClient: ...

    def delete(self, client_id: str) -> None: ...


class CognitoAppClients:
    def __init__(self, client: Any, user_pool_id: str) -> None:
        self._client = client
        self._pool = user_pool_id

    def create(self, name: str) -> NewAppClient:
        created = self._client.create_user_pool_client(
            UserPoolId=self._pool,
            ClientName=name,
            GenerateSecret=True,
            # Client credentials only: no user signs in through this client, and it reads no attributes.
            AllowedOAuthFlows=["client_credentials"],
            AllowedOAuthScopes=[MACHINE_SCOPE],
            AllowedOAuthFlowsUserPoolClient=True,
            ExplicitAuthFlows=["ALLOW_REFRESH_TOKEN_AUTH"],
            AccessTokenValidity=ACCESS_TOKEN_MINUTES,
            TokenValidityUnits={"AccessToken": "minutes"},
            EnableTokenRevocation=True,
            PreventUserExistenceErrors="ENABLED",
        )["UserPoolClient"]
        return NewAppClient(client_id=str(created["ClientId"]), client_secret=str(created["ClientSecret"]))

    def delete(self, client_id: str) -> None:
        try:
            self._client.delete_user_pool_client(UserPoolId=self._pool, ClientId=client_id)
        except self._client.exceptions.ResourceNotFoundException:
            return  # gone already: revoking twice ends in the same place
