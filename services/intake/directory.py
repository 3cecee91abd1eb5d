"""User accounts in the Cognito user pool: the group is the role, custom attributes link tenant and person.

Accounts are per municipality: the username is `<tenant_id>#<e-mail>`, the e-mail an attribute, so the
same person may hold an account in two municipalities and neither learns of the other.
"""

from __future__ import annotations

from typing import Any

from shared.errors import Conflict


def username(tenant_id: str, email: str) -> str:
    """The account's sign-in name in the pool: the municipality and the e-mail (case-insensitive)."""
    return f"{tenant_id}#{email.strip().lower()}"


class CognitoDirectory:
    def __init__(self, client: Any, user_pool_id: str) -> None:
        self._client = client
        self._pool = user_pool_id

    def create_account(
        self,
        *,
        email: str,
        role: str,
        tenant_id: str,
        person_id: str,
        given_name: str,
        family_name: str,
        language: str,
    ) -> str:
        """Creates the account (Cognito e-mails the invitation with a temporary password); returns `sub`.

        All or nothing: if the role's group cannot be given, the new account is deleted again.
        """
        name = username(tenant_id, email)
        try:
            created = self._client.admin_create_user(
                UserPoolId=self._pool,
                Username=name,
                UserAttributes=[
                    {"Name": "email", "Value": email},
                    {"Name": "email_verified", "Value": "true"},
                    {"Name": "given_name", "Value": given_name},
                    {"Name": "family_name", "Value": family_name},
                    {"Name": "locale", "Value": language},
                    {"Name": "custom:tenant_id", "Value": tenant_id},
                    {"Name": "custom:person_id", "Value": person_id},
                ],
                DesiredDeliveryMediums=["EMAIL"],
            )
        except self._client.exceptions.UsernameExistsException as exc:
            raise Conflict("An account with this e-mail exists in this municipality.", field="email") from exc
        try:
            self._client.admin_add_user_to_group(UserPoolId=self._pool, Username=name, GroupName=role)
        except Exception:
            self._client.admin_delete_user(UserPoolId=self._pool, Username=name)
            raise
        attributes = {a["Name"]: a["Value"] for a in created["User"]["Attributes"]}
        return str(attributes["sub"])

    def ensure_account(
        self,
        *,
        email: str,
        role: str,
        tenant_id: str,
        person_id: str,
        given_name: str,
        family_name: str,
        language: str,
    ) -> tuple[str, str]:
        """The person's account in this municipality, made now or found; returns (sub, person id).

        An account found is left as it is (no group, no attribute changes): the caller sees a person id
        other than the one it passed and asks the account's owner before linking anything to it.
        """
        try:
            sub = self.create_account(
                email=email,
                role=role,
                tenant_id=tenant_id,
                person_id=person_id,
                given_name=given_name,
                family_name=family_name,
                language=language,
            )
            return sub, person_id
        except Conflict:
            pass
        user = self._client.admin_get_user(UserPoolId=self._pool, Username=username(tenant_id, email))
        attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
        return str(attributes["sub"]), str(attributes["custom:person_id"])

    def add_role(self, *, email: str, tenant_id: str, role: str) -> None:
        """Puts an existing account of this municipality into the role's group (after its owner agreed)."""
        self._client.admin_add_user_to_group(
            UserPoolId=self._pool, Username=username(tenant_id, email), GroupName=role
        )
