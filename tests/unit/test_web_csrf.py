"""Every post of a signed-in page carries the CSRF token of its __Host- cookie (double submit)."""

from __future__ import annotations

import base64
from urllib.parse import urlencode

import pytest

from shared.errors import CsrfRejected
from shared.web import session
from shared.web.pages import WebPages
from shared.web.session import CSRF_COOKIE
from tests.unit.web_support import event

TOKEN = "k" * 43
web = WebPages()


def posted(body: str, *, cookie: str | None = TOKEN, encoded: bool = False) -> dict:
    raw = event("/app/demo/sign-in", method="POST", cookies={CSRF_COOKIE: cookie} if cookie else None)
    raw["body"] = base64.b64encode(body.encode()).decode() if encoded else body
    raw["isBase64Encoded"] = encoded
    return raw


@pytest.mark.parametrize("encoded", [False, True])
def test_the_matching_token_lets_the_form_through(encoded: bool) -> None:
    visit = web.open(posted(urlencode({"csrf": TOKEN, "email": "a@b.org", "x": ""}), encoded=encoded), "demo")
    assert web.form(visit) == {"csrf": [TOKEN], "email": ["a@b.org"], "x": [""]}


@pytest.mark.parametrize(
    ("body", "cookie"),
    [
        pytest.param("email=a%40b.org", TOKEN, id="no field"),
        pytest.param("csrf=&email=a", TOKEN, id="empty field"),
        pytest.param(urlencode({"csrf": TOKEN[:-1] + "x"}), TOKEN, id="one character off"),
        pytest.param(urlencode({"csrf": TOKEN + "x"}), TOKEN, id="longer"),
        pytest.param(urlencode({"csrf": TOKEN}), None, id="no cookie"),
        pytest.param(urlencode({"csrf": "short"}), "short", id="a short cookie is not a token"),
        pytest.param("", TOKEN, id="no body"),
    ],
)
def test_a_missing_or_wrong_token_is_refused(body: str, cookie: str | None) -> None:
    visit = web.open(posted(body, cookie=cookie), "demo")
    with pytest.raises(CsrfRejected):
        web.form(visit)


def test_a_visitor_without_a_token_gets_one_and_keeps_it() -> None:
    first = session.open_session(event())
    assert len(first.csrf_token) >= 32
    set_cookie = [c for c in first.cookies if c.name == CSRF_COOKIE]
    assert [c.value for c in set_cookie] == [first.csrf_token]
    again = session.open_session(event(cookies={CSRF_COOKIE: first.csrf_token}))
    assert again.csrf_token == first.csrf_token and again.cookies == []


def test_tokens_differ_between_visitors() -> None:
    assert len({session.open_session(event()).csrf_token for _ in range(20)}) == 20


def test_the_csrf_check_compares_whole_tokens() -> None:
    state = session.Session(principal=None, csrf_token=TOKEN)
    assert session.csrf_ok(state, TOKEN)
    assert (
        not session.csrf_ok(state, None)
        and not session.csrf_ok(state, "")
        and not session.csrf_ok(state, "k")
    )
