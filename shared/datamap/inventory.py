"""What Tandem stores and sends: every field of every stored item, of every pydantic model kept in an
item's `document`, and of every event in the catalogue, each with its data class and retention.

The tables' items are found by walking the PynamoDB models of every service's records and stores; the
model a `document` holds is the record's `to_domain` type or, where a store validates it itself, named in
`DOCUMENTS` below. A record with a document and no model named, or a field with no class, is a finding.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from types import NoneType, UnionType
from typing import Any, get_args, get_origin

from pydantic import BaseModel  # noqa: TID251 -- walks any pydantic model, ours or not
from pynamodb.attributes import Attribute
from pynamodb.models import Model

from shared.datamap.classes import DataClass, classify, retention_of

#: Modules that declare a service's items (imported so that their PynamoDB models exist).
STORE_MODULES = ("records", "store")
#: The shared items every service keeps (idempotent answers, handled events).
SHARED_ITEM_MODULES = ("shared.storage.processed", "shared.storage.idempotency")
#: Keys and bookkeeping every item has: named once, not per item.
ITEM_BOOKKEEPING = {"pk", "sk", "gsi1pk", "gsi1sk", "ttl", "version"}

_REPORTS = "services.monitoring.reports.models"
#: record (module.Class) → the pydantic models its `document` holds, where `to_domain` does not say.
DOCUMENTS: dict[str, tuple[str, ...]] = {
    "services.intake.records.AuditRecord": ("services.intake.models.AuditEntry",),
    "services.intake.records.LinkRecord": ("services.intake.models.AccountLink",),
    "services.intake.records.ConsentsRecord": ("services.intake.consents.models.Consents",),
    "services.intake.records.ErasureRequestRecord": ("services.intake.consents.models.ErasureRequest",),
    "services.intake.records.RetentionRecord": ("services.intake.retention.rules.RetentionPeriods",),
    "services.intake.assessments.store.AttemptRecord": ("services.intake.assessments.models.AttemptResult",),
    "services.intake.privacy.store.ExportRecord": ("services.intake.privacy.models.Export",),
    "services.intake.privacy.store.ErasureRecord": ("services.intake.privacy.models.Erasure",),
    "services.intake.privacy.store.LedgerRecord": ("services.intake.privacy.models.LedgerEntry",),
    "services.intake.audit.store.TrailRecord": ("services.intake.audit.models.TrailEntry",),
    "services.intake.audit.store.AdminTrailRecord": ("services.intake.audit.models.TrailEntry",),
    "services.matching.records.ProgrammeRecord": ("services.matching.models.ProgrammeSettings",),
    "services.matching.records.RunRecord": ("services.matching.run_models.MatchingRun",),
    "services.matching.records.RunPartRecord": (
        "services.matching.run_models.RunProposal",
        "services.matching.run_models.UnmatchedParticipant",
    ),
    "services.sessions.store.ProgrammeRecord": ("services.sessions.models.Programme",),
    "services.sessions.store.ParticipantRecord": ("services.sessions.models.Participant",),
    "services.sessions.store.RelationshipRecord": ("services.sessions.models.Relationship",),
    "services.sessions.store.AgreementRecord": ("services.sessions.models.Agreement",),
    "services.sessions.store.AgreementTemplateRecord": ("services.sessions.models.AgreementTemplate",),
    "services.sessions.store.GoalsRecord": ("services.sessions.models.Goals",),
    "services.sessions.store.PlanRecord": ("services.sessions.models.Plan",),
    "services.sessions.store.DiaryRecord": ("services.sessions.models.Diary",),
    "services.sessions.store.ReflectionRecord": ("services.sessions.models.Reflection",),
    "services.sessions.store.WorkPlanRecord": ("services.sessions.models.WorkPlan",),
    "services.sessions.store.FeedbackRecord": ("services.sessions.models.TalkFeedback",),
    "services.sessions.store.PeerPostRecord": ("services.sessions.models.PeerPost",),
    "services.sessions.store.EmployerLinkRecord": ("services.sessions.models.EmployerLink",),
    "services.sessions.store.MidtermRecord": ("services.sessions.models.MidtermRatings",),
    "services.intake.store.employers.EmployerLinkRecord": ("services.intake.employers.models.EmployerLink",),
    "services.monitoring.questionnaires.store.ProgrammeRecord": (
        "services.monitoring.questionnaires.models.Programme",
    ),
    "services.monitoring.questionnaires.store.ParticipantRecord": (
        "services.monitoring.questionnaires.models.Participant",
    ),
    "services.monitoring.questionnaires.store.RelationshipRecord": (
        "services.monitoring.questionnaires.models.Relationship",
    ),
    "services.monitoring.questionnaires.store.TemplateRecord": (
        "services.monitoring.questionnaires.models.Template",
    ),
    "services.monitoring.questionnaires.store.TemplateUseRecord": (
        "services.monitoring.questionnaires.models.TemplateUse",
    ),
    "services.monitoring.questionnaires.store.AssignmentRecord": (
        "services.monitoring.questionnaires.models.Assignment",
    ),
    "services.monitoring.questionnaires.store.MidtermRecord": (
        "services.monitoring.questionnaires.models.MidtermReview",
    ),
    "services.monitoring.questionnaires.store.FinalRecord": (
        "services.monitoring.questionnaires.models.FinalReview",
    ),
    "services.monitoring.questionnaires.store.OutcomeRecord": (
        "services.monitoring.questionnaires.models.OutcomeHistory",
    ),
    "services.monitoring.reports.store.ReportRecord": tuple(
        f"{_REPORTS}.{name}"
        for name in (
            "Summary",
            "TenantTotals",
            "ApplicationRow",
            "PersonRow",
            "RelationshipRow",
            "SessionRow",
            "AssignmentRow",
            "ParticipantIndex",
            "PseudonymKey",
            "RiskSweep",
        )
    ),
    "services.notifications.store.MatchRecord": ("services.notifications.models.MatchInfo",),
    "services.notifications.store.SessionRecord": ("services.notifications.models.SessionInfo",),
    "services.notifications.reminders.store.MatchRecord": ("services.notifications.models.MatchInfo",),
    "services.notifications.reminders.store.SessionRecord": ("services.notifications.models.SessionInfo",),
    "services.notifications.partners.store.SubscriptionRecord": (
        "services.notifications.partners.models.Subscription",
    ),
    "services.notifications.partners.store.FailedDeliveryRecord": (
        "services.notifications.partners.models.DeliveryAttempt",
    ),
}


@dataclass(frozen=True)
class Field:
    service: str
    source: str  # "table" or "event"
    owner: str  # the item, document model or event, as the map shows it
    path: str  # the field, dotted into nested models
    data_class: DataClass | None
    retention: str


@dataclass(frozen=True)
class Finding:
    owner: str
    path: str
    problem: str


def _named(dotted: str) -> Any:
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    """The pydantic models an annotation holds (list[X], X | None, dict[str, X] ...)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    if get_origin(annotation) is not None or isinstance(annotation, UnionType):
        for arg in get_args(annotation):
            if arg is not NoneType:
                yield from _models_in(arg)


def model_fields(
    model: type[BaseModel], prefix: str = "", seen: frozenset[type] = frozenset()
) -> Iterator[str]:
    """Every field of a model, nested models' fields dotted under their field's name."""
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        nested = [m for m in _models_in(info.annotation) if m not in seen]
        if not nested:
            yield path
        for inner in nested:
            yield from model_fields(inner, f"{path}.", seen | {model})


def _service_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if parts[0] == "services" else "shared"


def _item_models() -> list[type[Model]]:
    import services

    for info in pkgutil.walk_packages(services.__path__, "services."):
        leaf = info.name.rsplit(".", 1)[-1]
        if leaf in STORE_MODULES or ".store." in info.name:
            importlib.import_module(info.name)
    for name in SHARED_ITEM_MODULES:
        importlib.import_module(name)
    found: dict[str, type[Model]] = {}
    todo = list(Model.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        meta = getattr(cls, "Meta", None)
        an_item = getattr(cls, "KIND", None) and meta is not None and hasattr(meta, "table_name")
        # A store may make one class per kind at run time (reports): its module's class stands for them.
        if an_item and getattr(sys.modules[cls.__module__], cls.__name__, None) is cls:
            found[f"{cls.__module__}.{cls.__name__}"] = cls
    return [found[k] for k in sorted(found)]


def _document_models(cls: type[Model]) -> tuple[type[BaseModel], ...] | None:
    dotted = f"{cls.__module__}.{cls.__name__}"
    if dotted in DOCUMENTS:
        return tuple(_named(n) for n in DOCUMENTS[dotted])
    to_domain = getattr(cls, "to_domain", None)
    if to_domain is not None:
        returned = typing.get_type_hints(to_domain).get("return")
        return tuple(_models_in(returned)) or None
    return None


def _field(service: str, source: str, owner: str, path: str, retention_owner: str) -> Field:
    return Field(service, source, owner, path, classify(owner, path), retention_of(retention_owner, path))


def table_fields() -> tuple[list[Field], list[Finding]]:
    fields: list[Field] = []
    findings: list[Finding] = []
    for cls in _item_models():
        service, item = _service_of(cls.__module__), f"{cls.__name__} ({getattr(cls, 'KIND', '')})"
        key = f"{service}.{cls.__name__}"
        attributes: dict[str, Attribute[Any]] = cls.get_attributes()
        for name in sorted(set(attributes) - ITEM_BOOKKEEPING):
            if name == "document":
                models = _document_models(cls)
                if not models:
                    findings.append(Finding(item, "document", "no model named for the document (DOCUMENTS)"))
                    continue
                for model in models:
                    for path in model_fields(model):
                        fields.append(_field(service, "table", f"{item} → {model.__name__}", path, key))
                continue
            fields.append(_field(service, "table", item, name, key))
    return fields, findings


def event_fields() -> list[Field]:
    from shared.events.catalog.registry import EVENTS

    return [
        _field(model.producer, "event", model.event_type(), path, "event")
        for model in sorted(EVENTS, key=lambda m: (m.producer, m.event_type()))
        for path in model_fields(model)
    ]


def inventory() -> tuple[list[Field], list[Finding]]:
    """Every field, and what the map lacks: a field without a class, a document without a model."""
    stored, findings = table_fields()
    every = stored + event_fields()
    findings += [Finding(f.owner, f.path, "no data class") for f in every if f.data_class is None]
    return every, findings
