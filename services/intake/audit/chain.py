"""The hash chain: each entry's sha256 covers its canonical JSON, which holds the previous entry's hash.

Changing a stored entry breaks its own hash; removing one leaves a gap in the positions (or, at the end,
a head that names a later position than the last entry); rewriting a hash breaks the next link.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from services.intake.audit.models import GENESIS, ChainProblem, TrailEntry


def canonical(fields: dict[str, Any]) -> bytes:
    """The entry without its own hash, as sorted compact JSON: the bytes its hash covers."""
    body = {k: v for k, v in fields.items() if k != "hash"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def hash_of(fields: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(fields)).hexdigest()


def sealed(fields: dict[str, Any]) -> TrailEntry:
    """The entry with its hash, from its fields (which already hold previous_hash)."""
    draft = TrailEntry.model_validate({**fields, "hash": GENESIS})
    as_json = draft.model_dump(mode="json")
    return draft.model_copy(update={"hash": hash_of(as_json)})


def entry_id(day: str, position: int) -> str:
    return f"{day}#{position:09d}"


def verify(
    day: str, stored: Sequence[dict[str, Any]], head_position: int, head_hash: str
) -> list[ChainProblem]:
    """The problems of one day's chain, oldest first; `stored` are the entries as kept (JSON), in order."""
    problems: list[ChainProblem] = []
    previous_hash, expected = GENESIS, 1
    for fields in stored:
        position = int(fields.get("position", 0))
        for missing in range(expected, position):
            problems.append(ChainProblem(entry_id=entry_id(day, missing), problem="missing"))
            previous_hash = ""  # the link after a gap cannot be checked
        name = entry_id(day, position)
        if hash_of(fields) != fields.get("hash"):
            problems.append(ChainProblem(entry_id=name, problem="changed"))
        elif previous_hash and fields.get("previous_hash") != previous_hash:
            problems.append(ChainProblem(entry_id=name, problem="out_of_order"))
        previous_hash, expected = str(fields.get("hash")), position + 1
    for missing in range(expected, head_position + 1):
        problems.append(ChainProblem(entry_id=entry_id(day, missing), problem="missing"))
    if head_position == expected - 1 and stored and previous_hash and previous_hash != head_hash:
        problems.append(ChainProblem(entry_id=entry_id(day, head_position), problem="changed"))
    return problems
