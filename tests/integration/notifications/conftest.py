"""Notifications' table on moto, made as the local runtime makes it (from notifications' manifest)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from types import ModuleType

import pytest

from infra.local import cloud as local_cloud
from services.notifications.manifest import SERVICE

#: The modules that read the settings (the table's name) when imported.
_READ_SETTINGS = ("settings", "store", "events")


def _forget() -> None:
    package = importlib.import_module("services.notifications")
    for name in _READ_SETTINGS:
        sys.modules.pop(f"services.notifications.{name}", None)
        # `from services.notifications import x` reads the package's attribute first: it must go too.
        package.__dict__.pop(name, None)


@pytest.fixture
def notifications_store() -> Iterator[ModuleType]:
    """`services.notifications.store`, imported once the table exists; forgotten afterwards."""
    cloud = local_cloud.start([SERVICE], "http://localhost")
    _forget()
    try:
        yield importlib.import_module("services.notifications.store")
    finally:
        _forget()
        cloud.stop()
