"""Putting an export together once every service wrote its part: `export.json` (machine-readable, Art. 20)
and `export.html` (readable, in the person's language, every value escaped)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from services.intake.privacy.models import Export
from shared.events.catalog.privacy import ANSWERING_SERVICES
from shared.privacy import _s3, export_bucket, export_key

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Your data in Tandem",
        "intro": "Everything each part of Tandem holds about you, as of",
        "nothing": "Nothing held.",
        "intake": "Applications and participation",
        "matching": "Matching",
        "sessions": "Relationships, sessions and diaries",
        "monitoring": "Questionnaires and reviews",
        "notifications": "Contact details and messages",
    },
    "de": {
        "title": "Ihre Daten in Tandem",
        "intro": "Alles, was jeder Teil von Tandem über Sie speichert, Stand",
        "nothing": "Nichts gespeichert.",
        "intake": "Bewerbungen und Teilnahme",
        "matching": "Zuordnung",
        "sessions": "Tandems, Treffen und Tagebücher",
        "monitoring": "Fragebögen und Auswertungen",
        "notifications": "Kontaktdaten und Nachrichten",
    },
    "pl": {
        "title": "Twoje dane w Tandem",
        "intro": "Wszystko, co każda część Tandem przechowuje o Tobie, stan na",
        "nothing": "Nic nie jest przechowywane.",
        "intake": "Zgłoszenia i udział",
        "matching": "Dobieranie par",
        "sessions": "Relacje, spotkania i dzienniki",
        "monitoring": "Ankiety i oceny",
        "notifications": "Dane kontaktowe i wiadomości",
    },
}


@cache
def _templates() -> Environment:
    return Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=select_autoescape(["html"], default=True),
    )


def _part(export: Export, service: str) -> Any:
    key = export_key(export.tenant_id, export.export_id, f"{service}.json")
    body = _s3().get_object(Bucket=export_bucket(), Key=key)["Body"].read()
    return json.loads(body)


def assemble(export: Export) -> None:
    parts = {service: _part(export, service) for service in ANSWERING_SERVICES}
    generated_at = datetime.now(UTC)
    whole = {
        "export_id": export.export_id,
        "person_id": export.person_id,
        "participant_ids": export.participant_ids,
        "generated_at": generated_at.isoformat(),
        "services": {s: p.get("items", {}) for s, p in parts.items()},
    }
    language = next((lang for lang in export.languages if lang in TEXTS), "en")
    html = (
        _templates()
        .get_template("export.html")
        .render(lang=language, t=TEXTS[language], export=whole, services=ANSWERING_SERVICES)
    )
    bucket = export_bucket()
    _s3().put_object(
        Bucket=bucket,
        Key=export_key(export.tenant_id, export.export_id, "export.html"),
        Body=html.encode(),
        ContentType="text/html; charset=utf-8",
    )
    _s3().put_object(
        Bucket=bucket,
        Key=export_key(export.tenant_id, export.export_id, "export.json"),
        Body=json.dumps(whole, ensure_ascii=False, indent=1).encode(),
        ContentType="application/json",
    )
