"""The privacy part's adapters, built once per cold start."""

from __future__ import annotations

from functools import cache

from services.intake.privacy.store import PrivacyStore


@cache
def privacy_store() -> PrivacyStore:
    return PrivacyStore()
