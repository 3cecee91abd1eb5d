"""Page tokens: a query's LastEvaluatedKey handed to the caller as an opaque string, and checked on return.

A token is only a position in one partition. One that does not decode, or that points into another
partition (another list, another tenant), is the caller's mistake: a 422 naming the parameter, never a 500
and never a read of someone else's items.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping, Sequence
from typing import Any

from shared.errors import RuleViolation

#: The key attributes of a table query's LastEvaluatedKey; an index query's adds the index keys first.
TABLE_KEY = ("pk", "sk")


def page_token(key: Mapping[str, Any] | None) -> str | None:
    """The token for the page after `key` (None when there is no further page)."""
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode() if key else None


def start_key(
    token: str | None, *, partition: str, key_attributes: Sequence[str] = TABLE_KEY, field: str = "next_token"
) -> dict[str, Any] | None:
    """The ExclusiveStartKey in `token`, refused unless it is a key of the partition `partition`.

    `key_attributes` names the key exactly, partition attribute first (`("gsi1pk", "gsi1sk", "pk", "sk")`
    for a by-parent index query).
    """
    if not token:
        return None
    key = _decoded(token)
    if key is None or set(key) != set(key_attributes) or key[key_attributes[0]]["S"] != partition:
        raise RuleViolation(
            "The page token is not valid for this list.", rule="invalid_page_token", field=field
        )
    return key


def _decoded(token: str) -> dict[str, dict[str, str]] | None:
    try:
        key = json.loads(base64.b64decode(token.encode("ascii"), altchars=b"-_", validate=True))
    except (binascii.Error, UnicodeError, ValueError, RecursionError):
        return None
    if not isinstance(key, dict):
        return None
    # Every key attribute here is a string: {"S": "..."} and nothing else reaches DynamoDB.
    if not all(isinstance(v, dict) and set(v) == {"S"} and isinstance(v["S"], str) for v in key.values()):
        return None
    return key
