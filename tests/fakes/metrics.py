"""What Powertools' metrics wrote: the EMF documents on stdout (CloudWatch turns each into metrics)."""

from __future__ import annotations

import json
from typing import Any

import pytest


def emitted(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    """The EMF documents written to stdout since the last read of `capsys`."""
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    return [doc for doc in map(json.loads, lines) if "_aws" in doc]


def directive(doc: dict[str, Any]) -> dict[str, Any]:
    """The document's one CloudWatch metric directive (namespace, dimensions, metrics)."""
    (only,) = doc["_aws"]["CloudWatchMetrics"]
    return dict(only)
