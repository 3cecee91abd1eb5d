"""Intake's API, imported under a test environment and forgotten afterwards (`tests/fakes/modules.py`)."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest

from tests.fakes.modules import imported_afresh


def _imported(monkeypatch: pytest.MonkeyPatch, module: str) -> Iterator[ModuleType]:
    monkeypatch.setenv("INTAKE_TABLE_NAME", "tandem-unit-intake")
    monkeypatch.setenv("EVENT_BUS_NAME", "tandem-unit-bus")
    monkeypatch.setenv("USER_POOL_ID", "eu-central-1_unit")
    with imported_afresh(module) as api:
        yield api


@pytest.fixture
def intake_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    yield from _imported(monkeypatch, "services.intake.api")


@pytest.fixture
def intake_public_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The public function (forms and the public API), which has no user-pool settings."""
    yield from _imported(monkeypatch, "services.intake.public_api")
