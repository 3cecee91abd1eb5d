"""How a message is dressed for its reader: the HTML part made from the text (one wording per template and
language, so the two parts never drift apart), the one-click unsubscribe token, and addresses masked for
the delivery log. Plain Python, no AWS.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from shared.languages import shipped_or_default

_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(("html",)),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)]")

#: What the HTML part's footer says (the text part ends with the template's own signature).
FOOTER = {
    "en": ("Why you get this: you take part in a programme of {name}.", "Stop these e-mails"),
    "de": ("Sie erhalten diese Nachricht, weil Sie an einem Programm von {name} teilnehmen.", "Abbestellen"),
    "pl": ("Otrzymujesz tę wiadomość, ponieważ uczestniczysz w programie {name}.", "Wypisz się"),
}


def _paragraph(text: str) -> Markup:
    """One paragraph: escaped, its links clickable, its lines kept."""
    out: list[str] = []
    last = 0
    for found in _URL.finditer(text):
        out.append(str(escape(text[last : found.start()])))
        url = found.group(0)
        out.append(f'<a href="{escape(url)}">{escape(url)}</a>')
        last = found.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out).replace("\n", "<br>\n"))  # noqa: S704 - every piece is escaped above


def html_part(
    subject: str, body: str, language: str, sender_name: str | None, unsubscribe_url: str | None
) -> str:
    lang = shipped_or_default(language)
    paragraphs = [_paragraph(p.strip("\n")) for p in re.split(r"\n\s*\n", body) if p.strip()]
    why, stop = FOOTER[lang]
    return _env.get_template("mail.html").render(
        lang=lang,
        subject=subject,
        paragraphs=paragraphs,
        why=why.format(name=sender_name or "Tandem"),
        stop=stop,
        unsubscribe_url=unsubscribe_url,
    )


# --- one-click unsubscribe ---------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def unsubscribe_token(key: bytes, tenant_id: str, person_id: str) -> str:
    """`<tenant and person, base64url>.<HMAC-SHA256, 128 bits>`: the link is the key, nothing is stored."""
    payload = _b64(f"{tenant_id}\n{person_id}".encode())
    mac = hmac.new(key, payload.encode(), hashlib.sha256).digest()[:16]
    return f"{payload}.{_b64(mac)}"


def read_unsubscribe_token(key: bytes, token: str) -> tuple[str, str] | None:
    """(tenant id, person id) of a genuine token; None for anything else."""
    payload, _, mac = token.partition(".")
    if not payload or not mac or len(token) > 400:
        return None
    expected = _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest()[:16])
    if not hmac.compare_digest(expected.encode(), mac.encode()):
        return None
    try:
        text = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
    except ValueError:
        return None
    tenant_id, sep, person_id = text.partition("\n")
    return (tenant_id, person_id) if sep and tenant_id and person_id else None


# --- the delivery log shows where, never to whom in full --------------------------------------------


def mask_email(address: str) -> str:
    """`a***@e***.org`: enough to tell two addresses apart, not enough to write to."""
    local, _, domain = address.partition("@")
    host, _, tld = domain.rpartition(".")
    return f"{local[:1]}***@{host[:1]}***.{tld}" if host else f"{local[:1]}***"


def mask_phone(number: str) -> str:
    """`+49*******67`: the country code and the last two digits."""
    if len(number) < 6:
        return "***"
    country = number[:3]
    return f"{country}{'*' * (len(number) - 5)}{number[-2:]}"
