"""Packages whose names load from their modules at first use (shared/lazy.py): what the type checker reads
under `if TYPE_CHECKING:` and what `WHERE` says at run time name the same things, and every exported name
resolves to its module's object."""

from __future__ import annotations

import ast
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shared.lazy import POWERTOOLS_PACKAGES

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


def _run(code: str, **environment: str) -> str:
    env = {**os.environ, **environment}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.parametrize("package", POWERTOOLS_PACKAGES)
def test_a_lazy_powertools_package_exports_what_the_real_one_does(package: str) -> None:
    # Each side in a fresh interpreter: here the packages are long imported, one way or the other.
    real = json.loads(
        _run(
            f"import importlib, json; p = importlib.import_module({package!r}); "
            "print(json.dumps({n: f'{getattr(p, n).__module__}.{n}' for n in p.__all__}))"
        )
    )
    lazy = json.loads(
        _run(
            f"import services, importlib, json; p = importlib.import_module({package!r}); "
            f"print(json.dumps({{n: f'{{getattr(p, n).__module__}}.{{n}}' for n in {sorted(real)!r}}}))"
        )
    )
    assert real and lazy == real


def test_an_api_handler_loads_one_resolver_and_no_asyncio() -> None:
    loaded = _run(
        "import sys, services.intake.api; "
        "print(' '.join(m for m in sys.modules if m == 'asyncio' or m.startswith('aws_lambda_powertools')))",
        INTAKE_TABLE_NAME="intake",
        EVENT_BUS_NAME="bus",
        USER_POOL_ID="eu-central-1_example",
        AWS_DEFAULT_REGION="eu-central-1",
    ).split()
    assert "aws_lambda_powertools.event_handler.api_gateway" in loaded
    assert "asyncio" not in loaded
    assert "aws_lambda_powertools.event_handler.appsync" not in loaded
    assert "aws_lambda_powertools.utilities.data_classes.kafka_event" not in loaded
