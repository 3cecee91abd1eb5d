"""Notifications's table on moto, made as the local runtime makes it (from notifications's manifest)."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest

from tests.fakes.modules import store_on_moto


@pytest.fixture
def notifications_store() -> Iterator[ModuleType]:
    """`services.notifications.store`, imported once the table exists and the environment names it."""
    with store_on_moto("notifications") as store:
        yield store
