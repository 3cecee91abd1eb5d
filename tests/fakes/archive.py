"""The archive's store in memory (services/intake/archive/logic.py's `ArchivePort`)."""

from __future__ import annotations

from services.intake.archive.models import PracticeCase, PublishedCase
from shared.errors import Conflict
from shared.idempotency import Answer


class FakeArchive:
    def __init__(self, names: list[str] | None = None) -> None:
        self.names = names or []
        self.written: dict[tuple[str, str], PracticeCase] = {}
        self.shown: dict[tuple[str, str], PublishedCase] = {}
        self.answers: dict[tuple[str, str], Answer] = {}

    def participant_names(self, tenant_id: str) -> list[str]:
        return list(self.names)

    def case(self, tenant_id: str, case_id: str) -> PracticeCase | None:
        return self.written.get((tenant_id, case_id))

    def cases(self, tenant_id: str) -> list[PracticeCase]:
        return [c for (t, _), c in self.written.items() if t == tenant_id]

    def published(self, tenant_id: str, case_id: str) -> PublishedCase | None:
        return self.shown.get((tenant_id, case_id))

    def published_cases(self, tenant_id: str) -> list[PublishedCase]:
        return [c for (t, _), c in self.shown.items() if t == tenant_id]

    def idempotent_answer(self, tenant_id: str, scope: str) -> Answer | None:
        return self.answers.get((tenant_id, scope))

    def save_case(
        self,
        tenant_id: str,
        case: PracticeCase,
        *,
        published: PublishedCase | None = None,
        idempotency: Answer | None = None,
    ) -> PracticeCase:
        stored = self.written.get((tenant_id, case.case_id))
        if (stored.version if stored else 0) != case.version:
            raise Conflict("Someone changed the case meanwhile; read it again.")
        saved = case.model_copy(update={"version": case.version + 1})
        self.written[(tenant_id, case.case_id)] = saved
        if published is not None:
            self.shown[(tenant_id, case.case_id)] = published
        if idempotency is not None:
            self.answers[(tenant_id, idempotency.scope)] = idempotency
        return saved
