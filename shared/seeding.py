"""What a service's demo seeder is given: a client of the running system and what earlier seeders made.

A manifest names its seeder (`ServiceSpec.seeder`, the dotted path of a `seed(client, context) -> dict`);
`make run` calls them in the manifests' order and merges what they return (printed, and served at `/`).
A seeder goes through the public API as a person would, never a store: the demo is made by the same rules.
Nothing in a Lambda function imports this module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol


class SeedClient(Protocol):
    def request(
        self, method: str, path: str, body: Any = None, token: str | None = None
    ) -> tuple[int, Any]: ...

    def token(self, email: str, tenant: str | None = None) -> str:
        """An id token for the account with this e-mail (`tenant`, id or slug, picks one of several)."""
        ...

    def wait_until_idle(self) -> None:
        """Returns once every queued event has been handled: its effects are there to be read."""
        ...


@dataclass(frozen=True)
class SeedContext:
    #: The network admin the runtime creates before any seeder runs (municipalities are made by them).
    admin_email: str
    #: What the seeders before this one returned (a later service builds on the demo programme, ...).
    seeded: Mapping[str, Any]


Seeder = Callable[[SeedClient, SeedContext], dict[str, Any]]


class SeedError(RuntimeError):
    pass


def expect_ok(status: int, body: Any, what: str) -> Any:
    """The body of a successful answer; a refusal stops the seed, naming the step and the problem."""
    if status >= 300:
        raise SeedError(f"seeding failed at {what}: {status} {body}")
    return body
