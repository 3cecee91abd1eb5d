"""What notifications holds about a person, for their export and erasure (issue 14).

Erasure: the contact directory's entry (address, phone, names, preferences) goes, and the participant's
membership is marked erased and a tombstone keeps their ids (messages for them are dropped, not
retried, and contact details that arrive late are not stored); the delivery log keeps
that a message was sent (it counts) without the address; the person's scheduled reminders are deleted
(their questionnaires', their diary turns', and every one of a pair they were in), each schedule with
`shared.scheduler`'s `cancel()`. Relationships and sessions keep ids only.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from functools import cache

from services.notifications.settings import settings
from shared import config
from shared.events.publisher import Publisher
from shared.privacy import DELETE, KEEP, Erasing, Found, Item, PersonData
from shared.storage import tenant_key

_ADDRESSES = ("to", "to_masked", "email", "phone", "address")


def _without_address(found: Found, ctx: Erasing) -> Item | None:
    return {k: v for k, v in found.item.items() if k not in _ADDRESSES}


def _marked_erased(found: Found, ctx: Erasing) -> Item | None:
    """The participant's id stays (their relationships name it) and says the person is gone, so a
    message for them is dropped instead of waiting for a contact that will not come back."""
    if "erased_at" in found.item:
        return found.item
    return {**found.item, "erased_at": datetime.now(UTC).isoformat()}


def _reminder_subjects(ctx: Erasing) -> tuple[set[str], set[str]]:
    """The relationships whose every reminder goes (a pair), and the subjects that are the person's."""
    whole: set[str] = set()
    subjects: set[str] = set()
    for f in ctx.of_kind("MATCH"):
        match = f.document()
        if len(match.get("mentee_ids", [])) <= 1:
            whole.add(f.sk)
    for f in ctx.of_kind("ASSIGNMENT"):
        subjects.add(f"questionnaire:{f.sk}")
    for f in ctx.of_kind("HELD"):
        if f.item.get("writer_id") in ctx.ids:
            subjects.add(f"diary:{f.sk}")
    return whole, subjects


def _after(ctx: Erasing) -> None:
    _remember_erased(ctx)
    _cancel_reminders(ctx)


def _remember_erased(ctx: Erasing) -> None:
    """A tombstone per id (ids only): a message for the person that was sent before the erasure and
    arrives after it is dropped, and late contact details are not stored again."""
    # As services/notifications/store.py's ErasedRecord reads it; written here on the erasure's own table.
    when = datetime.now(UTC).isoformat()
    for erased_id in sorted(ctx.ids):
        ctx.table.put_item(
            Item={"pk": tenant_key(ctx.tenant_id, "ERASED"), "sk": erased_id, "erased_at": when}
        )


def _cancel_reminders(ctx: Erasing) -> None:
    whole, subjects = _reminder_subjects(ctx)
    if not whole and not subjects:
        return
    from services.notifications.handlers import scheduler  # the events function's own, made once

    pk = tenant_key(ctx.tenant_id, "REMINDER")
    from boto3.dynamodb.conditions import Key  # at an export or erasure, not in every cold start

    kwargs = {"KeyConditionExpression": Key("pk").eq(pk)}
    while True:
        page = ctx.table.query(**kwargs)
        for item in page.get("Items", []):
            match_id, subject, name = str(item["sk"]).split("#", 2)
            if match_id in whole or subject in subjects:
                scheduler().cancel(name)
                ctx.delete(pk, str(item["sk"]))
        if "LastEvaluatedKey" not in page:
            return
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


PERSON_DATA = PersonData(
    service="notifications",
    table_name=lambda: settings.notifications_table_name,
    rules={
        "CONTACT": DELETE,
        "DELIVERY": _without_address,
        "DELIVERY_LOG": _without_address,
        "PROGRAMME": KEEP,
        "MEMBER": _marked_erased,
        "ERASED": KEEP,  # the erasure's tombstone: ids and a time
        "MATCH": KEEP,
        "SESSION": KEEP,
        "DIGEST": KEEP,
        "REMINDER": KEEP,
        "HELD": KEEP,
        "ASSIGNMENT": KEEP,
        "MATCH_ENDED": KEEP,
        "RISK_DIGEST": KEEP,
        "PARTNER_SUBSCRIPTION": KEEP,
        "PARTNER_FAILURE": KEEP,  # an event's id and type, a code: nobody's data
        "TENANT": KEEP,
        "MESSAGE": KEEP,
        "KEY": KEEP,
        "EVENT": KEEP,
        "IDEMPOTENCY": DELETE,
    },
    after=_after,
)


@cache
def publisher() -> Publisher:
    """Notifications publishes nothing else: its answers go to the bus every function may put events on."""
    import boto3

    return Publisher(boto3.client("events"), os.environ[config.EVENT_BUS_NAME])
