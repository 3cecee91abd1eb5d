"""Which service answers a path: API Gateway's resource matching over the manifests' routes."""

from __future__ import annotations

from dataclasses import dataclass

from shared.manifest import HttpRoute, ServiceSpec


@dataclass(frozen=True)
class Match:
    service: str
    route: HttpRoute
    path_parameters: dict[str, str]
    #: The dotted handler that answers (the service's public function for anonymous paths, if it has one).
    handler: str | None = None


class Router:
    def __init__(self, specs: list[ServiceSpec]) -> None:
        self.routes: list[tuple[HttpRoute, str]] = []
        self.handlers: dict[str, str | None] = {}
        seen: dict[str, str] = {}
        for spec in specs:
            for route in spec.routes:
                if route.path in seen:
                    raise ValueError(f"{route.path} is claimed by {seen[route.path]} and {spec.name}")
                seen[route.path] = spec.name
                self.routes.append((route, spec.name))
                self.handlers[route.path] = spec.handler_for(route.path)

    def match(self, path: str) -> Match | None:
        parts = [p for p in path.split("/") if p]
        best: tuple[tuple[int, ...], Match] | None = None
        for route, service in self.routes:
            found = _match(route, parts)
            if found is None:
                continue
            rank, params = found
            if best is None or rank > best[0]:
                best = (rank, Match(service, route, params, self.handlers[route.path]))
        return best[1] if best else None


def _match(route: HttpRoute, parts: list[str]) -> tuple[tuple[int, ...], dict[str, str]] | None:
    """A literal segment outranks a variable, a variable outranks a greedy {proxy+} (as API Gateway does)."""
    segments = route.segments
    params: dict[str, str] = {}
    rank: list[int] = []
    for i, seg in enumerate(segments):
        if seg == "{proxy+}":
            if i >= len(parts):
                return None
            params["proxy"] = "/".join(parts[i:])
            rank.append(0)
            return tuple(rank), params
        if i >= len(parts):
            return None
        if seg.startswith("{"):
            params[seg[1:-1]] = parts[i]
            rank.append(1)
        elif seg == parts[i]:
            rank.append(2)
        else:
            return None
    return (tuple(rank), params) if len(segments) == len(parts) else None
