"""Packages whose names load from their modules at first use (shared/lazy.py): what the type checker reads
under `if TYPE_CHECKING:` and what `WHERE` says at run time name the same things, and every exported name
resolves to its module's object."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAZY = ["services.sessions.logic", "services.matching.logic", "services.intake.logic"]


def _type_checking_imports(package: str) -> dict[str, str]:
    tree = ast.parse((ROOT / package.replace(".", "/") / "__init__.py").read_text())
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for imp in node.body:
                assert isinstance(imp, ast.ImportFrom) and imp.module, ast.dump(imp)
                found |= {a.asname or a.name: imp.module.removeprefix(f"{package}.") for a in imp.names}
    return found


@pytest.mark.parametrize("package", LAZY)
def test_the_type_checkers_names_are_the_lazy_names(package: str) -> None:
    module = importlib.import_module(package)
    assert _type_checking_imports(package) == module.WHERE


@pytest.mark.parametrize("package", LAZY)
def test_every_exported_name_resolves_to_its_modules_object(package: str) -> None:
    module = importlib.import_module(package)
    for name in module.__all__:
        value = getattr(module, name)
        if name in module.WHERE:
            assert value is getattr(importlib.import_module(f"{package}.{module.WHERE[name]}"), name)
        assert not isinstance(value, type(module)), f"{package}.{name} is a module, not the use case"
