"""Intake's table: sign-ins under way (the web app's e-mail codes)."""

from __future__ import annotations

from datetime import timedelta

from services.intake.models import (
    SignIn,
)
from services.intake.records import (
    SignInRecord,
)


class SignInStore:
    """Sign-ins under way (the web app's e-mail codes)."""

    def save_sign_in(self, sign_in: SignIn) -> None:
        SignInRecord.new_in(
            sign_in.tenant_id,
            sign_in.sign_in_id,
            username=sign_in.username,
            email=sign_in.email,
            challenge=sign_in.challenge,
            wrong_codes=sign_in.wrong_codes,
            expires_at=sign_in.expires_at,
            # DynamoDB removes it some time after; `sign_in()` ignores it from `expires_at` on.
            ttl=sign_in.expires_at + timedelta(hours=1),
        ).save()

    def sign_in(self, tenant_id: str, sign_in_id: str) -> SignIn | None:
        record = SignInRecord.get_in(tenant_id, sign_in_id, consistent_read=True)
        if record is None:
            return None
        return SignIn(
            sign_in_id=record.sk,
            tenant_id=tenant_id,
            username=record.username,
            email=record.email,
            challenge=record.challenge,
            wrong_codes=int(record.wrong_codes or 0),
            expires_at=record.expires_at,
        )

    def end_sign_in(self, tenant_id: str, sign_in_id: str) -> None:
        SignInRecord.new_in(tenant_id, sign_in_id).delete()
