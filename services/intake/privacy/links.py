"""Download links to an assembled export, valid 15 minutes.

In the cloud: S3 presigned URLs (the bucket is private; the link carries the signature). On this machine
moto's presigned URLs name s3.amazonaws.com, which nothing here answers: the link points at the local
runtime instead (`/local/exports/...`), signed with HMAC and an expiry that the runtime checks against its
clock before it reads the object from moto (docs/decisions.md, 2026-12-01 — privacy-rights).
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from shared.privacy import export_bucket, export_key

LINK_VALID = timedelta(minutes=15)
#: The local runtime's secret for its export links (set by infra/local; absent in the cloud).
LOCAL_LINK_KEY = "LOCAL_EXPORT_LINK_KEY"
LOCAL_PREFIX = "/local/exports/"
#: Locally, the runtime's clock (infra/local sets it: tests move that clock on, and the runtime checks a
#: link's expiry by it, so the link must be signed by it too). In the cloud S3 keeps real time: None.
LOCAL_CLOCK: Callable[[], datetime] | None = None


@dataclass(frozen=True)
class Links:
    json_url: str
    html_url: str
    expires_at: datetime


@cache
def _s3() -> Any:
    import boto3

    return boto3.client("s3")


def assembled(tenant_id: str, export_id: str) -> bool:
    listed = _s3().list_objects_v2(Bucket=export_bucket(), Prefix=export_key(tenant_id, export_id, "export."))
    return int(listed.get("KeyCount", 0)) >= 2


def local_signature(key: str, expires: int, secret: str) -> str:
    return hmac.new(secret.encode(), f"{key}\n{expires}".encode(), hashlib.sha256).hexdigest()


def _link(key: str, expires_at: datetime) -> str:
    secret = os.environ.get(LOCAL_LINK_KEY)
    if secret:
        expires = int(expires_at.timestamp())
        base = os.environ.get("PUBLIC_BASE_URL", "").rstrip("/")
        # Expiry and signature in the path: the runtime's local routes see the path only.
        return f"{base}{LOCAL_PREFIX}{expires}/{local_signature(key, expires, secret)}/{key}"
    return str(
        _s3().generate_presigned_url(
            "get_object",
            Params={"Bucket": export_bucket(), "Key": key},
            ExpiresIn=int(LINK_VALID.total_seconds()),
        )
    )


def download_links(tenant_id: str, export_id: str) -> Links:
    now = LOCAL_CLOCK() if LOCAL_CLOCK is not None and os.environ.get(LOCAL_LINK_KEY) else datetime.now(UTC)
    expires_at = now.replace(microsecond=0) + LINK_VALID
    return Links(
        json_url=_link(export_key(tenant_id, export_id, "export.json"), expires_at),
        html_url=_link(export_key(tenant_id, export_id, "export.html"), expires_at),
        expires_at=expires_at,
    )
