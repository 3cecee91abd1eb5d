"""What the questionnaires' use cases share: assignment ids, the template in force, texts in a language."""

from __future__ import annotations

import hashlib

from services.monitoring.questionnaires.logic.ports import QuestionnaireRecords
from services.monitoring.questionnaires.models import (
    IN_USE_BY_DEFAULT,
    Relationship,
    Template,
    Texts,
)
from services.monitoring.questionnaires.shipped import shipped
from shared.auth import Principal, Role
from shared.errors import NotFound
from shared.events.catalog import QuestionnaireKind

FALLBACK_LANGUAGE = "en"


def assignment_id(match_id: str, participant_id: str, kind: str) -> str:
    """One questionnaire of a kind per person and relationship: the id follows from them, so a replayed
    event or a second timer finds it made and assigns nothing twice."""
    digest = hashlib.sha256(f"{match_id}|{participant_id}|{kind}".encode()).hexdigest()
    return f"qa_{digest[:24]}"


def in_use(store: QuestionnaireRecords, tenant_id: str, programme_id: str, kind: QuestionnaireKind) -> bool:
    use = store.template_use(tenant_id, programme_id, kind)
    return use.in_use if use is not None else IN_USE_BY_DEFAULT[kind]


def current_template(
    store: QuestionnaireRecords, tenant_id: str, programme_id: str, kind: QuestionnaireKind
) -> Template:
    """The programme's newest version of the kind, or the shipped one while nobody adapted it."""
    use = store.template_use(tenant_id, programme_id, kind)
    if use is not None and use.version:
        adapted = store.template(tenant_id, programme_id, kind, use.version)
        if adapted is not None:
            return adapted
    return shipped(kind)


def template_of(
    store: QuestionnaireRecords,
    tenant_id: str,
    programme_id: str,
    kind: QuestionnaireKind,
    template_id: str,
    version: int,
) -> Template:
    """The exact version an assignment was given (answers keep the version they answered)."""
    if template_id == shipped(kind).template_id:
        return shipped(kind)
    found = store.template(tenant_id, programme_id, kind, version)
    if found is None:
        raise LookupError(f"template {template_id} v{version} is missing")
    return found


def text_in(texts: Texts, lang: str) -> str:
    return texts.get(lang) or texts.get(FALLBACK_LANGUAGE) or next(iter(texts.values()), "")


def manager_in(principal: Principal) -> str:
    """The manager's tenant (403 for any other role, or the network admin)."""
    principal.require(Role.MANAGER)
    return principal.require_tenant()


def managed_relationship(principal: Principal, match_id: str, store: QuestionnaireRecords) -> Relationship:
    """A relationship of the manager's municipality (another's, or none: 404)."""
    tenant_id = manager_in(principal)
    relationship = store.relationship(tenant_id, match_id)
    if relationship is None:
        raise NotFound("No such relationship.")
    return relationship
