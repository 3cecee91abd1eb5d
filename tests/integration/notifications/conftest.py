"""Notifications' table on moto, made as the local runtime makes it (from notifications' manifest)."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest

from infra.local import cloud as local_cloud
from services.notifications.manifest import SERVICE
from tests.fakes.modules import imported_afresh


@pytest.fixture
def notifications_store() -> Iterator[ModuleType]:
    """`services.notifications.store`, imported once the table exists and the environment names it."""
    cloud = local_cloud.start([SERVICE], "http://localhost")
    try:
        with imported_afresh("services.notifications.store") as store:
            yield store
    finally:
        cloud.stop()
