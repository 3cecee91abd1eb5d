"""An employer is a user, not a participant (seed 002): what their export and erasure reach.

A manager names the employer by their account's person id where a participant's id is asked for
(`/v1/people/{id}/export`, `.../erasure`); the employer asks for their own export as everyone does
(`/v1/me/export`). Their links to mentees name their account's user id (intake's data.py adds it to the
ids an export or erasure looks for). Erasing them ends their live links first, with `EmployerLinkEnded`
(as a withdrawn consent does), so sessions stops showing them anything; the ended links then stay as the
mentee's record without naming the employer (data.py), and the goals they set stay the mentee's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from services.intake.employers.logic import ended
from services.intake.employers.models import EmployerLink
from services.intake.models import User
from shared.events.publisher import OutgoingEvent, Publisher
from shared.storage.outbox import MAX_ALONG


class EmployerAccounts(Protocol):
    def accounts(self, tenant_id: str, role: str) -> list[User]: ...
    def links_of_employer(self, tenant_id: str, employer_user_id: str) -> list[EmployerLink]: ...
    def end_employer_links(self, tenant_id: str, ended: Sequence[EmployerLink]) -> None: ...


def employer_named(tenant_id: str, person_id: str, store: EmployerAccounts) -> User | None:
    """The municipality's employer account with this person id, if any."""
    return next((u for u in store.accounts(tenant_id, "employer") if u.person_id == person_id), None)


def end_links_of_erased(
    tenant_id: str, employer: User, store: EmployerAccounts, publisher: Publisher, now: datetime
) -> int:
    """The employer's live links, ended because they are erased: each with its event, in one transaction
    per batch (an employer has a handful; a batch is as many as one transaction carries)."""
    live = store.links_of_employer(tenant_id, employer.user_id)
    per = MAX_ALONG // 2  # a link and its event are two writes of the transaction
    for start in range(0, len(live), per):
        pairs = [ended(link, "employer_erased", now) for link in live[start : start + per]]
        with publisher.along([OutgoingEvent(tenant_id, event) for _, event in pairs]):
            store.end_employer_links(tenant_id, [link for link, _ in pairs])
    return len(live)
