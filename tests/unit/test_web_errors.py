"""Errors on the signed-in pages are pages: each status its own words, in the person's language, on the
shared layout, never cached; and the language of every page is chosen in one order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markupsafe import escape

from shared.auth import Principal, Role
from shared.errors import SignInRequired
from shared.web import session
from shared.web.errors import error_page, sign_in_redirect, slug_of
from shared.web.pages import SHARED_MESSAGES, WebPages
from shared.web.session import LANG_COOKIE
from tests.unit.web_support import event

MESSAGES = Path(__file__).parents[2] / "shared" / "web" / "messages"
STATUSES = (400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500)
LANGS = ("en", "de", "pl")


def text(lang: str, key: str) -> str:
    return str(escape(SHARED_MESSAGES.text(lang, key)))  # as the templates escape it


def test_the_three_catalogues_have_the_same_keys() -> None:
    keys = {lang: set(json.loads((MESSAGES / f"{lang}.json").read_text())) for lang in LANGS}
    assert keys["de"] == keys["en"] == keys["pl"]
    assert {f"error.{s}.{part}" for s in STATUSES for part in ("heading", "message")} <= keys["en"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("status", STATUSES)
def test_each_status_has_its_page_in_each_language(status: int, lang: str) -> None:
    answer = error_page(event("/app/demo/programmes", query={"lang": lang}), status)
    assert answer.status_code == status
    assert answer.content_type.startswith("text/html")
    assert answer.headers["Cache-Control"] == "no-store"
    body = str(answer.body)
    assert f'<html lang="{lang}"' in body
    assert f"<h1>{text(lang, f'error.{status}.heading')}</h1>" in body
    assert text(lang, f"error.{status}.message") in body
    assert f"<title>{text(lang, f'error.{status}.heading')} \u2013 Tandem</title>" in body
    if lang != "en":
        assert text(lang, f"error.{status}.heading") != text("en", f"error.{status}.heading"), "translated"


@pytest.mark.parametrize(("status", "shown"), [(418, 400), (451, 400), (502, 500), (503, 500)])
def test_a_status_without_a_page_shows_the_nearest_of_its_class(status: int, shown: int) -> None:
    answer = error_page(event(query={"lang": "de"}), status)
    assert answer.status_code == status
    assert f"<h1>{text('de', f'error.{shown}.heading')}</h1>" in str(answer.body)


def test_a_rules_own_words_are_shown_only_where_they_help() -> None:
    said = "Two matches may not share a mentor."
    assert said in str(error_page(event(), 409, said).body)
    assert said in str(error_page(event(), 422, said).body)
    for status in (403, 404, 500):
        assert "secret detail" not in str(error_page(event(), status, "secret detail").body)


def test_the_csrf_page_says_what_to_do() -> None:
    body = str(error_page(event(query={"lang": "pl"}), 403, key="error.403.csrf.message").body)
    assert text("pl", "error.403.csrf.message") in body


def test_an_error_page_links_home_for_who_is_there() -> None:
    # Nobody signed in: home is the municipality's sign-in page; after a 404 (perhaps no such
    # municipality, whose sign-in page would be the 404 again) the choice of municipalities.
    assert '<a href="/app/demo/sign-in">' in str(error_page(event("/app/demo/sign-in"), 403).body)
    not_found = str(error_page(event("/app/no-such-town/sign-in"), 404).body)
    assert '<a class="brand" href="/app">' in not_found and '<a href="/app">' in not_found
    assert slug_of("/app/demo/x") == "demo" and slug_of("/app/network/x") is None and slug_of("/app") is None


def test_the_sign_in_redirect_comes_back_to_the_page() -> None:
    answer = sign_in_redirect(SignInRequired("demo", "/app/demo/programmes?status=waiting"))
    assert answer.status_code == 303
    assert answer.headers["Location"] == (
        "/app/demo/sign-in?next=%2Fapp%2Fdemo%2Fprogrammes%3Fstatus%3Dwaiting"
    )
    assert answer.headers["Cache-Control"] == "no-store"


def test_someone_not_signed_in_is_sent_to_sign_in_with_the_page_and_its_query() -> None:
    web = WebPages()
    asked = event("/app/demo/programmes", query={"status": "waiting", "lang": "de"})
    with pytest.raises(SignInRequired) as raised:
        web.visit(asked, "demo", Role.MANAGER)
    assert raised.value.next_path == "/app/demo/programmes?status=waiting"
    assert any(c.name == LANG_COOKIE and c.value == "de" for c in raised.value.cookies), "?lang= remembered"


# --- which language ---------------------------------------------------------------------------------------


def person(locale: str | None) -> Principal:
    roles = frozenset({Role.MENTEE})
    return Principal(user_id="u", tenant_id="t", roles=roles, person_id=None, locale=locale)


@pytest.mark.parametrize(
    ("query", "remembered", "locale", "default", "chosen"),
    [
        pytest.param({"lang": "pl"}, "de", "de", "de", "pl", id="?lang first"),
        pytest.param({}, "pl", "de", "en", "pl", id="then the remembered choice"),
        pytest.param({}, None, "pl", "de", "pl", id="then the person's locale"),
        pytest.param({}, None, None, "de", "de", id="then the municipality's default"),
        pytest.param({}, None, None, None, "en", id="then English"),
        pytest.param({"lang": "xx"}, "fr", "uk", "de", "de", id="unshipped languages are passed over"),
        pytest.param({"lang": "xx"}, None, "uk", None, "en", id="nothing shipped: English"),
    ],
)
def test_the_language_is_chosen_in_one_order(
    query: dict[str, str], remembered: str | None, locale: str | None, default: str | None, chosen: str
) -> None:
    state = session.Session(principal=None, language=remembered)
    lang, _ = WebPages().language(state, query, person(locale), default)
    assert lang == chosen


def test_a_language_asked_for_is_remembered_once() -> None:
    web = WebPages()
    _, cookies = web.language(session.Session(principal=None, language=None), {"lang": "de"}, None)
    assert [(c.name, c.value) for c in cookies] == [(LANG_COOKIE, "de")]
    assert cookies[0].max_age and cookies[0].max_age > 30 * 24 * 3600
    _, again = web.language(session.Session(principal=None, language="de"), {"lang": "de"}, None)
    assert again == [], "already remembered"


def test_the_remembered_language_comes_from_its_cookie() -> None:
    visit = WebPages().open(event(cookies={LANG_COOKIE: "pl"}), "demo", default_language="de")
    assert visit.lang == "pl"
    assert WebPages().open(event(), "demo", default_language="de").lang == "de"


def test_the_switcher_offers_the_other_languages_keeping_the_page() -> None:
    web = WebPages()
    visit = web.open(event("/app/demo/sign-in", query={"next": "/app/demo/x", "lang": "de"}), "demo")
    switcher = web.chrome(visit)["switcher"]
    assert {s["code"] for s in switcher} == {"en", "pl"}
    assert all(s["href"].startswith("/app/demo/sign-in?next=%2Fapp%2Fdemo%2Fx&lang=") for s in switcher)


def test_an_error_speaks_the_municipalitys_language_its_page_chose() -> None:
    # The sign-in page knew the municipality's language (German); its CSRF 403 speaks it too.
    asked = event("/app/demo/sign-in", method="POST")
    WebPages().open(asked, "demo", default_language="de")
    body = str(error_page(asked, 403, key="error.403.csrf.message").body)
    assert f"<h1>{text('de', 'error.403.heading')}</h1>" in body
    # Another request (another event) does not inherit it.
    assert f"<h1>{text('en', 'error.403.heading')}</h1>" in str(error_page(event("/app/demo/x"), 403).body)
    # The person's own choice still comes first.
    chosen = event("/app/demo/sign-in", cookies={LANG_COOKIE: "pl"})
    WebPages().open(chosen, "demo", default_language="de")
    assert f"<h1>{text('pl', 'error.403.heading')}</h1>" in str(error_page(chosen, 403).body)
