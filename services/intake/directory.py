"""User accounts in the Cognito user pool: the group is the role, custom attributes link tenant and person.

Accounts are per municipality: the username is `<tenant_id>#<e-mail>`, the e-mail an attribute, so the
same person may hold an account in two municipalities and neither learns of the other.
"""

from __future__ import annotations

from typing import Any

from services.intake.logic.ports import NewAccount
from shared.errors import Conflict


def username(tenant_id: str, email: str) -> str:
    """The account's sign-in name in the pool: the municipality and the e-mail (case-insensitive)."""
    return f"{tenant_id}#{email.strip().lower()}"


class CognitoDirectory:
    def __init__(self, client: Any, user_pool_id: str) -> None:
        self._client = client
        self._pool = user_pool_id

    def create_account(self, account: NewAccount) -> str:
        """Creates the account, passwordless and without Cognito's invitation (Tandem's own welcome e-mail
        says how to sign in: notifications); returns `sub`.

        All or nothing: if the role's group cannot be given, the new account is deleted again.
        """
        name = username(account.tenant_id, account.email)
        try:
            created = self._client.admin_create_user(
                UserPoolId=self._pool,
                Username=name,
                UserAttributes=[
                    {"Name": "email", "Value": account.email},
                    {"Name": "email_verified", "Value": "true"},
                    {"Name": "given_name", "Value": account.given_name},
                    {"Name": "family_name", "Value": account.family_name},
                    {"Name": "locale", "Value": account.language},
                    {"Name": "custom:tenant_id", "Value": account.tenant_id},
                    {"Name": "custom:tenant_slug", "Value": account.tenant_slug},
                    {"Name": "custom:person_id", "Value": account.person_id},
                ],
                # No temporary password: with e-mail codes as a first factor the account is passwordless.
                MessageAction="SUPPRESS",
            )
        except self._client.exceptions.UsernameExistsException as exc:
            raise Conflict("An account with this e-mail exists in this municipality.", field="email") from exc
        try:
            self._client.admin_add_user_to_group(UserPoolId=self._pool, Username=name, GroupName=account.role)
        except Exception:
            self._client.admin_delete_user(UserPoolId=self._pool, Username=name)
            raise
        attributes = {a["Name"]: a["Value"] for a in created["User"]["Attributes"]}
        return str(attributes["sub"])

    def ensure_account(self, account: NewAccount) -> tuple[str, str]:
        """The person's account in this municipality, made now or found; returns (sub, person id).

        An account found is left as it is (no group, no attribute changes): the caller sees a person id
        other than the one it passed and asks the account's owner before linking anything to it.
        """
        try:
            return self.create_account(account), account.person_id
        except Conflict:
            pass
        name = username(account.tenant_id, account.email)
        user = self._client.admin_get_user(UserPoolId=self._pool, Username=name)
        attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
        return str(attributes["sub"]), str(attributes["custom:person_id"])

    def delete_account(self, tenant_id: str, email: str) -> None:
        """Deletes the account (a person's erasure); one already gone is fine: erasing twice is harmless."""
        try:
            self._client.admin_delete_user(UserPoolId=self._pool, Username=username(tenant_id, email))
        except self._client.exceptions.UserNotFoundException:
            return

    def add_role(self, *, email: str, tenant_id: str, role: str) -> None:
        """Puts an existing account of this municipality into the role's group (after its owner agreed)."""
        self._client.admin_add_user_to_group(
            UserPoolId=self._pool, Username=username(tenant_id, email), GroupName=role
        )
