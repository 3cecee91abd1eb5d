"""The managers' digests: each Monday the municipality's week in figures, and each morning the relationships
newly at risk in a programme. Counts, codes and links only: nothing anyone wrote, no names."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from services.notifications.logic import Mailer, page, send_email
from services.notifications.models import Delivery
from services.notifications.reminders import plan
from services.notifications.reminders.schedules import Scheduler, Store, morning_of, programme, schedule_name
from services.notifications.reminders.sending import long_date
from shared.events.catalog import RiskDigestDue, RiskFlagRaised, WeeklyDigestDue
from shared.events.envelope import Metadata

WEEK = timedelta(days=7)
#: Relationships newly at risk are told the next morning at this hour (the municipality's): once a day.
RISK_MORNING = time(8, 0)


def _managers_mail(
    meta: Metadata, store: Store, mailer: Mailer, template: str, *, transactional: bool, **context: Any
) -> list[Delivery]:
    sent = [
        send_email(meta, manager, template, store, mailer, transactional=transactional, **context)
        for manager in store.contacts_with_role(meta.tenant_id, "manager")
    ]
    return [d for d in sent if d]


def weekly_figures(
    meta: Metadata, store: Store, now: datetime, public_base_url: str
) -> list[dict[str, object]]:
    """Per programme: relationships going on, sessions held in the past seven days, sessions in the next
    seven, questionnaires past their date and not submitted."""
    tenant = meta.tenant_id
    ended = store.ended_matches(tenant)
    programme_of = {m.match_id: m.programme_id for m in store.matches_of(tenant) if m.match_id not in ended}
    held = store.held_sessions(tenant)
    held_ids = {h.session_id for h in held}
    figures = []
    for info in sorted(store.programmes_of(tenant), key=lambda p: p.name):
        today = now.astimezone(ZoneInfo(info.timezone)).date()
        ours = {m for m, p in programme_of.items() if p == info.programme_id}
        upcoming = [
            s
            for s in store.sessions_of(tenant)
            if s.match_id in ours
            and s.status == "planned"
            and s.session_id not in held_ids
            and now <= s.starts_at < now + WEEK
        ]
        figures.append(
            {
                "name": info.name,
                "relationships": len(ours),
                "held": sum(1 for h in held if h.match_id in ours and now - WEEK <= h.held_at < now),
                "upcoming": len(upcoming),
                "overdue": sum(
                    1
                    for a in store.assignments(tenant)
                    if a.match_id in ours and not a.submitted and a.due_on < today
                ),
                "link": page(public_base_url, info.tenant_slug, "programmes", info.programme_id, "matches"),
            }
        )
    return figures


def send_weekly_digest(
    meta: Metadata,
    data: WeeklyDigestDue,
    store: Store,
    scheduler: Scheduler,
    mailer: Mailer,
    public_base_url: str,
) -> list[Delivery]:
    """As of the schedule's time (the event's), and the next Monday's armed before anything is sent."""
    now = meta.occurred_at
    programmes = store.programmes_of(meta.tenant_id)
    if not programmes:
        return []
    plan.weekly_digest(meta, store, scheduler, now, programmes[0].timezone)
    figures = weekly_figures(meta, store, now, public_base_url)
    if not any(f[k] for f in figures for k in ("relationships", "held", "upcoming", "overdue")):
        return []  # a municipality with nothing going on yet gets no mail
    sent = [
        send_email(
            meta,
            manager,
            "weekly_digest",
            store,
            mailer,
            transactional=False,
            week_of=long_date(data.week_of, manager.language),
            programmes=figures,
        )
        for manager in store.contacts_with_role(meta.tenant_id, "manager")
    ]
    return [d for d in sent if d]


def risk_flagged(
    meta: Metadata, data: RiskFlagRaised, store: Store, scheduler: Scheduler, now: datetime
) -> None:
    """Lists the relationship in its programme's next morning digest, and makes sure that is scheduled."""
    zone = programme(meta, store, data.programme_id).timezone
    local = now.astimezone(ZoneInfo(zone))
    at = morning_of(local.date(), zone, RISK_MORNING)
    if at <= now:
        at = morning_of(local.date() + timedelta(days=1), zone, RISK_MORNING)
    entries = {f"{data.match_id}:{reason}" for reason in data.reasons}
    digest = store.add_to_risk_digest(meta.tenant_id, data.programme_id, at.date(), entries)
    if digest is None:  # this morning's went out while the event waited: tomorrow's lists it
        at = morning_of(at.date() + timedelta(days=1), zone, RISK_MORNING)
        digest = store.add_to_risk_digest(meta.tenant_id, data.programme_id, at.date(), entries)
        if digest is None:
            raise RuntimeError(f"the risk digests of {at.date()} and the day before are both sent")
    if not digest.scheduled:
        scheduler.send_at(
            schedule_name("risks", meta.tenant_id, data.programme_id, digest.day.isoformat()),
            at,
            meta.tenant_id,
            RiskDigestDue(programme_id=data.programme_id, day=digest.day),
            meta.correlation_id,
        )
        store.risk_digest_scheduled(meta.tenant_id, data.programme_id, digest.day)


def send_risk_digest(
    meta: Metadata, data: RiskDigestDue, store: Store, mailer: Mailer, public_base_url: str
) -> list[Delivery]:
    """One e-mail per manager: each relationship with its reasons (words in their language) and its page;
    a manager's work, so transactional."""
    digest = store.close_risk_digest(meta.tenant_id, data.programme_id, data.day)
    if digest is None or not digest.entries:
        return []
    info = programme(meta, store, data.programme_id)
    relationships = [
        {"reasons": reasons, "link": page(public_base_url, info.tenant_slug, "matches", match_id)}
        for match_id, reasons in digest.by_relationship().items()
    ]
    return _managers_mail(
        meta,
        store,
        mailer,
        "risk_digest",
        transactional=True,
        programme_name=info.name,
        relationships=relationships,
        link=page(public_base_url, info.tenant_slug, "programmes", data.programme_id, "risks"),
    )
