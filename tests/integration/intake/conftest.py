"""Intake's table on moto, made as the local runtime makes it (from intake's manifest)."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest

from infra.local import cloud as local_cloud
from services.intake.manifest import SERVICE
from tests.fakes.modules import imported_afresh


@pytest.fixture
def intake_store() -> Iterator[ModuleType]:
    """`services.intake.store`, imported once the table exists and the environment names it."""
    cloud = local_cloud.start([SERVICE], "http://localhost")
    try:
        with imported_afresh("services.intake.store") as store:
            yield store
    finally:
        cloud.stop()
