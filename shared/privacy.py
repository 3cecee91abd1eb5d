"""What a service holds about a person, found, exported and erased by one rule per kind of item (issue 14).

Every partition key is `<tenant>#<KIND>`, so a service finds a person's items by querying each of its kinds
in the person's municipality and keeping the items that name one of the person's ids (their person id,
participant ids, and whatever ids a service adds, such as their applications'). No Scan: a query per kind.

Each service declares a rule for every kind in its table (a unit test checks none is missing):
`KEEP` (ids and facts only: a match, an aggregate), `DELETE`, or a function that returns the item
pseudonymised. A service may add a step of its own after the rules (a schedule to cancel, say).
Erasing twice is harmless: what is gone is not found again, and a pseudonymised item stays so.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shared.events.catalog.privacy import PersonErasureRequested, PersonExportRequested

#: The variable naming the bucket exports are written to (every events function and intake's API get it).
EXPORT_BUCKET_NAME = "EXPORT_BUCKET_NAME"
#: Every export's objects live under this prefix; the bucket's lifecycle rule expires them after 7 days.
EXPORT_PREFIX = "exports"
EXPORT_DAYS = 7

Item = dict[str, Any]
#: Kinds never read for a person: a consumer's claims of handled event ids (the most numerous items of
#: every table, and never about anyone).
BOOKKEEPING = frozenset({"EVENT"})


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


#: The item names the person by id only (a match, a count): it stays as it is.
KEEP = _Keep()


def DELETE(found: Found, ctx: Erasing) -> None:
    """The item is the person's: it goes."""
    return None


Rule = _Keep | Callable[["Found", "Erasing"], "Item | None"]


@dataclass(frozen=True)
class Found:
    kind: str
    item: Item

    @property
    def sk(self) -> str:
        return str(self.item["sk"])

    def document(self, attribute: str = "document") -> Any:
        raw = self.item.get(attribute)
        return json.loads(raw) if isinstance(raw, str) else raw

    def with_document(self, document: Any, attribute: str = "document") -> Item:
        return {**self.item, attribute: json.dumps(document)}


@dataclass
class Erasing:
    """What one erasure in one service sees: the municipality, the person's ids, everything found."""

    tenant_id: str
    ids: frozenset[str]
    found: list[Found]
    table: Any
    deleted: int = 0
    pseudonymised: int = 0

    def of_kind(self, kind: str) -> list[Found]:
        return [f for f in self.found if f.kind == kind]

    def delete(self, pk: str, sk: str) -> None:
        self.table.delete_item(Key={"pk": pk, "sk": sk})
        self.deleted += 1


def mentions(value: Any, ids: frozenset[str]) -> bool:
    """Whether a stored value (a JSON document kept as text included) names one of the ids."""
    if isinstance(value, str):
        return any(i in value for i in ids)
    if isinstance(value, Mapping):
        return any(mentions(v, ids) for v in value.values())
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(mentions(v, ids) for v in value)
    return False


def plain(value: Any) -> Any:
    """A stored value as JSON: documents kept as text parsed, numbers as numbers, sets as lists."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    return value


# boto3 (with s3transfer) at the first export or erasure, not in every cold start of the functions that
# only register these parts (issue 15); the services' own tables go through PynamoDB's botocore.
@cache
def _dynamodb() -> Any:
    import boto3

    return boto3.resource("dynamodb")


@cache
def _s3() -> Any:
    import boto3

    return boto3.client("s3")


def export_bucket() -> str:
    return os.environ[EXPORT_BUCKET_NAME]


def export_key(tenant_id: str, export_id: str, name: str) -> str:
    return f"{EXPORT_PREFIX}/{tenant_id}/{export_id}/{name}"


@dataclass
class PersonData:
    """One service's rules for what it holds about a person."""

    service: str
    table_name: Callable[[], str]
    rules: Mapping[str, Rule]
    #: A step after the rules: what the rules cannot reach by a mention (a schedule, a global item).
    after: Callable[[Erasing], None] | None = None
    #: More ids of the person this service knows (an application's id in intake, say).
    more_ids: Callable[[str, frozenset[str], list[Found]], Iterable[str]] | None = None
    #: Kinds whose items are the person's only when their sort key names them (a document mentioning the
    #: person in passing, such as another member's, is not theirs).
    by_key: frozenset[str] = field(default_factory=frozenset)
    #: Kinds shared by many people whose export is narrowed to the person's own part (a workshop's
    #: sign-ups name everyone who signed up): the item as the person's export shows it.
    exported: Mapping[str, Callable[[Found, frozenset[str]], Item]] = field(default_factory=dict)

    def _table(self) -> Any:
        return _dynamodb().Table(self.table_name())

    def _items(self, table: Any, tenant_id: str, kind: str) -> Iterable[Item]:
        from boto3.dynamodb.conditions import Key

        kwargs: dict[str, Any] = {"KeyConditionExpression": Key("pk").eq(f"{tenant_id}#{kind}")}
        while True:
            page = table.query(**kwargs)
            yield from page.get("Items", [])
            if "LastEvaluatedKey" not in page:
                return
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def find(self, tenant_id: str, ids: Iterable[str]) -> tuple[frozenset[str], list[Found]]:
        table = self._table()
        everything = [
            Found(kind, item)
            for kind in sorted(set(self.rules) - BOOKKEEPING)
            for item in self._items(table, tenant_id, kind)
        ]
        known = frozenset(i for i in ids if i)
        if self.more_ids:
            known = known | frozenset(self.more_ids(tenant_id, known, everything))
        found = [
            f
            for f in everything
            if (mentions(f.sk, known) if f.kind in self.by_key else mentions(f.item, known))
        ]
        return known, found

    def export(self, tenant_id: str, ids: Iterable[str]) -> dict[str, Any]:
        """Everything this service holds about the person, as JSON, by kind of item."""
        known, found = self.find(tenant_id, ids)
        by_kind: dict[str, list[Any]] = {}
        for f in found:
            if f.kind in ("EVENT", "IDEMPOTENCY"):
                continue  # the service's own bookkeeping, not data about the person
            own = self.exported[f.kind](f, known) if f.kind in self.exported else f.item
            item = {k: plain(v) for k, v in own.items() if k not in ("pk", "ttl")}
            by_kind.setdefault(f.kind.lower(), []).append(item)
        return {"service": self.service, "items": by_kind}

    def write_export(self, tenant_id: str, export_id: str, ids: Iterable[str]) -> str:
        part = self.export(tenant_id, ids)
        key = export_key(tenant_id, export_id, f"{self.service}.json")
        _s3().put_object(
            Bucket=export_bucket(),
            Key=key,
            Body=json.dumps(part, ensure_ascii=False, indent=1).encode(),
            ContentType="application/json",
        )
        return key

    def erase(self, tenant_id: str, ids: Iterable[str]) -> Erasing:
        table = self._table()
        known, found = self.find(tenant_id, ids)
        ctx = Erasing(tenant_id, known, found, table)
        for f in found:
            rule = self.rules[f.kind]
            if isinstance(rule, _Keep):
                continue
            replaced = rule(f, ctx)
            if replaced is None:
                ctx.delete(f.item["pk"], f.item["sk"])
            elif replaced != f.item:
                table.put_item(Item=replaced)
                ctx.pseudonymised += 1
        if self.after:
            self.after(ctx)
        return ctx


def kinds_of(table_name: str, *bases: type) -> set[str]:
    """Every kind of item stored in a table, from the models (for the test that each has a rule)."""
    out: set[str] = set()
    seen: list[type] = list(bases)
    while seen:
        cls = seen.pop()
        seen.extend(cls.__subclasses__())
        kind = cls.__dict__.get("KIND")
        meta = getattr(cls, "Meta", None)
        if kind and getattr(meta, "table_name", None) == table_name:
            out.add(kind)
    return out


def answering_handlers(
    data: PersonData, publisher: Callable[[], Any]
) -> dict[type[Any], Callable[[Any, Any], None]]:
    """A service's events handlers for PersonExportRequested and PersonErasureRequested: do its part, then
    answer with PersonExportWritten / PersonErased (sent by this service)."""
    from shared.events.catalog.privacy import PersonErasureRequested, PersonExportRequested

    on_export, on_erasure = answering(data, publisher)
    return {PersonExportRequested: on_export, PersonErasureRequested: on_erasure}


#: Where a handlers module binds `answering`'s two handlers, for a consumer that names them (issue 15).
ANSWERING_NAMES = {
    "PersonExportRequested": "on_export_requested",
    "PersonErasureRequested": "on_erasure_requested",
}


def answering_names(module: str) -> dict[str, str]:
    """A consumer's names of the answering handlers `module` binds as
    `on_export_requested, on_erasure_requested = answering(PERSON_DATA, publisher)`."""
    return {event: f"{module}:{function}" for event, function in ANSWERING_NAMES.items()}


def answering(
    data: PersonData, publisher: Callable[[], Any]
) -> tuple[Callable[[Any, PersonExportRequested], None], Callable[[Any, PersonErasureRequested], None]]:
    """A service's handlers of PersonExportRequested and PersonErasureRequested: do its part, then answer
    with PersonExportWritten / PersonErased (sent by this service)."""
    from shared.events.catalog.privacy import PersonErased, PersonExportWritten

    def on_export(meta: Any, event: PersonExportRequested) -> None:
        data.write_export(meta.tenant_id, event.export_id, [event.person_id, *event.participant_ids])
        publisher().publish_one(
            meta.tenant_id, PersonExportWritten(export_id=event.export_id, service=data.service)
        )

    def on_erasure(meta: Any, event: PersonErasureRequested) -> None:
        data.erase(meta.tenant_id, [event.person_id, *event.participant_ids])
        publisher().publish_one(
            meta.tenant_id,
            PersonErased(
                erasure_id=event.erasure_id,
                person_id=event.person_id,
                participant_ids=list(event.participant_ids),
                service=data.service,
            ),
        )

    return on_export, on_erasure


def delete_export_objects(tenant_id: str, export_id: str) -> None:
    """An erased person's exports go too (they hold everything the erasure removes)."""
    prefix = export_key(tenant_id, export_id, "")
    listed = _s3().list_objects_v2(Bucket=export_bucket(), Prefix=prefix)
    for obj in listed.get("Contents", []):
        _s3().delete_object(Bucket=export_bucket(), Key=obj["Key"])
