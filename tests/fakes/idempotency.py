"""The store side of `shared.idempotency` in memory: answers by tenant and scope, with a race to lose."""

from __future__ import annotations

from typing import Any

from shared.idempotency import Answer, IdempotencyRace


class AnswerBook:
    def __init__(self) -> None:
        self.answers: dict[tuple[str, str], Answer] = {}
        #: When set, the next `keep` finds this answer already kept by a racing request, and loses.
        self.racing_answer: dict[str, Any] | None = None

    def idempotent_answer(self, tenant_id: str, scope: str) -> Answer | None:
        return self.answers.get((tenant_id, scope))

    def keep(self, tenant_id: str, answer: Answer) -> None:
        """Keeps the answer, or raises `IdempotencyRace` like the store's conditional write."""
        if self.racing_answer is not None:
            winner = Answer(answer.scope, answer.body_hash, self.racing_answer)
            self.answers[(tenant_id, answer.scope)] = winner
            raise IdempotencyRace(answer.scope)
        if (tenant_id, answer.scope) in self.answers:
            raise IdempotencyRace(answer.scope)
        self.answers[(tenant_id, answer.scope)] = answer
