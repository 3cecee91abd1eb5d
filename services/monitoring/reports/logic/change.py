"""One event's change to the projections: the documents it reads and changes, saved together.

The programme's summary moves by what the changed documents add after the change minus what they added
before, and the municipality's totals in the network's partition move by the same amount, in the same
transaction: an event is applied whole or not at all (a failure releases its claim and it is retried).
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from services.monitoring.reports.logic.ports import ReportStore, Write
from services.monitoring.reports.models import Counters, Document, Summary, TenantTotals, add, summary_key
from services.monitoring.reports.models import tenant_key as totals_key
from shared.storage import NETWORK

D = TypeVar("D", bound=Document)


def load(store: ReportStore, tenant_id: str, model: type[D], key: str) -> D | None:
    found = store.read(tenant_id, key)
    if found is None:
        return None
    doc = model.model_validate(found.document)
    doc.revision = found.revision
    return doc


def _dumped(doc: Document) -> str:
    return json.dumps(doc.model_dump(mode="json"), sort_keys=True)


class Change:
    def __init__(self, store: ReportStore, tenant_id: str, programme_id: str | None = None) -> None:
        self.store = store
        self.tenant_id = tenant_id
        self._docs: dict[str, Document] = {}
        self._before: dict[str, Counters] = {}
        self._loaded: dict[str, str] = {}
        self.summary: Summary | None = None
        if programme_id is not None:
            self.summary = self.get_or(Summary, summary_key(programme_id), programme_id=programme_id)

    def get(self, model: type[D], key: str) -> D | None:
        if key in self._docs:
            return self._docs[key]  # type: ignore[return-value]
        doc = load(self.store, self.tenant_id, model, key)
        if doc is not None:
            self._keep(key, doc)
        return doc

    def get_or(self, model: type[D], key: str, **fields: Any) -> D:
        found = self.get(model, key)
        if found is not None:
            return found
        made = model(**fields)
        self._docs[key] = made
        self._before[key] = {}
        return made

    def _keep(self, key: str, doc: Document) -> None:
        self._docs[key] = doc
        self._before[key] = doc.contribution()
        self._loaded[key] = _dumped(doc)

    def documents(self, model: type[D]) -> list[D]:
        return [d for d in self._docs.values() if isinstance(d, model)]

    def commit(self) -> None:
        writes: list[Write] = []
        delta: Counters = {}
        for key, doc in self._docs.items():
            if doc is self.summary:
                continue
            add(delta, self._before[key], -1)
            add(delta, doc.contribution())
        if self.summary is not None and delta:
            add(self.summary.counters, delta)
            totals = load(self.store, NETWORK, TenantTotals, totals_key(self.tenant_id)) or TenantTotals(
                tenant_id=self.tenant_id
            )
            add(totals.counters, delta)
            writes.append(_write(NETWORK, totals))
        for key, doc in self._docs.items():
            if self._loaded.get(key) != _dumped(doc):
                writes.append(_write(self.tenant_id, doc))
        if writes:
            self.store.commit(writes)


def _write(tenant_id: str, doc: Document) -> Write:
    return Write(tenant_id, doc.key(), doc.model_dump(mode="json"), doc.revision)
