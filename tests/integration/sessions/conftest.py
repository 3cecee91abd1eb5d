from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest

from infra.local import cloud as local_cloud
from services.sessions.manifest import SERVICE


@pytest.fixture
def store_module() -> Iterator[ModuleType]:
    """moto with sessions' table (made as the local runtime makes it), and `services.sessions.store`,
    imported once the table's name is in the environment."""
    c = local_cloud.start([SERVICE], "http://localhost")
    from services.sessions import store

    yield store
    c.stop()
