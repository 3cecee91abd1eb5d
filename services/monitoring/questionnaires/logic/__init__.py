"""The questionnaires' rules, one module per use case, over the ports in `ports.py`.

Plain Python over pydantic models; the table, the bus and the scheduler come in as arguments.
"""

from services.monitoring.questionnaires.logic.answers import my_questionnaires, read_questionnaire, respond
from services.monitoring.questionnaires.logic.assignments import (
    agreement_signed,
    goals_set,
    match_ended,
    open_relationship,
    project_participant,
    project_programme,
    questionnaires_due,
)
from services.monitoring.questionnaires.logic.outcomes import read_outcomes, record_outcome
from services.monitoring.questionnaires.logic.reviews import (
    midterm_prefill,
    record_final_review,
    record_midterm_review,
)
from services.monitoring.questionnaires.logic.templates import adapt_template, list_templates

__all__ = [
    "adapt_template",
    "agreement_signed",
    "goals_set",
    "list_templates",
    "match_ended",
    "midterm_prefill",
    "my_questionnaires",
    "open_relationship",
    "project_participant",
    "project_programme",
    "questionnaires_due",
    "read_outcomes",
    "read_questionnaire",
    "record_final_review",
    "record_midterm_review",
    "record_outcome",
    "respond",
]
