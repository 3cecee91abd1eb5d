"""The demo `make run` starts with: each service's seeder (its manifest's `seeder`), in the manifests' order.

The seeders reach the system only through a `SeedClient` (shared/seeding.py), which the runtime is; this
module does not know the runtime, so the runtime may import it and nothing goes round in a circle.
"""

from __future__ import annotations

from pkgutil import resolve_name
from typing import Any

from shared.manifest import ServiceSpec
from shared.seeding import SeedClient, SeedContext, Seeder

#: The network admin every local run has: created by the runtime, signed in to by seeders and tests.
ADMIN_EMAIL = "admin@tandem.local"


def seeders(specs: list[ServiceSpec]) -> list[tuple[str, Seeder]]:
    """(service, seed function) for each manifest that names a seeder, in the manifests' order."""
    return [(spec.name, resolve_name(spec.seeder)) for spec in specs if spec.seeder]


def seed_all(client: SeedClient, specs: list[ServiceSpec]) -> dict[str, Any]:
    """Runs every seeder; each sees what the ones before it returned, and the answers are merged."""
    seeded: dict[str, Any] = {}
    for _, seed in seeders(specs):
        seeded.update(seed(client, SeedContext(admin_email=ADMIN_EMAIL, seeded=dict(seeded))))
    return seeded
