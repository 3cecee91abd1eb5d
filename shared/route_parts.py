"""A function's parts that join its resolver at the first request for one of their paths, not at import.

A cold start then pays for the part a request needs, not for every page module, template and schema of the
function (issue 15: a handler imports in 300 ms). `shared/http.py`'s handler loads the parts of each
request's path before resolving it; the merged OpenAPI document loads them all.
"""

from __future__ import annotations

import importlib
import re
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.router import APIGatewayRouter as Router


@dataclass
class _Part:
    paths: re.Pattern[str]
    load: Callable[[], Router]
    loaded: bool = False


#: Each resolver's parts (weakly: tests make resolvers afresh, and a new one must not find an old one's).
_parts: weakref.WeakKeyDictionary[APIGatewayRestResolver, list[_Part]] = weakref.WeakKeyDictionary()


def include_later(app: APIGatewayRestResolver, prefixes: Sequence[str], load: Callable[[], Router]) -> None:
    """`load()`'s routes join `app` at the first request whose path starts with one of `prefixes`
    (`/app/{tenant_slug}/archive`: a `{...}` stands for one segment), not at import.

    A cold start then pays for the part a request needs, not for every page module, template and schema of
    the function (issue 15: a handler imports in 300 ms). A prefix must cover every path the part declares:
    tests/unit/test_route_parts.py checks each function's parts against their routes.
    """
    pattern = "|".join(re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(p.rstrip("/"))) for p in prefixes)
    _parts.setdefault(app, []).append(_Part(re.compile(f"^(?:{pattern})(?:/|$)"), load))


def router_of(package: str, *modules: str, router_in: str = "") -> Callable[[], Router]:
    """A loader for `include_later`: imports `package`'s `modules` (each adds its routes to the package's
    `router`) and hands out that router: the package's own, or its module `router_in`'s."""

    def load() -> Router:
        for module in modules:
            importlib.import_module(f"{package}.{module}")
        holder = f"{package}.{router_in}" if router_in else package
        return cast(Router, importlib.import_module(holder).router)

    return load


def parts_of(app: APIGatewayRestResolver) -> list[tuple[re.Pattern[str], Callable[[], Router]]]:
    """Each part of `app`: the paths it serves and how it is loaded (for the test that checks them)."""
    return [(part.paths, part.load) for part in _parts.get(app, ())]


def load_parts(app: APIGatewayRestResolver, path: str | None = None) -> None:
    """Includes the parts that serve `path` (every part when None: the OpenAPI document, the tests)."""
    for part in _parts.get(app, ()):
        if not part.loaded and (path is None or part.paths.match(path)):
            app.include_router(part.load())
            part.loaded = True
