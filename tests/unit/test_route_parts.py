"""A function's parts join its resolver at the first request for one of their paths
(shared/route_parts.py `include_later`): each part's prefixes must cover every path it declares, or that
path would answer 404 until some other request happened to load the part."""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from shared.manifest import ServiceSpec, load_services
from shared.route_parts import load_parts, parts_of
from tests.bench.test_cold_start import _environment

API_MODULES = [
    (spec, handler.rsplit(".", 1)[0])
    for spec in load_services()
    for handler in (spec.api_handler, spec.public_api_handler)
    if handler
]


def _sample(rule: str) -> str:
    """A path the rule matches: each `<variable>` a segment."""
    return re.sub(r"<[^>]+>", "x1", rule)


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[None]:
    spec: ServiceSpec = request.param
    for name, value in _environment(spec).items():
        monkeypatch.setenv(name, value)
    yield


@pytest.mark.parametrize(
    ("environment", "module"), API_MODULES, ids=[m for _, m in API_MODULES], indirect=["environment"]
)
def test_each_part_serves_every_path_it_declares(environment: None, module: str) -> None:
    with _forgotten_afterwards():
        api = importlib.import_module(module)
        app = api.app
        expected: set[tuple[str, str]] = set()
        for paths, load in parts_of(app):
            routes = {(rule, method) for rule, method, *_ in load()._routes}
            assert routes, f"a part of {module} declares no route"
            missed = sorted(rule for rule, _ in routes if not paths.match(_sample(rule)))
            assert not missed, f"{module}: {paths.pattern} does not cover {missed}"
            expected |= {(rule, m) for rule, methods in routes for m in _methods(methods)}
        load_parts(app)
        served = {(route.path, route.method) for route in app._static_routes + app._dynamic_routes}
        assert expected <= served


@contextmanager
def _forgotten_afterwards() -> Iterator[None]:
    """Whatever the test imports (under the cold-start bench's environment: its table names) is forgotten
    afterwards, so later tests import the services under their own environment."""
    before = set(sys.modules)
    try:
        yield
    finally:
        for name in sorted(set(sys.modules) - before, reverse=True):
            if name.startswith("services."):
                del sys.modules[name]
                parent, _, child = name.rpartition(".")
                if parent in sys.modules:
                    sys.modules[parent].__dict__.pop(child, None)


def _methods(declared: object) -> list[str]:
    return [declared.upper()] if isinstance(declared, str) else [m.upper() for m in declared]  # type: ignore[attr-defined]
