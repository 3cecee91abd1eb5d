"""The people part's adapters, built once per cold start (the API function's; events.py has its own)."""

from __future__ import annotations

from functools import cache

from services.notifications.store import NotificationsStore


@cache
def store() -> NotificationsStore:
    return NotificationsStore()
