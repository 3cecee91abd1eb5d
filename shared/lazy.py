"""A package whose names are imported from its modules at their first use (PEP 562), as the event
catalogue's are: `services/<service>/logic` re-exports every use case, and a cold start then loads only the
use cases its request calls (issue 15, a handler imports in 300 ms).

The package keeps its imports under `if TYPE_CHECKING:` for the type checker and readers, and names the
same in `WHERE`; tests/unit/test_lazy_packages.py checks the two agree.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def names_from(package: str, where: Mapping[str, str]) -> Callable[[str], Any]:
    """`package`'s module `__getattr__`: `name` is looked up in its module `where[name]` (relative to the
    package) when first asked for, and kept in the package."""

    def __getattr__(name: str) -> Any:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{where[name]}"), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
