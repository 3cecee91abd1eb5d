"""Importing intake's API reads its settings from the environment once: these tests import it with a
test environment and forget those modules afterwards, so a later local runtime imports them afresh."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from types import ModuleType

import pytest

#: The modules that read the settings when imported (the rest of intake can stay imported).
_READ_SETTINGS = ("settings", "deps", "records", "store", "forms", "api", "public_api")


def _forget() -> None:
    package = importlib.import_module("services.intake")
    for name in _READ_SETTINGS:
        sys.modules.pop(f"services.intake.{name}", None)
        # `from services.intake import x` reads the package's attribute first: it must go too.
        package.__dict__.pop(name, None)


@pytest.fixture
def intake_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    monkeypatch.setenv("INTAKE_TABLE_NAME", "tandem-unit-intake")
    monkeypatch.setenv("EVENT_BUS_NAME", "tandem-unit-bus")
    monkeypatch.setenv("USER_POOL_ID", "eu-central-1_unit")
    _forget()
    yield importlib.import_module("services.intake.api")
    _forget()
