"""Importing a service's settings reads the environment once; a test that imports them under its own
environment forgets them afterwards, so what runs next (a local runtime) imports them afresh."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

#: Per service, the modules that read its settings when imported (the rest may stay imported).
READ_SETTINGS = {
    # `web` (the signed-in pages, each module bound to `deps`) and `events` import `deps` too.
    "intake": (
        "settings",
        "deps",
        "records",
        "store",
        "forms",
        "api",
        "public_api",
        "web",
        "events",
        "handlers",
        "audit",
    ),
    # `people` (its store reads the table's name; its pages and routes hold `deps.store`), and `api` too.
    "notifications": ("settings", "store", "events", "handlers", "people", "api", "reminders.store"),
}


def forget_settings(service: str) -> None:
    package = importlib.import_module(f"services.{service}")
    for name in READ_SETTINGS[service]:
        module = f"services.{service}.{name}"
        for loaded in [m for m in sys.modules if m == module or m.startswith(module + ".")]:
            sys.modules.pop(loaded, None)
        # `from services.<service> import x` reads the package's attribute first: it must go too.
        package.__dict__.pop(name, None)
    # The web pages (`services.<service>.web.*`) hold `deps.store` and the router `api` includes: they go
    # with `api`, or a re-imported `api` would serve pages bound to the forgotten settings' table.
    web = f"services.{service}.web"
    for name in [m for m in sys.modules if m == web or m.startswith(web + ".")]:
        sys.modules.pop(name, None)
    package.__dict__.pop("web", None)


@contextmanager
def imported_afresh(module: str) -> Iterator[ModuleType]:
    """`services.<service>.<module>` imported now (under the current environment), forgotten afterwards."""
    service = module.split(".")[1]
    forget_settings(service)
    try:
        yield importlib.import_module(module)
    finally:
        forget_settings(service)


@contextmanager
def store_on_moto(service: str) -> Iterator[ModuleType]:
    """`services.<service>.store` over the service's table on moto, made as the local runtime makes it
    (from the service's manifest), imported once the table exists and the environment names it."""
    from infra.local import cloud as local_cloud  # only the integration tests need moto

    manifest = importlib.import_module(f"services.{service}.manifest")
    cloud = local_cloud.start([manifest.SERVICE], "http://localhost")
    try:
        with imported_afresh(f"services.{service}.store") as store:
            yield store
    finally:
        cloud.stop()


def forget_every_service() -> None:
    """Every service module imported so far goes, so a local runtime started next imports each under its own
    environment. Unit and integration tests import services under theirs (a table on moto, a public base
    URL of http://localhost) and `os.environ` keeps what they set: a module imported then would serve the
    runtime with the wrong bus, table or links."""
    for loaded in [m for m in sys.modules if m == "services" or m.startswith("services.")]:
        sys.modules.pop(loaded, None)
