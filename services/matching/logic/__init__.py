"""Matching's rules, one module per use case, over the ports in `ports.py`.

Plain Python over pydantic models; the table and the bus come in as arguments. The engine (scoring,
the exact solver, reasons) is in `services.matching.engine`.

Each name is imported from its module when first used (shared/lazy.py): a cold start loads the use
cases its request calls, not all of them (issue 15).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# Imported now: `candidates` is also its module's name, and importing the module (logic/matches.py does)
# would otherwise set the package's `candidates` to the module, where `__getattr__` never looks.
from services.matching.logic.candidates import candidates
from shared.lazy import names_from

if TYPE_CHECKING:
    from services.matching.logic.candidates import (
        add_exclusion,
        list_exclusions,
        ranked_candidates,
    )
    from services.matching.logic.matches import (
        complete_match,
        create_match,
        end_match,
        list_matches,
        read_match,
    )
    from services.matching.logic.projections import (
        project_participant,
        project_programme,
        qualify_mentor,
        record_name,
    )
    from services.matching.logic.publish import changes_since, publish_run
    from services.matching.logic.runs import compute_run, read_run, request_run

#: Where each name lives.
WHERE = {
    "add_exclusion": "candidates",
    "list_exclusions": "candidates",
    "ranked_candidates": "candidates",
    "complete_match": "matches",
    "create_match": "matches",
    "end_match": "matches",
    "list_matches": "matches",
    "read_match": "matches",
    "project_participant": "projections",
    "project_programme": "projections",
    "qualify_mentor": "projections",
    "record_name": "projections",
    "changes_since": "publish",
    "publish_run": "publish",
    "compute_run": "runs",
    "read_run": "runs",
    "request_run": "runs",
}

__getattr__ = names_from(__name__, WHERE)

__all__ = [
    "add_exclusion",
    "candidates",
    "changes_since",
    "complete_match",
    "compute_run",
    "create_match",
    "end_match",
    "list_exclusions",
    "list_matches",
    "project_participant",
    "project_programme",
    "publish_run",
    "qualify_mentor",
    "ranked_candidates",
    "read_match",
    "read_run",
    "record_name",
    "request_run",
]
