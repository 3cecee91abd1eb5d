"""`Idempotency-Key`: the same key with the same body gets the same answer, once; with another body, a 422.

The logic half lives here (no PynamoDB): check the key, fingerprint the body, replay a stored answer. The
store keeps the answer with `shared.storage.idempotency.RememberedAnswer`, in the same transaction as the
write it answers for, under the tenant's partition, for a day.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol, TypeVar

from shared.errors import RuleViolation
from shared.model import BaseModel

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 128
#: How long an answer is replayed: a client retries within minutes; a day covers a retry the next morning.
KEEP_ANSWERS_FOR = timedelta(hours=24)
# Printable ASCII: the key becomes part of a DynamoDB sort key (≤ 1,024 bytes) and of log lines.
_KEY = re.compile(rf"[\x20-\x7e]{{1,{MAX_KEY_LENGTH}}}")

AnswerModel = TypeVar("AnswerModel", bound=BaseModel)


class IdempotencyRace(Exception):
    """Another request with the same key stored its answer first (the store's conditional write lost)."""


@dataclass(frozen=True)
class Answer:
    """An answer as kept: for which request (`scope`), for which body (`body_hash`), and what was answered."""

    scope: str
    body_hash: str
    answer: dict[str, Any]


class AnswerMemory(Protocol):
    def idempotent_answer(self, tenant_id: str, scope: str) -> Answer | None: ...


def body_hash(body: BaseModel) -> str:
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def checked_key(key: str | None) -> str | None:
    """The caller's key, or None without one; a key that is too long or not printable ASCII is a 422."""
    if key is None or key == "":
        return None
    if not _KEY.fullmatch(key):
        raise RuleViolation(
            f"The {HEADER} header must be 1 to {MAX_KEY_LENGTH} printable ASCII characters.",
            rule="invalid_idempotency_key",
            field=HEADER,
        )
    return key


@dataclass(frozen=True)
class IdempotentRequest:
    """One request that carries a key: `scope` is what the key is for (e.g. `<programme>#<key>`)."""

    scope: str
    body_hash: str

    @classmethod
    def of(cls, key: str | None, *, scope: str, body: BaseModel) -> IdempotentRequest | None:
        """The request to answer once, or None when the caller sent no key."""
        checked = checked_key(key)
        return cls(f"{scope}#{checked}", body_hash(body)) if checked else None

    def answered(self, answer: BaseModel) -> Answer:
        """What the store keeps with the write it answers for."""
        return Answer(self.scope, self.body_hash, answer.model_dump(mode="json"))

    def replay(self, earlier: Answer, model: type[AnswerModel]) -> AnswerModel:
        """The earlier answer again; a 422 if the key came with another body."""
        if earlier.body_hash != self.body_hash:
            raise RuleViolation(
                f"This {HEADER} was used with a different request.",
                rule="idempotency_key_reused",
                field=HEADER,
            )
        return model.model_validate(earlier.answer)

    def recall(self, memory: AnswerMemory, tenant_id: str, model: type[AnswerModel]) -> AnswerModel | None:
        """The answer given to this key before, if any (replayed as above)."""
        earlier = memory.idempotent_answer(tenant_id, self.scope)
        return self.replay(earlier, model) if earlier is not None else None
