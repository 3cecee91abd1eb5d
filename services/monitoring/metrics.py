"""Monitoring's business metrics: one count per use case, emitted by the handlers, never by logic (the only
dimension is the service: a tenant or person id would say whose answers these are)."""

from __future__ import annotations

from shared import observability

SERVICE = "monitoring"


def count(name: str, value: int = 1) -> None:
    observability.count(SERVICE, name, value)
