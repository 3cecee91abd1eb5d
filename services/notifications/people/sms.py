"""SMS: fixed texts (ids, dates and links only, never what a person wrote), E.164 numbers only, at most
two segments, and none between 21:00 and 08:00 in the municipality's time zone (held until 08:00).
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from shared.languages import shipped_or_default

E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")

#: GSM 03.38: the basic set (one septet each) and the extension set (an escape and a septet: two).
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = frozenset("^{}\\[~]|€\f")
MAX_SEGMENTS = 2
QUIET_FROM, QUIET_UNTIL = time(21, 0), time(8, 0)

#: The texts, per template and language: `full`, and `short` for when full would take three segments.
TEXTS: dict[str, dict[str, dict[str, str]]] = {
    "session_moved": {
        "en": {
            "full": "{sender}: your mentoring session has moved to {starts}. Details: {link}",
            "short": "{sender}: session moved. {link}",
        },
        "de": {
            "full": "{sender}: Ihr Mentoring-Treffen ist verschoben auf {starts}. Einzelheiten: {link}",
            "short": "{sender}: Treffen verschoben. {link}",
        },
        "pl": {
            "full": "{sender}: spotkanie mentoringowe przeniesiono na {starts}. Szczegóły: {link}",
            "short": "{sender}: spotkanie przeniesiono. {link}",
        },
    },
    "mentor_absent": {
        "en": {
            "full": "{sender}: your mentor cannot come; the session is now {starts}. Details: {link}",
            "short": "{sender}: session moved. {link}",
        },
        "de": {
            "full": "{sender}: Ihr Mentor oder Ihre Mentorin ist verhindert; neu: {starts}. {link}",
            "short": "{sender}: Treffen verschoben. {link}",
        },
        "pl": {
            "full": "{sender}: mentor nie może przyjść; spotkanie jest teraz {starts}. Szczegóły: {link}",
            "short": "{sender}: spotkanie przeniesiono. {link}",
        },
    },
    "session_cancelled": {
        "en": {
            "full": "{sender}: your mentoring session of {starts} is cancelled. Details: {link}",
            "short": "{sender}: session cancelled. {link}",
        },
        "de": {
            "full": "{sender}: Ihr Mentoring-Treffen am {starts} fällt aus. Einzelheiten: {link}",
            "short": "{sender}: Treffen fällt aus. {link}",
        },
        "pl": {
            "full": "{sender}: spotkanie mentoringowe {starts} jest odwołane. Szczegóły: {link}",
            "short": "{sender}: spotkanie odwołane. {link}",
        },
    },
    # When an e-mail could not be delivered and the person allowed SMS: where to read it instead.
    "fallback": {
        "en": {"full": "{sender}: we could not e-mail you. Please read your message in Tandem: {link}"},
        "de": {"full": "{sender}: Wir konnten Ihnen keine E-Mail senden. Ihre Nachricht in Tandem: {link}"},
        "pl": {"full": "{sender}: nie mogliśmy wysłać e-maila. Wiadomość czeka w Tandem: {link}"},
    },
}


def e164(number: str | None) -> str | None:
    """The number in E.164, when it is one: the separators people type (spaces, brackets, slashes, dashes)
    dropped. A national number ("0151 ...") names no country, so it is not one."""
    if not number:
        return None
    compact = re.sub(r"[ ()/.-]", "", number)
    return compact if E164.match(compact) else None


def is_e164(number: str | None) -> bool:
    return e164(number) is not None


def segments(text: str) -> int:
    """How many SMS the text takes: GSM-7 160 (153 a part when split), else UCS-2 70 (67 a part),
    counting an extension character as two septets and a character beyond the BMP as two UTF-16 units."""
    if all(ch in GSM_BASIC or ch in GSM_EXTENDED for ch in text):
        septets = sum(2 if ch in GSM_EXTENDED else 1 for ch in text)
        return 1 if septets <= 160 else -(-septets // 153)
    units = len(text.encode("utf-16-le")) // 2
    return 1 if units <= 70 else -(-units // 67)


def compose(
    template: str, language: str, *, sender: str, link: str, starts: datetime | None, zone: str
) -> str:
    """The text in the person's language, in at most two segments: the full wording, else the short one,
    else the short one with the sender's name cut (the link always stays whole)."""
    lang = shipped_or_default(language)
    wordings = TEXTS[template][lang]
    when = format_datetime(starts.astimezone(ZoneInfo(zone)), "short", locale=lang) if starts else ""
    for key in ("full", "short"):
        if key in wordings:
            text = wordings[key].format(sender=sender, link=link, starts=when)
            if segments(text) <= MAX_SEGMENTS:
                return text
    shortest = wordings.get("short", wordings["full"])
    name = sender
    while name:
        name = name[:-1]
        text = shortest.format(sender=name.rstrip() + "…" if name else "Tandem", link=link, starts=when)
        if segments(text) <= MAX_SEGMENTS:
            return text
    return link  # a link longer than two segments is not one Tandem makes


def quiet_until(now: datetime, zone: str) -> datetime | None:
    """When a text written `now` may be sent, if not now: 08:00 local the same or the next morning."""
    local = now.astimezone(ZoneInfo(zone))
    if QUIET_UNTIL <= local.time() < QUIET_FROM:
        return None
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + timedelta(days=1)
    return datetime.combine(day, QUIET_UNTIL, tzinfo=ZoneInfo(zone))
