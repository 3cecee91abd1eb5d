"""Monitoring's own event handlers, named by events.py and imported at the first event of their type: a
person's export and erasure (issue 14), monitoring's share, then its answer. (The parts' handlers are in
services/monitoring/{questionnaires,reports}/events.py.)"""

from __future__ import annotations

from services.monitoring import privacy
from services.monitoring.deps import publisher
from shared.privacy import answering

on_export_requested, on_erasure_requested = answering(privacy.PERSON_DATA, publisher)
