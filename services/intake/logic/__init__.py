"""Intake's rules, in plain Python; storage and the sign-in directory come in as ports (`ports.py`).

Callers write `from services.intake import logic` and `logic.create_user(...)`: the use cases are
re-exported here from the module of their section.
"""

from services.intake.logic.applications import (
    CONSENT_PURPOSES,
    consent_record,
    new_application_id,
    public_programme,
    submit_application,
)
from services.intake.logic.participants import (
    list_participants,
    matching_facts,
    mentor_eligible,
    participant_accepted,
    read_participant,
    record_training,
)
from services.intake.logic.ports import (
    ApplicationQuery,
    ApplicationsPort,
    Directory,
    LinksPort,
    NewAccount,
    ParticipantsPort,
    RegistryPort,
    ScreeningPort,
)
from services.intake.logic.programmes import (
    change_programme,
    form_links,
    get_programme,
    list_programmes,
    open_programme,
    programme_facts,
    programme_presets,
)
from services.intake.logic.registry import (
    account_of,
    audit_trail,
    confirm_link,
    contact_details,
    create_tenant,
    create_user,
    get_tenant,
    list_tenants,
    managers_of,
    my_links,
    new_id,
)
from services.intake.logic.screening import (
    add_interview_note,
    decide_application,
    list_applications,
    read_application,
)

__all__ = [
    "CONSENT_PURPOSES",
    "ApplicationQuery",
    "ApplicationsPort",
    "Directory",
    "LinksPort",
    "NewAccount",
    "ParticipantsPort",
    "RegistryPort",
    "ScreeningPort",
    "account_of",
    "add_interview_note",
    "audit_trail",
    "change_programme",
    "confirm_link",
    "consent_record",
    "contact_details",
    "create_tenant",
    "create_user",
    "decide_application",
    "form_links",
    "get_programme",
    "get_tenant",
    "list_applications",
    "list_participants",
    "list_programmes",
    "list_tenants",
    "managers_of",
    "matching_facts",
    "mentor_eligible",
    "my_links",
    "new_application_id",
    "new_id",
    "open_programme",
    "participant_accepted",
    "programme_facts",
    "programme_presets",
    "public_programme",
    "read_application",
    "read_participant",
    "record_training",
    "submit_application",
]
