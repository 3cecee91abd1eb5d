"""Intake's rules, in plain Python; storage and the sign-in directory come in as ports (`ports.py`).

Callers write `from services.intake import logic` and `logic.create_user(...)`: the use cases are
re-exported here from the module of their section.

Each name is imported from its module when first used (shared/lazy.py): a cold start loads the use
cases its request calls, not all of them (issue 15).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared.lazy import names_from

if TYPE_CHECKING:
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

#: Where each name lives.
WHERE = {
    "CONSENT_PURPOSES": "applications",
    "consent_record": "applications",
    "new_application_id": "applications",
    "public_programme": "applications",
    "submit_application": "applications",
    "list_participants": "participants",
    "matching_facts": "participants",
    "mentor_eligible": "participants",
    "participant_accepted": "participants",
    "read_participant": "participants",
    "record_training": "participants",
    "ApplicationQuery": "ports",
    "ApplicationsPort": "ports",
    "Directory": "ports",
    "LinksPort": "ports",
    "NewAccount": "ports",
    "ParticipantsPort": "ports",
    "RegistryPort": "ports",
    "ScreeningPort": "ports",
    "change_programme": "programmes",
    "form_links": "programmes",
    "get_programme": "programmes",
    "list_programmes": "programmes",
    "open_programme": "programmes",
    "programme_facts": "programmes",
    "programme_presets": "programmes",
    "account_of": "registry",
    "audit_trail": "registry",
    "confirm_link": "registry",
    "contact_details": "registry",
    "create_tenant": "registry",
    "create_user": "registry",
    "get_tenant": "registry",
    "list_tenants": "registry",
    "managers_of": "registry",
    "my_links": "registry",
    "new_id": "registry",
    "add_interview_note": "screening",
    "decide_application": "screening",
    "list_applications": "screening",
    "read_application": "screening",
}

__getattr__ = names_from(__name__, WHERE)

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
