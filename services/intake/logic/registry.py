"""The registry: municipalities (tenants), accounts, the audit trail, and account links."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from services.intake.logic.participants import participant_accepted
from services.intake.logic.ports import Directory, LinksPort, NewAccount, RegistryPort
from services.intake.models import AccountLink, Application, AuditEntry, Participant, Tenant, User
from services.intake.schemas import TenantCreate, UserCreate
from shared import audit as trail
from shared.auth import Principal, Role
from shared.errors import Conflict, NotFound, RuleViolation
from shared.events.catalog import AccountCreated, ContactDetailsRecorded, ManagerAdded, TenantCreated
from shared.events.publisher import OutgoingEvent, Publisher


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:20]}"


def account_of(of: User | Application, tenant_slug: str) -> NewAccount:
    """The sign-in to make for an account holder, or for an accepted applicant."""
    person = of if isinstance(of, User) else of.person
    return NewAccount(
        tenant_slug=tenant_slug,
        email=person.email,
        role=of.role,
        tenant_id=of.tenant_id,
        person_id=of.person_id,
        given_name=person.given_name,
        family_name=person.family_name,
        language=of.language,
    )


def _slug(store: RegistryPort, tenant_id: str) -> str:
    tenant = store.tenant(tenant_id)
    if tenant is None:
        raise NotFound("No such municipality.")
    return tenant.slug


def contact_details(of: User | Application) -> ContactDetailsRecorded:
    """How to reach a person, for notifications: the one place that event is built.

    An account holder made by a manager is reached by e-mail only (no phone); an applicant as the
    form's consent says.
    """
    person = of if isinstance(of, User) else of.person
    if isinstance(of, User):
        phone, by_email, by_sms = None, True, False
    else:
        consent = of.consent
        phone, by_email, by_sms = of.person.phone, consent.contact_email.granted, consent.contact_sms.granted
    return ContactDetailsRecorded(
        person_id=of.person_id,
        role=of.role,
        email=person.email,
        given_name=person.given_name,
        family_name=person.family_name,
        language=of.language,
        phone=phone,
        contact_email=by_email,
        contact_sms=by_sms,
    )


# --- tenants ----------------------------------------------------------------------------------------


def create_tenant(caller: Principal, body: TenantCreate, store: RegistryPort, publisher: Publisher) -> Tenant:
    caller.require(Role.ADMIN)
    tenant = Tenant(tenant_id=new_id("t"), created_at=datetime.now(UTC), **body.model_dump())
    created = TenantCreated(
        slug=tenant.slug,
        name=tenant.name,
        default_language=tenant.default_language,
        languages=tenant.languages,
        timezone=tenant.timezone,
    )
    with publisher.along([OutgoingEvent(tenant.tenant_id, created)]):
        store.add_tenant(tenant)
    return tenant


def get_tenant(caller: Principal, tenant_id: str, store: RegistryPort) -> Tenant:
    caller.require(Role.ADMIN)
    tenant = store.tenant(tenant_id)
    if tenant is None:
        raise NotFound("No such municipality.")
    return tenant


def list_tenants(caller: Principal, store: RegistryPort) -> list[Tenant]:
    caller.require(Role.ADMIN)
    return sorted(store.tenants(), key=lambda t: t.slug)


# --- accounts ---------------------------------------------------------------------------------------


def create_user(
    caller: Principal, body: UserCreate, store: RegistryPort, directory: Directory, publisher: Publisher
) -> User:
    """The network admin creates managers of any tenant; a manager creates anyone of their own tenant."""
    if caller.has(Role.ADMIN):
        if body.role != "manager":
            raise RuleViolation(
                "The network admin creates managers; managers create the others.",
                rule="admin_creates_managers",
                field="role",
            )
        if not body.tenant_id:
            raise RuleViolation(
                "Say which municipality the manager belongs to.", rule="tenant_required", field="tenant_id"
            )
        if store.tenant(body.tenant_id) is None:
            raise RuleViolation("No such municipality.", rule="tenant_exists", field="tenant_id")
        tenant_id = body.tenant_id
    else:
        caller.require(Role.MANAGER)
        if body.tenant_id is not None:
            # The tenant comes from the token, never from the body.
            raise RuleViolation(
                "Only the network admin names a municipality.", rule="tenant_from_token", field="tenant_id"
            )
        tenant_id = caller.require_tenant()

    # The person id is minted here, never taken from the request: an account can only be a new person.
    user = User(
        user_id="",
        person_id=new_id("p"),
        tenant_id=tenant_id,
        email=body.email,
        role=body.role,
        given_name=body.given_name,
        family_name=body.family_name,
        language=body.language,
    )
    # Claim the e-mail first, so a duplicate is refused before any sign-in exists (no stray account).
    slug = _slug(store, tenant_id)
    store.reserve_account(user)
    try:
        user_id = directory.create_account(account_of(user, slug))
    except Exception:
        store.release_account(user)
        raise
    user = user.model_copy(update={"user_id": user_id})
    audit = None
    if caller.has(Role.ADMIN):
        audit = AuditEntry(
            audit_id=new_id("aud"),
            tenant_id=tenant_id,
            action="manager_created",
            actor_id=caller.user_id,
            person_id=user.person_id,
            at=datetime.now(UTC),
        )
    # The contact first: the welcome (AccountCreated) is sent to it, and waits for it if need be.
    events = [
        OutgoingEvent(tenant_id, contact_details(user)),
        OutgoingEvent(tenant_id, AccountCreated(person_id=user.person_id, role=user.role, tenant_slug=slug)),
    ]
    if audit is not None:
        events.append(
            OutgoingEvent(
                tenant_id,
                ManagerAdded(
                    audit_id=audit.audit_id,
                    person_id=user.person_id,
                    given_name=user.given_name,
                    family_name=user.family_name,
                ),
            )
        )
    with publisher.along(events):
        store.activate_account(user, audit)
    if audit is not None:  # the network admin's act in a municipality joins its trail, for its managers
        trail.record(caller, "change", "account", user.person_id, user.person_id, tenant_id=tenant_id)
    return user.model_copy(update={"audit": audit})


def managers_of(caller: Principal, tenant_id: str, store: RegistryPort) -> list[User]:
    """A municipality's managers, for the network admin (who sees no one else of a municipality)."""
    caller.require(Role.ADMIN)
    if store.tenant(tenant_id) is None:
        raise NotFound("No such municipality.")
    managers = store.accounts(tenant_id, "manager")
    return sorted(managers, key=lambda u: (u.family_name.lower(), u.given_name.lower()))


def audit_trail(caller: Principal, tenant_id: str, store: RegistryPort) -> list[AuditEntry]:
    """What the network admin did in a municipality, oldest first."""
    caller.require(Role.ADMIN)
    if store.tenant(tenant_id) is None:
        raise NotFound("No such municipality.")
    return store.audit_entries(tenant_id)


# --- a participation joined to an existing account, by that account's owner --------------------------


def my_links(caller: Principal, store: LinksPort) -> list[AccountLink]:
    """The participations waiting for the signed-in person to say they are theirs."""
    tenant_id = caller.require_tenant()
    if not caller.person_id:
        return []
    links = store.links_of(tenant_id, caller.person_id)
    return sorted((x for x in links if x.status == "pending"), key=lambda x: x.created_at)


def confirm_link(
    caller: Principal, link_id: str, store: LinksPort, directory: Directory, publisher: Publisher
) -> Participant:
    """The account's owner says the participation is theirs: it moves to their person and account."""
    tenant_id = caller.require_tenant()
    link = store.link(tenant_id, link_id)
    if link is None or not caller.person_id or link.account_person_id != caller.person_id:
        raise NotFound("No such link.")
    if link.status != "pending":
        raise Conflict("This link was confirmed already.", rule="link_not_pending")
    participant = store.participant(tenant_id, link.participant_id)
    application = store.application(tenant_id, link.application_id)
    if participant is None or application is None:
        raise NotFound("The participation no longer exists.")
    linked = participant.model_copy(update={"person_id": link.account_person_id, "account_link": None})
    # The group first: it is idempotent, so a failure after it leaves the link pending and retryable.
    directory.add_role(email=link.email, tenant_id=tenant_id, role=link.role)
    confirmed = link.model_copy(update={"status": "confirmed", "confirmed_at": datetime.now(UTC)})
    with publisher.along([OutgoingEvent(tenant_id, participant_accepted(linked, application))]):
        store.confirm_link(confirmed, linked)
    return store.participant(tenant_id, linked.participant_id) or linked
