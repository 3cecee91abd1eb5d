"""The session cookies of the signed-in pages: reading them (however malformed), the id token verified as a
bearer token is, refresh when it ran out, sign-out, and the flash message of post-redirect-get."""

from __future__ import annotations

import base64

import pytest

from shared.web import identity, session
from shared.web.session import CSRF_COOKIE, FLASH_COOKIE, ID_COOKIE, LANG_COOKIE, REFRESH_COOKIE
from tests.unit.web_support import FakeProvider, event, other_key, token, trusted

__all__ = ["trusted"]  # the fixture, imported for pytest

GOOD_CSRF = "c" * 43


@pytest.fixture
def provider(monkeypatch: pytest.MonkeyPatch) -> FakeProvider:
    fake = FakeProvider(fresh=token())
    monkeypatch.setattr(identity, "_installed", fake)
    return fake


# --- reading the Cookie header ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        f'junk; {CSRF_COOKIE}={GOOD_CSRF}; broken="unterminated',
        f"=; ;;; {CSRF_COOKIE}={GOOD_CSRF}; a b=c",
        f"{CSRF_COOKIE}={GOOD_CSRF}; \x00\x01=\x7f",
        f'"quoted; {CSRF_COOKIE}={GOOD_CSRF}',
    ],
    ids=["unterminated quote", "empty names", "control characters", "stray quote"],
)
def test_a_malformed_cookie_header_keeps_what_can_be_read(header: str) -> None:
    assert session.read_cookies(event(cookie_header=header)).get(CSRF_COOKIE) == GOOD_CSRF


@pytest.mark.parametrize("header", ["", ";", "=", '"', "\x00", "a" * 10_000, "; ".join(["x=1"] * 500)])
def test_a_cookie_header_that_is_all_junk_reads_as_no_session(header: str) -> None:
    state = session.open_session(event(cookie_header=header))
    assert state.principal is None and state.flash is None and state.language is None
    assert len(state.csrf_token) >= 32, "a fresh CSRF token, set as a cookie"
    assert [c.name for c in state.cookies] == [CSRF_COOKIE]


def test_cookies_come_from_any_spelling_of_the_header_and_from_multi_value_headers() -> None:
    raw = event()
    raw["headers"] = {"cookie": f"{LANG_COOKIE}=pl"}
    raw["multiValueHeaders"] = {"COOKIE": [f"{CSRF_COOKIE}={GOOD_CSRF}", f"{LANG_COOKIE}=pl"]}
    assert session.read_cookies(raw) == {LANG_COOKIE: "pl", CSRF_COOKIE: GOOD_CSRF}


def test_no_headers_at_all_is_no_session() -> None:
    assert session.read_cookies({"path": "/app"}) == {}
    assert session.read_cookies({"headers": None, "multiValueHeaders": None}) == {}


# --- the id token ---------------------------------------------------------------------------------------


def test_a_good_id_cookie_is_the_principal_of_its_claims(trusted: object) -> None:
    state = session.open_session(event(cookies={ID_COOKIE: token(), CSRF_COOKIE: GOOD_CSRF}))
    assert state.principal is not None
    assert (state.principal.user_id, state.principal.tenant_slug) == ("u-1", "demo")
    assert state.cookies == [], "nothing to set: the CSRF cookie was there"


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(lambda: token(key=other_key()), id="forged"),
        pytest.param(lambda: token(aud="another-client"), id="other app client"),
        pytest.param(lambda: token(token_use="access"), id="access token"),
        pytest.param(
            lambda: token(iss="https://cognito-idp.eu-central-1.amazonaws.com/other"), id="other pool"
        ),
        pytest.param(lambda: "not.a.jwt", id="garbage"),
    ],
)
def test_a_bad_id_cookie_is_no_session_and_is_dropped(trusted: object, provider: FakeProvider, bad) -> None:
    state = session.open_session(event(cookies={ID_COOKIE: bad(), REFRESH_COOKIE: "r-1"}))
    assert state.principal is None
    assert any(c.name == ID_COOKIE and c.max_age == 0 for c in state.cookies)
    assert provider.refreshed == [], "a forged token is no reason to use the refresh token"


def test_an_expired_id_cookie_is_refreshed_and_the_new_one_set(
    trusted: object, provider: FakeProvider
) -> None:
    state = session.open_session(event(cookies={ID_COOKIE: token(expired=True), REFRESH_COOKIE: "r-1"}))
    assert state.principal is not None and state.principal.user_id == "u-1"
    assert provider.refreshed == ["r-1"]
    renewed = [c for c in state.cookies if c.name == ID_COOKIE]
    assert [c.value for c in renewed] == [provider.fresh]


def test_an_expired_id_cookie_without_a_working_refresh_ends_the_session(
    trusted: object, provider: FakeProvider
) -> None:
    for cookies in (
        {ID_COOKIE: token(expired=True)},
        {ID_COOKIE: token(expired=True), REFRESH_COOKIE: "gone"},
    ):
        provider.revoked.append("gone")
        state = session.open_session(event(cookies=cookies))
        assert state.principal is None
        dropped = {c.name for c in state.cookies if c.max_age == 0}
        assert {ID_COOKIE, REFRESH_COOKIE} <= dropped


def test_a_refresh_that_yields_a_bad_token_is_no_session(trusted: object, provider: FakeProvider) -> None:
    provider.fresh = token(aud="another-client")
    state = session.open_session(event(cookies={ID_COOKIE: token(expired=True), REFRESH_COOKIE: "r-1"}))
    assert state.principal is None
    assert not any(c.name == ID_COOKIE and c.value for c in state.cookies), "the bad token is not set"


def test_signing_out_revokes_the_refresh_token_and_drops_both_cookies(provider: FakeProvider) -> None:
    dropped = session.sign_out(event(cookies={ID_COOKIE: "x", REFRESH_COOKIE: "r-9"}))
    assert provider.revoked == ["r-9"]
    assert {(c.name, c.max_age, c.value) for c in dropped} == {(ID_COOKIE, 0, ""), (REFRESH_COOKIE, 0, "")}
    assert session.sign_out(event()) and provider.revoked == ["r-9"], "no refresh cookie: nothing to revoke"


def test_every_cookie_is_host_prefixed_secure_httponly_lax_on_the_whole_site() -> None:
    made = [
        *session.session_cookies("id", "refresh"),
        session.language_cookie("de"),
        session.flash_cookie("k"),
        session.expired(ID_COOKIE),
    ]
    for c in made:
        text = str(c)
        assert c.name.startswith("__Host-") and "Domain" not in text, text
        assert "; Path=/" in text and "; Secure" in text and "; HttpOnly" in text and "SameSite=Lax" in text
    assert all(c.max_age is None for c in session.session_cookies("id", "refresh")), "gone with the browser"


# --- flash messages ---------------------------------------------------------------------------------------


def test_a_flash_message_makes_the_round_trip_once() -> None:
    sent = session.flash_cookie("programme.saved", name="Mentoring 2027 — Łódź", count="3")
    state = session.open_session(event(cookies={FLASH_COOKIE: sent.value}))
    assert state.flash == ("programme.saved", {"name": "Mentoring 2027 — Łódź", "count": "3"})
    assert any(c.name == FLASH_COOKIE and c.max_age == 0 for c in state.cookies), "read once, then cleared"


def test_flash_values_are_kept_short() -> None:
    sent = session.flash_cookie("k", text="x" * 1000)
    state = session.open_session(event(cookies={FLASH_COOKIE: sent.value}))
    assert state.flash is not None and len(state.flash[1]["text"]) == 120


@pytest.mark.parametrize(
    "raw",
    [
        "%%%",
        base64.urlsafe_b64encode(b"not json").decode(),
        base64.urlsafe_b64encode(b"[1, 2]").decode(),
        base64.urlsafe_b64encode(b'{"v": {}}').decode(),
        base64.urlsafe_b64encode(b'{"k": "a", "v": [1]}').decode(),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    ],
)
def test_a_tampered_flash_cookie_is_no_message_and_no_error(raw: str) -> None:
    state = session.open_session(event(cookies={FLASH_COOKIE: raw}))
    assert state.flash is None
    assert any(c.name == FLASH_COOKIE and c.max_age == 0 for c in state.cookies)
