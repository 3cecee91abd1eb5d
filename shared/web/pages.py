"""What every signed-in page does, in one place: who is visiting, in which language, with which links;
the CSRF check on every post; rendering on the shared layout; redirects with a flash message.

A service makes one `WebPages` over its templates and messages. A route then reads:

    visit = web.visit(app.current_event, tenant_slug, Role.MANAGER)
    ...call the service's logic with visit.principal...
    return web.render(visit, "programme.html", programme=programme)

Nobody signed in: `SignInRequired`, answered with a redirect to the municipality's sign-in page and back.
The wrong role: `Forbidden`, answered with the 403 page (shared/http.py turns errors on `/app/**` into
pages, never problem+json).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlencode, urlsplit
from zoneinfo import ZoneInfo

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.shared.cookies import Cookie

from shared.auth import Principal, Role
from shared.errors import CsrfRejected, Forbidden, SignInRequired
from shared.i18n import Catalogues, format_date, format_datetime, format_number
from shared.web import nav, session
from shared.web.session import CSRF_FIELD, Session
from shared.web.session import language_cookie as session_cookies_language

if TYPE_CHECKING:
    from jinja2 import Environment

HTML = "text/html; charset=utf-8"
SHARED_TEMPLATES = Path(__file__).parent / "templates"
SHARED_MESSAGES = Catalogues(Path(__file__).parent / "messages")
#: Languages the signed-in pages ship in (a language is shipped when the shared catalogue has it).
LANGUAGES = SHARED_MESSAGES.shipped
#: The longest `next` kept (the sign-in pages take up to 2000 characters in the query).
_NEXT_MAX = 2000


#: The municipality's language as the page being answered knew it: (the request's event, the language). The
#: error page of that same request (the same event object) speaks it too; shared code cannot look it up.
_municipality_language: list[tuple[Mapping[str, Any], str]] = []


def municipality_language(event: Mapping[str, Any]) -> str | None:
    """The default language a page of this request named, if any (for its error page)."""
    return next((lang for seen, lang in _municipality_language if seen is event), None)


def sign_in_path(slug: str | None, next_path: str | None = None) -> str:
    base = f"/app/{slug}/sign-in" if slug else "/app/network/sign-in"
    return f"{base}?{urlencode({'next': next_path})}" if next_path else base


def safe_next(value: str | None, slug: str | None) -> str | None:
    """A path to return to after signing in: only one of this municipality's own pages (no open redirect)."""
    if not value or len(value) > _NEXT_MAX:
        return None
    parts = urlsplit(value)
    prefix = f"/app/{slug or 'network'}"
    if parts.scheme or parts.netloc or "\\" in value or not value.startswith("/"):
        return None
    # No control characters or spaces (a header split, a path a browser would trim), and no dot segments:
    # a browser resolves `/app/demo/../other/` (also spelt %2e%2e) to another municipality's page.
    if any(ord(ch) <= 0x20 or ord(ch) == 0x7F for ch in value) or any(
        ord(ch) < 0x20 or ord(ch) == 0x7F for ch in unquote(value)
    ):
        return None
    if any(segment in (".", "..") for segment in unquote(parts.path).split("/")):
        return None
    if parts.path != prefix and not parts.path.startswith(prefix + "/"):
        return None
    return value


@dataclass
class Visit:
    """One request to a signed-in page: who, where, in which language, and what the answer must set."""

    event: Mapping[str, Any]
    path: str
    query: dict[str, str]
    slug: str | None
    principal: Principal | None
    session: Session
    lang: str
    texts: Any  # the WebPages translating for this visit
    programme_id: str | None = None
    cookies: list[Cookie] = field(default_factory=list)

    def t(self, key: str, **values: object) -> str:
        return str(self.texts.text(self.lang, key, **values))

    @property
    def signed_in(self) -> Principal:
        assert self.principal is not None  # visit() let nobody else through
        return self.principal

    def app_path(self, *parts: str) -> str:
        """A path in this municipality's pages: app_path("programmes", pid) → /app/<slug>/programmes/<pid>."""
        base = f"/app/{self.slug}" if self.slug else "/app/network"
        return "/".join([base, *[p.strip("/") for p in parts if p]])

    def date(self, value: Any, style: str = "medium") -> str:
        return format_date(value, self.lang, style) if value else ""  # type: ignore[arg-type]

    def datetime(self, value: Any, zone: str = "UTC", style: str = "medium") -> str:
        return format_datetime(value, self.lang, ZoneInfo(zone), style) if value else ""  # type: ignore[arg-type]

    def number(self, value: float | int) -> str:
        return format_number(value, self.lang)

    def with_query(self, **changes: str | None) -> str:
        """This page with some query parameters changed (a filter, the language)."""
        query = {**self.query, **changes}
        kept = {k: v for k, v in query.items() if v}
        return self.path + ("?" + urlencode(kept) if kept else "")


class WebPages:
    def __init__(
        self, templates: Path | None = None, messages: Catalogues | None = None, *also: Path
    ) -> None:
        """`templates` first, then `also` (another part's macros), then the shared layout."""
        self.folders = [str(f) for f in (templates, *also, SHARED_TEMPLATES) if f is not None]
        self.messages = messages

    @cached_property
    def env(self) -> Environment:
        # Made at the first page, not at import: an API request never renders one, and jinja2 is a fifth
        # of a handler's cold start (issue 15).
        from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

        return Environment(
            loader=ChoiceLoader([FileSystemLoader(f) for f in self.folders]),
            autoescape=select_autoescape(("html",)),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    # --- texts ---
    def text(self, lang: str, key: str, **values: object) -> str:
        if self.messages is not None and self.messages.has(key):
            return self.messages.text(lang, key, **values)
        return SHARED_MESSAGES.text(lang, key, **values)

    def language(
        self,
        session: Session,
        query: Mapping[str, str],
        principal: Principal | None,
        default: str | None = None,
    ) -> tuple[str, list[Cookie]]:
        """The language asked for in ?lang= (remembered), else remembered, else the person's, else the
        municipality's, else English."""
        shipped = LANGUAGES()
        asked = query.get("lang")
        if asked in shipped:
            return str(asked), ([session_cookies_language(str(asked))] if asked != session.language else [])
        for candidate in (session.language, principal.locale if principal else None, default):
            if candidate in shipped:
                return str(candidate), []
        return SHARED_MESSAGES.fallback, []

    # --- who is visiting ---
    def open(
        self, event: Mapping[str, Any], slug: str | None, *, default_language: str | None = None
    ) -> Visit:
        """A visit by anyone (the sign-in pages): the session read, the language chosen."""
        if default_language:
            # One entry, this request's: a function answers one request at a time.
            _municipality_language[:] = [(event, default_language)]
        state = session.open_session(event)
        query = {k: v for k, v in (event.get("queryStringParameters") or {}).items() if isinstance(v, str)}
        lang, cookies = self.language(state, query, state.principal, default_language)
        return Visit(
            event=event,
            path=str(event.get("path") or ""),
            query=query,
            slug=slug,
            principal=state.principal,
            session=state,
            lang=lang,
            texts=self,
            cookies=[*state.cookies, *cookies],
        )

    def visit(
        self, event: Mapping[str, Any], slug: str | None, *roles: Role, programme_id: str | None = None
    ) -> Visit:
        """A visit by someone signed in to this municipality (slug None: the network admin's pages) with
        one of `roles`; else SignInRequired or Forbidden."""
        visit = self.open(event, slug)
        principal = visit.principal
        if principal is None or principal.tenant_slug != slug:
            # A form posts to the page that shows it, so after signing in that page is shown again (a post
            # itself cannot be replayed).
            # The query comes along (a filtered list is shown filtered again), all but the language, which
            # the sign-in page already speaks.
            kept = {k: v for k, v in visit.query.items() if k != "lang"}
            wanted = visit.path + ("?" + urlencode(kept) if kept else "")
            raise SignInRequired(slug, wanted, visit.cookies)
        if roles and not principal.has(*roles):
            raise Forbidden("Your role does not allow this.", required_roles=[r.value for r in roles])
        visit.programme_id = programme_id
        return visit

    def form(self, visit: Visit) -> dict[str, list[str]]:
        """The posted form, after the CSRF check (else the 403 page)."""
        raw = _decoded_body(visit.event)
        fields = parse_qs(raw, keep_blank_values=True)
        if not session.csrf_ok(visit.session, (fields.get(CSRF_FIELD) or [""])[0]):
            raise CsrfRejected()
        return fields

    # --- answers ---
    def render(self, visit: Visit, template: str, *, status: int = 200, **values: Any) -> Response[str]:
        body = self.env.get_template(template).render(
            page=self.chrome(visit), t=visit.t, visit=visit, **values
        )
        return html(status, body, visit.cookies)

    def redirect(self, visit: Visit, location: str, flash: str | None = None, **values: str) -> Response[str]:
        """303 See Other (post, redirect, get), with a message for the page it lands on."""
        cookies = list(visit.cookies)
        if flash:
            cookies.append(session.flash_cookie(flash, **values))
        return redirect(location, cookies)

    def chrome(self, visit: Visit) -> dict[str, Any]:
        """What the shared layout shows around the page."""
        principal = visit.principal
        signed_in = principal is not None and principal.tenant_slug == visit.slug
        links: list[nav.NavLink] = []
        tabs: list[nav.NavLink] = []
        if principal is not None and signed_in:
            links = nav.main_links(visit.slug, principal, visit.lang, visit.path)
            if visit.slug and visit.programme_id:
                tabs = nav.programme_tabs(visit.slug, visit.programme_id, principal, visit.lang, visit.path)
        flash = None
        if visit.session.flash:
            key, values = visit.session.flash
            if self.has_text(key):
                flash = visit.t(key, **values)
        return {
            "lang": visit.lang,
            "nav": links,
            "tabs": tabs,
            "switcher": [
                {
                    "code": code,
                    "name": self.text(code, "meta.language_name"),
                    "href": visit.with_query(lang=code),
                }
                for code in LANGUAGES()
                if code != visit.lang
            ],
            "signed_in": signed_in
            or (principal is not None and visit.slug is None and not principal.tenant_id),
            "home": visit.app_path() if (signed_in or visit.slug is None) else f"/app/{visit.slug}/sign-in",
            "sign_out": visit.app_path("sign-out"),
            "csrf": visit.session.csrf_token,
            "flash": flash,
            "who": (principal.email or "") if principal else "",
        }

    def has_text(self, key: str) -> bool:
        return (self.messages is not None and self.messages.has(key)) or SHARED_MESSAGES.has(key)


def html(status: int, body: str, cookies: Sequence[Cookie] = ()) -> Response[str]:
    # Signed-in pages show personal data: never kept by a shared cache or the browser's back-forward cache.
    return Response(
        status_code=status,
        content_type=HTML,
        body=body,
        headers={"Cache-Control": "no-store"},
        cookies=list(cookies),
    )


def redirect(location: str, cookies: Sequence[Cookie] = ()) -> Response[str]:
    return Response(
        status_code=303,
        content_type=HTML,
        body="",
        headers={"Location": location, "Cache-Control": "no-store"},
        cookies=list(cookies),
    )


def _decoded_body(event: Mapping[str, Any]) -> str:
    import base64

    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        return base64.b64decode(body).decode("utf-8")
    return str(body)


def page_responses(description: str, *, status: int = 200, **others: str) -> dict[int, Any]:
    """A page's answers for the OpenAPI document: HTML, the sign-in redirect, the 403 and 404 pages, and
    `others` as `{"422": "the form again, with each mistake at its field"}`-style entries."""
    html_content = {"content": {"text/html": {"schema": {"type": "string"}}}}
    responses: dict[int, Any] = {
        status: {"description": description, **html_content},
        # A redirect carries an empty text/html body (`redirect`): documented so, not as JSON.
        303: {
            "description": "not signed in: to the sign-in page (and back after it), or on after a post",
            **html_content,
        },
        403: {"description": "not for this role, or the form's CSRF token is wrong", **html_content},
        404: {"description": "no such page here", **html_content},
    }
    for code, text in others.items():
        responses[int(code.lstrip("_"))] = {"description": text, **html_content}
    return responses
