"""Every events function names its handlers rather than importing them (issue 15: a handler imports in
300 ms), so nothing at import checks a name. This does: in a fresh interpreter per function (the cloud's
environment, as tests/bench/test_cold_start.py gives it), every event type the consumer names is an event
of the catalogue, and every handler named for it imports and is a callable taking that event.

Also: every event type the function's subscriptions bring has a handler (else it would fail into the DLQ),
and the parts whose handlers are listed by name beside a mapping of models say the same event types.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from shared.manifest import ServiceSpec, load_services
from tests.bench.test_cold_start import _environment

ROOT = Path(__file__).resolve().parents[2]

#: Run in the function's environment: the consumer's names resolved, each handler's event parameter read.
_PROBE = """
import inspect, json, sys, typing, types, importlib
from shared.events import catalog
from shared.events.consumer import Consumer
from shared.events.envelope import EventData

module = importlib.import_module(sys.argv[1])
(consumer,) = {id(v): v for v in vars(module).values() if isinstance(v, Consumer)}.values()
names = {n: getattr(catalog, n) for n in catalog._WHERE}

def accepted(hint):
    if hint is typing.Any:
        return None
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return [a for h in typing.get_args(hint) for a in accepted(h) or []]
    return [hint]

out = {"module_loaded_at_import": [], "types": {}}
for event_type in consumer.event_types:
    model, handlers = consumer.handlers_of(event_type)
    takes = []
    for fn in handlers:
        params = list(inspect.signature(fn).parameters)
        hints = typing.get_type_hints(fn, globalns=getattr(fn, "__globals__", {}), localns=names)
        kinds = accepted(hints.get(params[1], typing.Any)) if len(params) == 2 else ["not (meta, data)"]
        takes.append(
            True if kinds is None else any(isinstance(k, type) and issubclass(model, k) for k in kinds)
        )
    out["types"][event_type] = {"model": model.event_type(), "takes": takes, "count": len(handlers)}
print(json.dumps(out))
"""


def _events_functions() -> list[ServiceSpec]:
    return [spec for spec in load_services() if spec.events_handler]


def _probe(spec: ServiceSpec) -> dict:
    module = spec.events_handler.rpartition(".")[0]  # type: ignore[union-attr]
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, module],
        cwd=ROOT,
        env=_environment(spec),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.parametrize("spec", _events_functions(), ids=lambda s: s.name)
def test_every_named_handler_resolves_to_a_callable_taking_its_event(spec: ServiceSpec) -> None:
    found = _probe(spec)["types"]
    assert found, f"{spec.name} names no handler"
    for event_type, seen in found.items():
        assert seen["model"] == event_type
        assert seen["count"] >= 1 and all(seen["takes"]), (
            f"{spec.name}: a handler of {event_type} takes another event"
        )
    # What the subscriptions bring, the consumer handles (an unhandled type would only fill the DLQ).
    assert set(spec.consumed_event_types) <= set(found), spec.name


def test_the_reports_part_names_every_event_its_projection_applies() -> None:
    from services.monitoring import reports
    from services.monitoring.reports.logic.projection import APPLY

    assert set(reports.HANDLERS) == {model.event_type() for model in APPLY}


def test_notifications_names_every_event_type_its_handlers_handle() -> None:
    spec = next(s for s in load_services() if s.name == "notifications")
    code = (
        "import json; from services.notifications import events, handlers; "
        "print(json.dumps([sorted(events.EVENT_TYPES), sorted(m.event_type() for m in handlers.HANDLERS)]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_environment(spec),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    named, handled = json.loads(done.stdout.splitlines()[-1])
    assert named == handled


def test_an_events_function_imports_none_of_its_handlers_until_an_event_arrives() -> None:
    for spec in _events_functions():
        module = spec.events_handler.rpartition(".")[0]  # type: ignore[union-attr]
        ours = "m.startswith('services.') and m.endswith(('.handlers', '.events'))"
        code = f"import sys, {module}; print(sorted(m for m in sys.modules if {ours}))"
        done = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=_environment(spec),
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        loaded = set(json.loads(done.stdout.replace("'", '"')))
        assert loaded == {module}, (spec.name, loaded)


def test_the_partners_network_scope_is_the_storage_network() -> None:
    from services.notifications.partners.models import NETWORK_SCOPE
    from shared.storage import NETWORK

    assert NETWORK_SCOPE == NETWORK
