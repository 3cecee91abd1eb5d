"""A programme's own code of ethics, terms and communication rules (issue 11: the code of ethics is
"pre-filled and editable per programme"). The managers of its municipality write it; every agreement of
the programme not yet written starts from it. An agreement already written keeps its own text: changing
the programme's does not reopen signatures."""

from __future__ import annotations

from datetime import UTC, datetime

from services.sessions.logic.ports import SessionsRecords
from services.sessions.logic.seeds import ETHICS, TERMS, seeded
from services.sessions.models import AgreementTemplate, Programme
from services.sessions.schemas import AgreementTemplateWrite
from shared.auth import Principal, Role
from shared.errors import NotFound


def template_of(
    tenant_id: str, programme_id: str, languages: list[str], store: SessionsRecords
) -> AgreementTemplate:
    """The programme's own text, or (version 0) the seeds' code and terms in its languages."""
    stored = store.agreement_template(tenant_id, programme_id)
    if stored is not None:
        return stored
    return AgreementTemplate(
        programme_id=programme_id, version=0, ethics=seeded(ETHICS, languages), terms=seeded(TERMS, languages)
    )


def _managed_programme(principal: Principal, programme_id: str, store: SessionsRecords) -> Programme:
    principal.require(Role.MANAGER)
    programme = store.programme(principal.require_tenant(), programme_id)
    if programme is None:  # another municipality's, or none: no hint which
        raise NotFound("There is no such programme.")
    return programme


def read_agreement_template(
    principal: Principal, programme_id: str, store: SessionsRecords
) -> AgreementTemplate:
    programme = _managed_programme(principal, programme_id, store)
    return template_of(programme.tenant_id, programme_id, programme.languages, store)


def write_agreement_template(
    principal: Principal, programme_id: str, body: AgreementTemplateWrite, store: SessionsRecords
) -> AgreementTemplate:
    programme = _managed_programme(principal, programme_id, store)
    current = template_of(programme.tenant_id, programme_id, programme.languages, store)
    written = current.model_copy(
        update={
            "version": current.version + 1,
            "ethics": list(body.ethics),
            "terms": list(body.terms),
            "communication_rules": body.communication_rules,
            "updated_at": datetime.now(UTC),
        }
    )
    return store.save_agreement_template(programme.tenant_id, written)
