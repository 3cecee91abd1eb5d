"""Matching's rules, one module per use case, over the ports in `ports.py`.

Plain Python over pydantic models; the table and the bus come in as arguments. The engine (scoring,
the exact solver, reasons) is in `services.matching.engine`.
"""

from services.matching.logic.candidates import add_exclusion, candidates, list_exclusions, ranked_candidates
from services.matching.logic.matches import complete_match, create_match, end_match, list_matches, read_match
from services.matching.logic.projections import (
    project_participant,
    project_programme,
    qualify_mentor,
    record_name,
)
from services.matching.logic.publish import changes_since, publish_run
from services.matching.logic.runs import compute_run, read_run, request_run

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
