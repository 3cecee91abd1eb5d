"""A person's consent as notifications follows it (intake's `ConsentChanged`): the e-mail and SMS consents
are the ceiling of the preferences; and a withdrawn consent to processing told to the programme's managers
(`ProcessingConsentWithdrawn`), ids and a link only."""

from __future__ import annotations

from typing import Any, Protocol

from services.notifications.logic import Mailer, send_email
from services.notifications.models import Contact, Delivery, TenantInfo
from shared.events.catalog import ConsentChanged, ProcessingConsentWithdrawn
from shared.events.envelope import Metadata

#: The purposes that govern a channel; the others (processing, employer sharing) are not notifications'.
CHANNELS = {"email": "email", "sms": "sms"}


class ConsentStore(Protocol):
    def save_consent(self, tenant_id: str, person_id: str, channel: str, granted: bool) -> None: ...
    def contacts_with_role(self, tenant_id: str, role: str) -> list[Contact]: ...
    def tenant(self, tenant_id: str) -> TenantInfo | None: ...


def record_consent(meta: Metadata, data: ConsentChanged, store: ConsentStore) -> None:
    channel = CHANNELS.get(data.purpose)
    if channel is not None:
        store.save_consent(meta.tenant_id, data.person_id, channel, data.granted)


def tell_managers(
    meta: Metadata,
    data: ProcessingConsentWithdrawn,
    store: Any,
    mailer: Mailer,
    public_base_url: str,
) -> list[Delivery]:
    """Each manager of the municipality learns that a participant's erasure was requested, and where to
    look; transactional (their work), so sent whatever they ticked."""
    tenant = store.tenant(meta.tenant_id)
    if tenant is None:
        return []
    link = f"{public_base_url}/app/{tenant.slug}/participants/{data.participant_id}"
    sent = []
    for manager in store.contacts_with_role(meta.tenant_id, "manager"):
        delivery = send_email(
            meta, manager, "processing_consent_withdrawn", store, mailer, transactional=True,
            participant_id=data.participant_id, link=link,
        )  # fmt: skip
        if delivery is not None:
            sent.append(delivery)
    return sent
