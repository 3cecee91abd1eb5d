"""Signing in and the session, over HTTP against the local runtime, as a browser would see them.

`Browserish` keeps its own cookie jar: the session's cookies are `Secure`, which a browser honours on
http://127.0.0.1 (a secure context) but `requests` does not, so the jar sends them anyway. It never follows
a redirect (each 303 is an answer to check) and checks on every `/app` answer what every page must carry:
`Cache-Control: no-store` and the Content-Security-Policy.
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

import boto3
import jwt
import pytest
import requests

from infra.local.authorizer import moto_jwks
from infra.local.runtime import LOCAL_PASSWORD, LocalRuntime
from services.intake.directory import username
from shared.web import identity
from shared.web.session import CSRF_COOKIE, ID_COOKIE, REFRESH_COOKIE, SIGN_IN_COOKIE
from tests.e2e.conftest import Api

CODE = re.compile(r"^\s*(\d{6})\s*$", re.MULTILINE)


@dataclass
class SetCookie:
    name: str
    value: str
    attributes: dict[str, str]

    @classmethod
    def parse(cls, header: str) -> SetCookie:
        first, *rest = [part.strip() for part in header.split(";")]
        name, _, value = first.partition("=")
        attributes = {}
        for part in rest:
            key, _, val = part.partition("=")
            attributes[key.lower()] = val
        return cls(name, value, attributes)

    @property
    def deleted(self) -> bool:
        return self.attributes.get("max-age") == "0"


@dataclass
class Browserish:
    """A cookie jar over requests, a browser's rules except that Secure cookies also go over http."""

    url: str
    jar: dict[str, str] = field(default_factory=dict)
    last_cookies: list[SetCookie] = field(default_factory=list)

    def request(self, method: str, path: str, **kw: Any) -> requests.Response:
        headers = dict(kw.pop("headers", {}))
        if self.jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        r = requests.request(
            method, f"{self.url}{path}", headers=headers, allow_redirects=False, timeout=10, **kw
        )
        self.last_cookies = [SetCookie.parse(h) for h in r.raw.headers.getlist("Set-Cookie")]
        for c in self.last_cookies:
            if c.deleted:
                self.jar.pop(c.name, None)
            else:
                self.jar[c.name] = c.value
        if urlsplit(path).path.startswith("/app"):
            assert r.headers.get("Cache-Control") == "no-store", (path, r.status_code, r.headers)
            assert "default-src 'none'" in r.headers.get("Content-Security-Policy", ""), (path, r.headers)
        return r

    def get(self, path: str, **kw: Any) -> requests.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, data: dict[str, str], *, csrf: str | None = "from-cookie") -> requests.Response:
        form = dict(data)
        if csrf == "from-cookie":
            form["csrf"] = self.jar.get(CSRF_COOKIE, "")
        elif csrf is not None:
            form["csrf"] = csrf
        return self.request("POST", path, data=form)

    def set_by_last(self, name: str) -> SetCookie | None:
        return next((c for c in self.last_cookies if c.name == name), None)


def codes_to(api: Api, email: str) -> list[str]:
    return [m.group(1) for e in api.outbox_to(email) if (m := CODE.search(e.get("body") or ""))]


def ask_for_code(b: Browserish, slug: str, email: str, next_path: str | None = None) -> requests.Response:
    b.get(f"/app/{slug}/sign-in")
    return b.post(f"/app/{slug}/sign-in", {"email": email, **({"next": next_path} if next_path else {})})


def send_code(b: Browserish, slug: str, code: str, next_path: str | None = None) -> requests.Response:
    return b.post(f"/app/{slug}/sign-in/code", {"code": code, **({"next": next_path} if next_path else {})})


def signed_in(api: Api, slug: str, email: str) -> Browserish:
    """A browser signed in by e-mail and code."""
    b = Browserish(api.url)
    before = len(codes_to(api, email))
    r = ask_for_code(b, slug, email)
    assert r.status_code == 303, r.text
    codes = codes_to(api, email)
    assert len(codes) == before + 1
    r = send_code(b, slug, codes[-1])
    assert r.status_code == 303, r.text
    assert ID_COOKIE in b.jar and REFRESH_COOKIE in b.jar
    return b


def wrong(code: str) -> str:
    return "000000" if code != "000000" else "111111"


@pytest.fixture(scope="module")
def town(api: Api) -> dict[str, Any]:
    """A municipality speaking English (the texts are checked) with its manager."""
    return api.new_tenant(language="en")


# --- codes ---------------------------------------------------------------------------------------------


def test_wrong_codes_count_down_and_the_fifth_sends_a_new_code(api: Api, town: dict[str, Any]) -> None:
    slug, email = town["slug"], town["manager_email"]
    b = Browserish(api.url)
    before = len(codes_to(api, email))
    assert ask_for_code(b, slug, email).headers["Location"] == f"/app/{slug}/sign-in/code"
    first = codes_to(api, email)[-1]

    for left in (4, 3, 2):
        r = send_code(b, slug, wrong(first))
        assert r.status_code == 422
        assert f"You have {left} tries left" in r.text
        assert 'aria-invalid="true"' in r.text and 'href="#f-code"' in r.text
    r = send_code(b, slug, wrong(first))
    assert r.status_code == 422 and "You have 1 try left" in r.text

    r = send_code(b, slug, wrong(first))
    assert r.status_code == 422
    assert "That code was wrong 5 times, so it no longer works. We have sent you a new code." in r.text
    codes = codes_to(api, email)
    assert len(codes) == before + 2, "the fifth wrong code sends a second e-mail"

    r = send_code(b, slug, first)
    assert r.status_code == 422, "the first code no longer works"
    r = send_code(b, slug, codes[-1])
    assert r.status_code == 303
    assert r.headers["Location"] == f"/app/{slug}/programmes"


def test_not_a_code_says_so_without_using_a_try(api: Api, town: dict[str, Any]) -> None:
    b = Browserish(api.url)
    ask_for_code(b, town["slug"], town["manager_email"])
    r = send_code(b, town["slug"], "abc")
    assert r.status_code == 422 and "Enter the 6 digits from the e-mail" in r.text
    typo = wrong(codes_to(api, town["manager_email"])[-1])
    r = send_code(b, town["slug"], f"{typo[:3]} {typo[3:]}")  # spaces are fine: a wrong code, one try used
    assert r.status_code == 422 and "You have 4 tries left" in r.text


def test_an_unknown_email_is_answered_exactly_as_a_known_one(api: Api, town: dict[str, Any]) -> None:
    slug, known = town["slug"], town["manager_email"]
    unknown = f"nobody-{uuid.uuid4().hex[:8]}@{slug}.example.org"
    answers = {}
    for email in (known, unknown):
        b = Browserish(api.url)
        posted = ask_for_code(b, slug, email)
        cookies = [(c.name, tuple(sorted(c.attributes.items()))) for c in b.last_cookies]
        page = b.get(f"/app/{slug}/sign-in/code")
        guess = send_code(b, slug, wrong(codes_to(api, known)[-1]))
        answers[email] = [
            (posted.status_code, posted.headers.get("Location"), cookies, _same(posted.text, b, email)),
            (page.status_code, _same(page.text, b, email)),
            (guess.status_code, _same(guess.text, b, email)),
        ]
    assert answers[known] == answers[unknown]
    assert answers[unknown][2][0] == 422 and "You have 4 tries left" in answers[unknown][2][1]
    assert api.outbox_to(unknown) == [], "no e-mail goes to an address without an account"


def _same(text: str, b: Browserish, email: str) -> str:
    """The page with what differs between any two visitors taken out: their address and CSRF token."""
    return text.replace(email, "ADDRESS").replace(b.jar.get(CSRF_COOKIE, "?"), "CSRF")


# --- CSRF ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sent", [None, "", "forged-" + "x" * 40], ids=["missing", "empty", "wrong"])
@pytest.mark.parametrize("action", ["sign-in", "sign-in/code", "sign-out"])
def test_a_post_without_the_right_csrf_token_is_the_403_page(
    api: Api, town: dict[str, Any], action: str, sent: str | None
) -> None:
    b = signed_in(api, town["slug"], town["manager_email"]) if action == "sign-out" else Browserish(api.url)
    if action == "sign-in/code":
        ask_for_code(b, town["slug"], town["manager_email"])
    b.get(f"/app/{town['slug']}/sign-in")
    r = b.post(f"/app/{town['slug']}/{action}", {"email": town["manager_email"], "code": "123456"}, csrf=sent)
    assert r.status_code == 403
    assert r.headers["Content-Type"].startswith("text/html")
    assert "<h1>You cannot open this page</h1>" in r.text
    assert "The form has expired or did not come from Tandem." in r.text
    if action == "sign-out":
        assert ID_COOKIE in b.jar and REFRESH_COOKIE in b.jar, "a forged post signs nobody out"


# --- the session ---------------------------------------------------------------------------------------


def expired_copy(token: str) -> str:
    """The same id token, run out an hour ago, signed with the local pool's own key (moto's)."""
    claims = jwt.decode(token, options={"verify_signature": False})
    claims.update(iat=int(time.time()) - 7200, exp=int(time.time()) - 3600, auth_time=int(time.time()) - 7200)
    private = _moto_private_jwk()
    return jwt.encode(claims, jwt.PyJWK(private).key, algorithm="RS256", headers={"kid": private["kid"]})


def _moto_private_jwk() -> dict[str, Any]:
    import gzip
    import json
    from importlib.resources import files

    resource = files("moto.cognitoidp").joinpath("resources/jwks-private.json.gz")
    return dict(json.loads(gzip.decompress(resource.read_bytes())))


def test_the_forged_token_helpers_sign_with_the_pools_own_key() -> None:
    public = moto_jwks()["keys"][0]
    assert _moto_private_jwk()["kid"] == public["kid"] and _moto_private_jwk()["n"] == public["n"]


def test_an_expired_id_cookie_with_a_good_refresh_cookie_is_renewed_unnoticed(
    api: Api, town: dict[str, Any]
) -> None:
    slug = town["slug"]
    b = signed_in(api, slug, town["manager_email"])
    b.jar[ID_COOKIE] = stale = expired_copy(b.jar[ID_COOKIE])
    r = b.get(f"/app/{slug}")
    assert r.status_code == 303 and r.headers["Location"] == f"/app/{slug}/programmes", (
        "served, not sent away"
    )
    renewed = b.set_by_last(ID_COOKIE)
    assert renewed is not None and not renewed.deleted and renewed.value != stale
    claims = jwt.decode(renewed.value, options={"verify_signature": False})
    assert claims["exp"] > time.time() and claims["email"] == town["manager_email"]


def test_an_expired_session_without_refresh_signs_in_again_and_returns_to_the_page(
    api: Api, town: dict[str, Any]
) -> None:
    slug, email = town["slug"], town["manager_email"]
    b = signed_in(api, slug, email)
    b.jar = {ID_COOKIE: expired_copy(b.jar[ID_COOKIE])}
    wanted = f"/app/{slug}"
    r = b.get(wanted)
    assert r.status_code == 303
    assert r.headers["Location"] == f"/app/{slug}/sign-in?next={quote(wanted, safe='')}"
    assert (c := b.set_by_last(ID_COOKIE)) is not None and c.deleted

    page = b.get(r.headers["Location"])
    assert f'name="next" value="{wanted}"' in page.text
    r = b.post(f"/app/{slug}/sign-in", {"email": email, "next": wanted})
    assert r.headers["Location"] == f"/app/{slug}/sign-in/code?next={quote(wanted, safe='')}"
    code_page = b.get(r.headers["Location"])
    assert f'name="next" value="{wanted}"' in code_page.text
    r = send_code(b, slug, codes_to(api, email)[-1], next_path=wanted)
    assert r.status_code == 303 and r.headers["Location"] == wanted


def test_signing_out_revokes_the_refresh_token_and_clears_the_cookies(api: Api, town: dict[str, Any]) -> None:
    slug = town["slug"]
    b = signed_in(api, slug, town["manager_email"])
    kept = dict(b.jar)
    r = b.post(f"/app/{slug}/sign-out", {})
    assert r.status_code == 303 and r.headers["Location"] == f"/app/{slug}/sign-in"
    for name in (ID_COOKIE, REFRESH_COOKIE):
        gone = b.set_by_last(name)
        assert gone is not None and gone.deleted and gone.attributes["path"] == "/"
    assert ID_COOKIE not in b.jar and REFRESH_COOKIE not in b.jar
    assert "You have signed out." in b.get(r.headers["Location"]).text

    # The old refresh cookie, kept by someone, no longer buys a session.
    assert identity.provider().refresh(kept[REFRESH_COOKIE]) is None
    thief = Browserish(
        api.url, jar={ID_COOKIE: expired_copy(kept[ID_COOKIE]), REFRESH_COOKIE: kept[REFRESH_COOKIE]}
    )
    r = thief.get(f"/app/{slug}")
    assert r.status_code == 303 and r.headers["Location"].startswith(f"/app/{slug}/sign-in")
    assert ID_COOKIE not in thief.jar and REFRESH_COOKIE not in thief.jar


# --- tokens that are not a session ---------------------------------------------------------------------


def _auth(runtime: LocalRuntime, tenant_id: str, email: str, client_id: str) -> dict[str, str]:
    idp = boto3.client("cognito-idp")
    name = username(tenant_id, email)
    with runtime.lock:
        idp.admin_set_user_password(
            UserPoolId=runtime.cloud.user_pool_id, Username=name, Password=LOCAL_PASSWORD, Permanent=True
        )
        return dict(
            idp.admin_initiate_auth(
                UserPoolId=runtime.cloud.user_pool_id,
                ClientId=client_id,
                AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": name, "PASSWORD": LOCAL_PASSWORD},
            )["AuthenticationResult"]
        )


def _other_client(runtime: LocalRuntime) -> str:
    idp = boto3.client("cognito-idp")
    with runtime.lock:
        made = idp.create_user_pool_client(
            UserPoolId=runtime.cloud.user_pool_id,
            ClientName=f"other-{uuid.uuid4().hex[:6]}",
            ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        )
    return str(made["UserPoolClient"]["ClientId"])


def _forged(token: str) -> str:
    """The same claims and key id, signed by a key that is not the pool's."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    claims = jwt.decode(token, options={"verify_signature": False})
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode(
        claims, key, algorithm="RS256", headers={"kid": jwt.get_unverified_header(token)["kid"]}
    )


@pytest.mark.parametrize("kind", ["forged", "access token", "other app client"])
def test_a_token_that_is_not_a_session_is_refused_as_the_bearer_path_refuses_it(
    api: Api, runtime: LocalRuntime, town: dict[str, Any], kind: str
) -> None:
    slug, email = town["slug"], town["manager_email"]
    good = _auth(runtime, town["tenant_id"], email, runtime.cloud.client_id)
    token = {
        "forged": lambda: _forged(good["IdToken"]),
        "access token": lambda: good["AccessToken"],
        "other app client": lambda: _auth(runtime, town["tenant_id"], email, _other_client(runtime))[
            "IdToken"
        ],
    }[kind]()
    # The good token opens both doors; the bad one neither.
    assert Browserish(api.url, jar={ID_COOKIE: good["IdToken"]}).get(f"/app/{slug}").headers["Location"] == (
        f"/app/{slug}/programmes"
    )
    assert api.call("GET", "/v1/programmes", good["IdToken"]).status_code == 200

    b = Browserish(api.url, jar={ID_COOKIE: token})
    r = b.get(f"/app/{slug}")
    assert r.status_code == 303 and r.headers["Location"].startswith(f"/app/{slug}/sign-in?next=")
    assert ID_COOKIE not in b.jar, "the bad cookie is dropped"
    assert api.call("GET", "/v1/programmes", token).status_code == 401


# --- where a sign-in may lead --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "elsewhere", ["https://evil.example", "//evil.example", "/\\evil.example", "/app/other-town/programmes"]
)
def test_next_pointing_off_the_municipalitys_pages_is_ignored(
    api: Api, town: dict[str, Any], elsewhere: str
) -> None:
    slug, email = town["slug"], town["manager_email"]
    b = Browserish(api.url)
    page = b.get(f"/app/{slug}/sign-in?next={quote(elsewhere, safe='')}")
    assert page.status_code == 200 and 'name="next" value=""' in page.text
    r = b.post(f"/app/{slug}/sign-in", {"email": email, "next": elsewhere})
    assert r.headers["Location"] == f"/app/{slug}/sign-in/code"
    r = send_code(b, slug, codes_to(api, email)[-1], next_path=elsewhere)
    assert r.status_code == 303 and r.headers["Location"] == f"/app/{slug}/programmes"
    # Signed in already, the sign-in page sends on, and still not off-site.
    r = b.get(f"/app/{slug}/sign-in?next={quote(elsewhere, safe='')}")
    assert r.status_code == 303 and r.headers["Location"] == f"/app/{slug}/programmes"


def test_someone_of_one_municipality_opening_anothers_pages_is_sent_to_its_sign_in(
    api: Api, town: dict[str, Any]
) -> None:
    other = api.new_tenant(language="en")
    b = signed_in(api, town["slug"], town["manager_email"])
    r = b.get(f"/app/{other['slug']}")
    assert r.status_code == 303
    assert r.headers["Location"] == f"/app/{other['slug']}/sign-in?next=%2Fapp%2F{other['slug']}"
    r = b.get(r.headers["Location"])
    assert r.status_code == 200 and f"Town {other['slug']}" in r.text, "B's sign-in form, not a redirect"


# --- the cookies and headers ---------------------------------------------------------------------------


def test_every_cookie_is_host_prefixed_httponly_secure_lax_and_on_the_whole_site(
    api: Api, town: dict[str, Any]
) -> None:
    slug, email = town["slug"], town["manager_email"]
    b = Browserish(api.url)
    seen: list[SetCookie] = []
    for step in (
        lambda: b.get(f"/app/{slug}/sign-in?lang=de"),
        lambda: b.post(f"/app/{slug}/sign-in", {"email": email}),
        lambda: send_code(b, slug, codes_to(api, email)[-1]),
        lambda: b.post(f"/app/{slug}/sign-out", {}),
    ):
        step()
        seen += b.last_cookies
    names = {c.name for c in seen}
    assert {CSRF_COOKIE, SIGN_IN_COOKIE, ID_COOKIE, REFRESH_COOKIE, "__Host-tandem-lang"} <= names
    for c in seen:
        assert c.name.startswith("__Host-"), c
        assert "httponly" in c.attributes and "secure" in c.attributes, c
        assert c.attributes.get("samesite", "").lower() == "lax", c
        assert c.attributes.get("path") == "/" and "domain" not in c.attributes, c


def test_every_app_answer_is_never_stored_and_carries_the_csp(api: Api, town: dict[str, Any]) -> None:
    # Browserish checks both on every /app answer; here the kinds of answer not met above.
    b = Browserish(api.url)
    assert b.get("/app").status_code == 200
    assert b.get("/app/no-such-town/sign-in").status_code == 404
    assert b.get(f"/app/{town['slug']}/sign-in/code").status_code == 303
    assert b.get(f"/app/{town['slug']}").status_code == 303
    assert b.post(f"/app/{town['slug']}/sign-in", {"email": "x"}).status_code == 422
