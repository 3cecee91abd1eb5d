"""The signed-in pages' navigation, assembled from every service's manifest (`ServiceSpec.nav`).

Each Lambda asset carries every service's manifest (infra/cloud/bundling.py), so a page rendered by one
service links to the pages of the others without knowing them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from shared.auth import Principal
from shared.manifest import NavEntry, load_services


@dataclass(frozen=True)
class NavLink:
    href: str
    label: str
    current: bool


@cache
def entries() -> tuple[NavEntry, ...]:
    found = [entry for spec in load_services() for entry in spec.nav]
    return tuple(sorted(found, key=lambda e: (e.scope, e.order, e.path)))


def _visible(entry: NavEntry, principal: Principal) -> bool:
    return any(role.value in entry.roles for role in principal.roles)


def _links(base: str, scope: str, principal: Principal, lang: str, path: str) -> list[NavLink]:
    links = []
    for entry in entries():
        if entry.scope != scope or not _visible(entry, principal):
            continue
        href = f"{base}/{entry.path}" if entry.path else base
        links.append(NavLink(href=href, label=entry.label(lang), current=False))
    # The current link is the longest one the page's path starts with (a sub-page marks its section).
    best = max(
        (i for i, link in enumerate(links) if path == link.href or path.startswith(link.href + "/")),
        key=lambda i: len(links[i].href),
        default=None,
    )
    if best is not None:
        links[best] = NavLink(links[best].href, links[best].label, True)
    return links


def main_links(slug: str | None, principal: Principal, lang: str, path: str) -> list[NavLink]:
    """The main menu; slug None is the network admin's pages, `/app/network/...`."""
    return _links(f"/app/{slug or 'network'}", "tenant", principal, lang, path)


def programme_tabs(slug: str, programme_id: str, principal: Principal, lang: str, path: str) -> list[NavLink]:
    return _links(f"/app/{slug}/programmes/{programme_id}", "programme", principal, lang, path)
