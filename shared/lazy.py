"""Packages whose names are imported from their modules at first use (PEP 562), so that a cold start
loads only what its request calls (issue 15, a handler imports in 300 ms).

Ours (`names_from`): the event catalogue and `services/<service>/logic`, which re-exports every use case.
Such a package keeps its imports under `if TYPE_CHECKING:` for the type checker and readers, and names
the same in `WHERE`; tests/unit/test_lazy_packages.py checks the two agree.

Installed ones (`lazy_package`): powertools' packages that re-export all their siblings.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
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


#: `from <module> import <names>` at the start of a line, the names in parentheses or on the line; read
#: with a pattern rather than `ast`, whose import would take back a few ms of the cold start this saves.
_FROM_IMPORT = re.compile(r"^from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)", re.MULTILINE)


def lazy_package(name: str) -> None:
    """Stand in for the installed package `name` with one that imports a name's module at first use.

    For packages whose `__init__` only re-exports from their modules and imports far more than we use:
    powertools' `event_handler` loads every resolver (AppSync's pulls in asyncio) and
    `utilities.data_classes` every event class, ~60-100 ms of each API function's cold start for the
    one resolver and three event classes it needs. The `__init__` is read, never run: each
    `from <module> import <name>` in it becomes an entry of the stand-in's `__getattr__`, so every name
    the package exports still resolves to the same object, and its modules import as usual. Does
    nothing once the package is imported. tests/unit/test_lazy_packages.py holds it to the real one.
    """
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None or spec.submodule_search_locations is None:
        raise ImportError(f"{name} is not an installed package")
    with open(spec.origin, encoding="utf-8") as source:
        text = source.read()
    where: dict[str, str] = {}
    for module, names in _FROM_IMPORT.findall(text):
        absolute = importlib.util.resolve_name(module, name)
        for imported in re.sub(r"#[^\n]*", "", names).strip("()").replace("\n", " ").split(","):
            original, _, alias = imported.strip().partition(" as ")
            if original:
                where[alias.strip() or original] = absolute
    package = importlib.util.module_from_spec(spec)

    def __getattr__(attr: str) -> Any:
        if attr not in where:
            raise AttributeError(f"module {name!r} has no attribute {attr!r}")
        value = getattr(importlib.import_module(where[attr]), attr)
        setattr(package, attr, value)
        return value

    package.__getattr__ = __getattr__  # type: ignore[method-assign]
    sys.modules[name] = package
    parent, _, child = name.rpartition(".")
    setattr(importlib.import_module(parent), child, package)


#: powertools packages whose `__init__` imports every sibling (see `lazy_package`).
POWERTOOLS_PACKAGES = ("aws_lambda_powertools.event_handler", "aws_lambda_powertools.utilities.data_classes")


def lazy_powertools() -> None:
    for name in POWERTOOLS_PACKAGES:
        lazy_package(name)
