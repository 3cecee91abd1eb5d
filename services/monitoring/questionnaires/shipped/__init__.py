"""The questionnaires Tandem ships (issue 12), as data: one JSON file per kind, every text in en, de and pl.

A programme uses these as they are until a manager adapts one (then the programme's own versions count).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from services.monitoring.questionnaires.models import KINDS, Template
from shared.events.catalog import QuestionnaireKind

HERE = Path(__file__).parent


def shipped_id(kind: str) -> str:
    return f"shipped-{kind}"


@cache
def shipped(kind: QuestionnaireKind) -> Template:
    data = json.loads((HERE / f"{kind}.json").read_text(encoding="utf-8"))
    return Template.model_validate({**data, "template_id": shipped_id(kind)})


def all_shipped() -> list[Template]:
    return [shipped(kind) for kind in KINDS]
