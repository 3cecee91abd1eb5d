from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest

from infra.local import cloud as local_cloud
from services.monitoring.manifest import SERVICE


@pytest.fixture
def store_module() -> Iterator[ModuleType]:
    """moto with monitoring's table (made as the local runtime makes it), and the reports' store, imported
    once the table's name is in the environment."""
    c = local_cloud.start([SERVICE], "http://localhost")
    from services.monitoring.reports import store

    yield store
    c.stop()
