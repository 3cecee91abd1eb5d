"""Erase again every person the ledger names: `python -m services.intake.privacy.reapply` (`make
reapply-erasures`).

After a table is restored by point-in-time recovery, it holds again what was erased since the restore
point. This re-publishes PersonErasureRequested for every ledger entry; each service's erasure is idempotent,
so what was still erased stays so and what came back goes again. Run it with the deployment's environment
(EVENT_BUS_NAME, INTAKE_TABLE_NAME) once the restored table is in place.
"""

from __future__ import annotations

import sys

from shared.events.catalog.privacy import PersonErasureRequested
from shared.events.publisher import OutgoingEvent, Publisher


def reapply(
    store: object | None = None, publisher: Publisher | None = None, *, tenant_id: str | None = None
) -> int:
    """Publishes the erasure of every ledger entry again (of one municipality's, given `tenant_id`); returns
    how many."""
    from services.intake.deps import publisher as intake_publisher
    from services.intake.privacy.store import PrivacyStore

    ledger = (store if isinstance(store, PrivacyStore) else PrivacyStore()).ledger()
    events = [
        OutgoingEvent(
            entry.tenant_id,
            PersonErasureRequested(
                erasure_id=entry.erasure_id,
                person_id=entry.person_id,
                participant_ids=entry.participant_ids,
                reason=entry.reason,
            ),
        )
        for entry in ledger
        if tenant_id is None or entry.tenant_id == tenant_id
    ]
    # Nothing is written here: the events are all there is, so `publish`, not `along`.
    (publisher or intake_publisher()).publish(events)
    return len(events)


def main() -> int:
    count = reapply()
    print(f"re-published {count} erasure(s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
