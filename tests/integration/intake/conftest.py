"""Intake's table on moto, made as the local runtime makes it (from intake's manifest)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from types import ModuleType

import pytest

from infra.local import cloud as local_cloud
from services.intake.manifest import SERVICE

#: The modules that read the settings (the table's name) when imported.
_READ_SETTINGS = ("settings", "deps", "records", "store", "forms", "api", "public_api")


def _forget() -> None:
    package = importlib.import_module("services.intake")
    for name in _READ_SETTINGS:
        sys.modules.pop(f"services.intake.{name}", None)
        # `from services.intake import x` reads the package's attribute first: it must go too.
        package.__dict__.pop(name, None)


@pytest.fixture
def intake_store() -> Iterator[ModuleType]:
    """`services.intake.store`, imported once the table exists and the environment names it.

    Forgotten afterwards, so whatever runs next (a local runtime) imports it with its own environment.
    """
    cloud = local_cloud.start([SERVICE], "http://localhost")
    _forget()
    try:
        yield importlib.import_module("services.intake.store")
    finally:
        _forget()
        cloud.stop()
