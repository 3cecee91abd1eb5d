"""The public HTML forms over real HTTP: languages, fallbacks, closed and unknown programmes, posting."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import boto3
import pytest
import requests

from infra.local.runtime import LocalRuntime
from services.intake.i18n import t
from tests.e2e.conftest import PROGRAMME, Api

PAGE_WEIGHT_LIMIT = 50 * 1024


class Page(HTMLParser):
    """The parts of a page the tests look at: every tag with its attributes, and the text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def by_id(self, element_id: str) -> dict[str, str]:
        found = [attrs for _, attrs in self.tags if attrs.get("id") == element_id]
        assert len(found) == 1, element_id
        return found[0]

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag]

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


@pytest.fixture(scope="module")
def town(api: Api) -> dict[str, Any]:
    """A municipality of its own (German by default, forms in three languages), so that this module's
    posts neither meet the rate limit of the demo municipality nor disturb its counts."""
    return api.new_tenant(language="de", languages=["de", "en", "pl"], slug_prefix="forms")


def new_programme(api: Api, town: dict[str, Any], **changes: Any) -> str:
    body = {**PROGRAMME, "name": "Gemeinsam starten", "languages": ["de", "en", "pl"], **changes}
    r = api.call("POST", "/v1/programmes", town["manager"], json=body)
    assert r.status_code == 201, r.text
    return str(r.json()["programme_id"])


def form_url(api: Api, slug: str, programme_id: str, **query: str) -> str:
    url = f"{api.url}/forms/{slug}/{programme_id}"
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def applications(api: Api, town: dict[str, Any], programme_id: str) -> list[dict[str, Any]]:
    r = api.call("GET", f"/v1/applications?programme_id={programme_id}", town["manager"])
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


def filled(role: str, email: str | None = None) -> dict[str, Any]:
    own = (
        {"needs": "Einen Ausbildungsplatz finden.", "wishes.mentor_gender": "female"}
        if role == "mentee"
        else {"skills": ["job_applications", "accounting"], "capacity": "2"}
    )
    return {
        "person.given_name": "Amina",
        "person.family_name": "Haddad",
        "person.email": email or f"amina.{uuid.uuid4().hex[:10]}@example.org",
        "person.birth_year": "1998",
        "person.languages": ["ar", "de"],
        "profile.motivation": "Ich möchte in Deutschland arbeiten.",
        "profile.expectations": "Jemanden, der mir den Weg zeigt.",
        "profile.interests": ["cooking", "football"],
        "profile.availability": ["mon_evening", "sat_morning"],
        "consent.privacy_notice_version": "2026-11",
        "consent.processing": "yes",
        "consent.contact_email": "yes",
        "website": "",
        **own,
    }


def assert_self_contained(html: str, page: Page) -> None:
    """No asset or link leaves the site: no scripts, no styles or fonts or images from elsewhere."""
    assert "<script" not in html.lower()
    assert "@import" not in html and "url(" not in html
    assert not page.all("link") and not page.all("img") and not page.all("iframe")
    for _, attrs in page.tags:
        for name in ("src", "href", "action", "srcset"):
            value = attrs.get(name)
            if value is not None:
                assert not urlsplit(value).scheme and not value.startswith("//"), f"{name}={value}"


# --- reading the form ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["mentee", "mentor"])
@pytest.mark.parametrize("lang", ["de", "pl", "en"])
def test_the_demo_form_is_served_in_each_language_small_and_self_contained(
    api: Api, runtime: LocalRuntime, lang: str, role: str
):
    r = api.http.get(form_url(api, "demo", runtime.seeded["programme_id"], role=role, lang=lang), timeout=10)

    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert r.headers["Cache-Control"] == "no-store"
    page = Page(r.text)
    assert page.all("html")[0]["lang"] == lang
    assert t(lang, f"form.title.{role}") in page.words
    assert t(lang, "form.submit") in page.words
    weight = len(r.content)
    print(f"page weight {lang}/{role}: {weight} bytes")
    assert weight < PAGE_WEIGHT_LIMIT
    assert_self_contained(r.text, page)


def test_every_input_is_labelled_and_grouped(api: Api, runtime: LocalRuntime):
    r = api.http.get(
        form_url(api, "demo", runtime.seeded["programme_id"], role="mentee", lang="de"), timeout=10
    )
    page = Page(r.text)
    labelled = {attrs["for"] for attrs in page.all("label")}
    controls = (
        [a for a in page.all("input") if a.get("type") != "hidden"]
        + page.all("select")
        + page.all("textarea")
    )

    assert controls and all(c["id"] in labelled for c in controls)
    ids = [attrs["id"] for _, attrs in page.tags if "id" in attrs]
    assert len(ids) == len(set(ids)), "an id used twice"
    assert page.by_id("f-person-given_name")["autocomplete"] == "given-name"
    assert page.by_id("f-person-family_name")["autocomplete"] == "family-name"
    assert page.by_id("f-person-email")["autocomplete"] == "email"
    assert page.by_id("f-person-phone")["autocomplete"] == "tel"
    assert page.by_id("f-person-postcode")["autocomplete"] == "postal-code"
    assert page.by_id("f-person-birth_year")["autocomplete"] == "bday-year"
    assert len(page.all("fieldset")) >= 4  # languages, availability, wishes, consent
    assert r.text.count("<legend") == len(page.all("fieldset"))
    honeypot = page.by_id("f-website")
    assert honeypot["tabindex"] == "-1" and honeypot["autocomplete"] == "off"
    assert '<div class="hp" aria-hidden="true">' in r.text
    form = page.all("form")[0]
    assert form["method"] == "post" and form["action"] == "?role=mentee&lang=de"
    hidden = [a for a in page.all("input") if a.get("type") == "hidden"]
    assert hidden == [{"type": "hidden", "name": "consent.privacy_notice_version", "value": "2026-11"}]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"role": "mentee"}, "de"),  # no lang: the municipality's language
        ({"role": "mentee", "lang": "fr"}, "de"),  # not shipped
        ({"role": "mentee", "lang": "PL"}, "de"),  # not a code we know as written
        ({"role": "mentee", "lang": "pl"}, "pl"),
    ],
)
def test_the_language_falls_back_to_the_municipalitys(api: Api, runtime: LocalRuntime, query, expected):
    r = api.http.get(form_url(api, "demo", runtime.seeded["programme_id"], **query), timeout=10)
    assert r.status_code == 200
    assert Page(r.text).all("html")[0]["lang"] == expected


def test_a_programme_not_run_in_the_asked_language_answers_in_the_municipalitys(
    api: Api, town: dict[str, Any]
):
    programme_id = new_programme(api, town, languages=["pl"])
    r = api.http.get(form_url(api, town["slug"], programme_id, role="mentor", lang="en"), timeout=10)
    page = Page(r.text)
    assert page.all("html")[0]["lang"] == "de"
    assert [(a["hreflang"], a["href"]) for a in page.all("a") if "hreflang" in a] == [
        ("pl", "?role=mentor&lang=pl")
    ]


def test_the_switcher_links_the_other_languages_and_they_work(api: Api, runtime: LocalRuntime):
    url = form_url(api, "demo", runtime.seeded["programme_id"], role="mentor", lang="de")
    page = Page(api.http.get(url, timeout=10).text)
    links = [a for a in page.all("a") if "hreflang" in a]

    assert [(a["hreflang"], a["lang"], a["href"]) for a in links] == [
        ("en", "en", "?role=mentor&lang=en"),
        ("pl", "pl", "?role=mentor&lang=pl"),
    ]
    for link in links:
        followed = Page(api.http.get(urljoin(url, link["href"]), timeout=10).text)
        assert followed.all("html")[0]["lang"] == link["hreflang"]
        assert t(link["hreflang"], "form.title.mentor") in followed.words


@pytest.mark.parametrize("path", ["/forms/no-such-town/prg_x", "/forms/demo/prg_does_not_exist"])
def test_an_unknown_municipality_or_programme_is_a_404_page(api: Api, path: str):
    r = api.http.get(f"{api.url}{path}?role=mentee", timeout=10)
    assert r.status_code == 404
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    page = Page(r.text)
    assert page.all("html")[0]["lang"] == "en"
    assert t("en", "not_found.title") in page.words
    polish = api.http.get(f"{api.url}{path}?role=mentee&lang=pl", timeout=10)
    assert polish.status_code == 404 and t("pl", "not_found.title") in Page(polish.text).words
    posted = api.http.post(f"{api.url}{path}?role=mentee&lang=de", data=filled("mentee"), timeout=10)
    assert posted.status_code == 404 and t("de", "not_found.title") in Page(posted.text).words


def test_a_link_cut_short_is_a_404_page_too(api: Api):
    r = api.http.get(f"{api.url}/forms/demo?lang=pl", timeout=10)
    assert r.status_code == 404 and r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert t("pl", "not_found.title") in Page(r.text).words


def test_without_a_role_the_page_asks_which_one(api: Api, runtime: LocalRuntime):
    programme_id = runtime.seeded["programme_id"]
    for query, status in (({"lang": "pl"}, 200), ({"lang": "pl", "role": "boss"}, 400)):
        r = api.http.get(form_url(api, "demo", programme_id, **query), timeout=10)
        assert r.status_code == status
        page = Page(r.text)
        assert t("pl", "choose.title") in page.words
        hrefs = [a["href"] for a in page.all("a")]
        assert "?role=mentee&lang=pl" in hrefs and "?role=mentor&lang=pl" in hrefs
        assert not page.all("form")


def test_a_closed_programme_says_so_politely_and_takes_nothing(api: Api, town: dict[str, Any]):
    programme_id = new_programme(api, town)
    r = api.call("PATCH", f"/v1/programmes/{programme_id}", town["manager"], json={"intake_open": False})
    assert r.status_code == 200, r.text

    shown = api.http.get(form_url(api, town["slug"], programme_id, role="mentee", lang="pl"), timeout=10)
    posted = api.http.post(
        form_url(api, town["slug"], programme_id, role="mentee", lang="pl"), data=filled("mentee"), timeout=10
    )

    assert shown.status_code == 200  # the link still works: intake may open again
    assert t("pl", "closed.title") in Page(shown.text).words
    assert not Page(shown.text).all("form")
    assert posted.status_code == 409 and t("pl", "closed.title") in Page(posted.text).words
    assert applications(api, town, programme_id) == []


# --- posting ------------------------------------------------------------------------------------------


def test_a_form_with_mistakes_comes_back_with_every_value_kept_and_each_error_at_its_field(
    api: Api, town: dict[str, Any]
):
    programme_id = new_programme(api, town)
    body = {**filled("mentee"), "person.email": "amina-at-example"}
    del body["consent.processing"]

    r = api.http.post(
        form_url(api, town["slug"], programme_id, role="mentee", lang="de"), data=body, timeout=10
    )

    assert r.status_code == 422
    page = Page(r.text)
    assert page.all("html")[0]["lang"] == "de"
    assert any(d.get("role") == "alert" for d in page.all("div"))
    assert [a["href"] for a in page.all("a") if a["href"].startswith("#f-")] == [
        "#f-person-email",
        "#f-consent-processing",
    ]
    email = page.by_id("f-person-email")
    assert email["aria-invalid"] == "true" and "f-person-email-error" in email["aria-describedby"].split()
    assert email["value"] == "amina-at-example"
    consent = page.by_id("f-consent-processing")
    assert consent["aria-invalid"] == "true" and consent["aria-describedby"] == "f-consent-processing-error"
    assert "checked" not in consent
    assert t("de", "error.email") in page.words and t("de", "error.consent_required") in page.words
    assert page.by_id("f-person-given_name")["value"] == "Amina"
    assert "checked" in page.by_id("f-profile-interests-cooking")
    assert "checked" not in page.by_id("f-profile-interests-music")
    assert "checked" in page.by_id("f-person-languages-ar") and "checked" in page.by_id(
        "f-person-languages-de"
    )
    assert "checked" not in page.by_id("f-person-languages-pl")
    assert "checked" in page.by_id("f-profile-availability-sat_morning")
    assert "checked" in page.by_id("f-consent-contact_email")
    assert "Einen Ausbildungsplatz finden." in r.text
    assert [a for a in page.all("option") if "selected" in a] == [{"value": "female", "selected": ""}]
    assert "value_error" not in r.text and "pydantic" not in r.text.lower()
    assert applications(api, town, programme_id) == []


def test_a_valid_form_is_confirmed_in_the_chosen_language_and_stored(api: Api, town: dict[str, Any]):
    programme_id = new_programme(api, town)
    url = form_url(api, town["slug"], programme_id, role="mentor", lang="pl")

    r = api.http.post(url, data=filled("mentor"), timeout=10)

    assert r.status_code == 201
    page = Page(r.text)
    assert page.all("html")[0]["lang"] == "pl" and t("pl", "confirm.title") in page.words
    assert not [a for a in page.all("a") if "hreflang" in a]  # they would lead to an empty form
    stored = applications(api, town, programme_id)
    assert [(a["role"], a["language"], a["given_name"]) for a in stored] == [("mentor", "pl", "Amina")]
    assert stored[0]["application_id"] in r.text


def test_applying_twice_with_one_email_shows_the_form_again_with_a_409(api: Api, town: dict[str, Any]):
    programme_id = new_programme(api, town)
    url = form_url(api, town["slug"], programme_id, role="mentee", lang="en")
    body = filled("mentee")

    first = api.http.post(url, data=body, timeout=10)
    again = api.http.post(url, data=body, timeout=10)

    assert first.status_code == 201
    assert again.status_code == 409
    page = Page(again.text)
    assert t("en", "error.duplicate.mentee") in page.words
    assert page.by_id("f-person-email")["aria-invalid"] == "true"
    assert page.by_id("f-person-email")["value"] == body["person.email"]
    assert len(applications(api, town, programme_id)) == 1


def test_the_idempotency_key_header_is_passed_on(api: Api, town: dict[str, Any]):
    programme_id = new_programme(api, town)
    url = form_url(api, town["slug"], programme_id, role="mentee", lang="de")
    body, key = filled("mentee"), str(uuid.uuid4())

    first = api.http.post(url, data=body, headers={"Idempotency-Key": key}, timeout=10)
    replay = api.http.post(url, data=body, headers={"Idempotency-Key": key}, timeout=10)

    assert (first.status_code, replay.status_code) == (201, 201)  # a replay, not a duplicate
    stored = applications(api, town, programme_id)
    assert len(stored) == 1 and stored[0]["application_id"] in replay.text


def test_a_filled_honeypot_looks_accepted_but_nothing_is_stored(api: Api, town: dict[str, Any]):
    programme_id = new_programme(api, town)
    body = {**filled("mentee"), "website": "https://cheap-pills.example"}

    r = api.http.post(
        form_url(api, town["slug"], programme_id, role="mentee", lang="de"), data=body, timeout=10
    )

    assert r.status_code == 201 and t("de", "confirm.title") in Page(r.text).words
    assert applications(api, town, programme_id) == []


def test_the_form_posts_to_its_own_address(api: Api, runtime: LocalRuntime):
    url = form_url(api, "demo", runtime.seeded["programme_id"], role="mentor", lang="pl")
    action = Page(requests.get(url, timeout=10).text).all("form")[0]["action"]
    target = urlsplit(urljoin(url, action))
    assert target.path == urlsplit(url).path
    assert parse_qs(target.query) == {"role": ["mentor"], "lang": ["pl"]}


# --- the public form is no mail cannon (issue 8, items 3, 7, 9 and 13) ----------------------------------


def json_application(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "role": "mentee",
        "language": "en",
        "person": {
            "given_name": "Amina",
            "family_name": "Haddad",
            "email": f"amina.{uuid.uuid4().hex[:10]}@example.org",
            "birth_year": 1998,
            "languages": ["ar", "de"],
        },
        "profile": {"interests": ["cooking"], "industry": "it", "motivation": "m", "expectations": "e"},
        "needs": "n",
        "wishes": {"industry": "care_health"},
        "consent": {"privacy_notice_version": "2026-11", "processing": True},
    }
    for dotted, value in changes.items():
        *parents, leaf = dotted.split(".")
        node = body
        for part in parents:
            node = node[part]
        node[leaf] = value
    return body


def apply_path(town: dict[str, Any], programme_id: str) -> str:
    return f"/v1/public/{town['slug']}/programmes/{programme_id}/applications"


@pytest.mark.parametrize(
    ("dotted", "value"),
    [
        ("person.given_name", "Amina\nYou won! http://win.example"),
        ("person.family_name", "visit www.win.example"),
        ("person.given_name", "mail me at win@example.org"),
        ("consent.privacy_notice_version", "2025-01"),
        ("profile.industry", "IT and whatever I like to write"),
        ("wishes.industry", "care"),
        ("profile.interests", ["cooking", "Call 0800 123 456"]),
        ("profile.values", ["see http://win.example"]),
        ("profile.life_experience", ["free text"]),
    ],
)
def test_json_refuses_free_text_links_and_old_notices_naming_the_field(
    api: Api, town: dict[str, Any], dotted: str, value: Any
):
    programme_id = new_programme(api, town)
    r = api.call("POST", apply_path(town, programme_id), json=json_application(**{dotted: value}))
    assert r.status_code == 422, r.text
    assert r.headers["Content-Type"] == "application/problem+json"
    assert any(e["field"].startswith(dotted) for e in r.json()["errors"]), r.json()
    assert applications(api, town, programme_id) == []


def test_a_mentors_skills_are_choices_too(api: Api, town: dict[str, Any]):
    programme_id = new_programme(api, town)
    body = json_application(role="mentor", skills=["Bewerbungen"], capacity=2)
    del body["needs"], body["wishes"]
    r = api.call("POST", apply_path(town, programme_id), json=body)
    assert r.status_code == 422 and any(e["field"].startswith("skills") for e in r.json()["errors"])


@pytest.mark.parametrize("lang", ["de", "en", "pl"])
def test_a_name_with_a_link_comes_back_with_the_error_at_the_name(api: Api, town: dict[str, Any], lang: str):
    programme_id = new_programme(api, town)
    body = {**filled("mentee"), "person.given_name": "Amina http://win.example"}
    r = api.http.post(
        form_url(api, town["slug"], programme_id, role="mentee", lang=lang), data=body, timeout=10
    )
    assert r.status_code == 422
    page = Page(r.text)
    assert page.by_id("f-person-given_name")["aria-invalid"] == "true"
    assert t(lang, "error.name") in page.words
    assert applications(api, town, programme_id) == []


def digests_to(api: Api, email: str, programme: str) -> list[dict[str, Any]]:
    return [
        m for m in api.outbox_to(email) if programme in m["subject"] and "Neue Bewerbungen" in m["subject"]
    ]


def test_managers_get_one_digest_per_programme_and_hour_when_the_clock_passes_it(
    api: Api, runtime: LocalRuntime, town: dict[str, Any]
):
    """Issue 8, item 3: three applications make one e-mail to the manager, sent by the scheduler clock."""
    name = f"Digest {uuid.uuid4().hex[:6]}"
    programme_id = new_programme(api, town, name=name)
    for role in ("mentee", "mentee", "mentor"):
        r = api.http.post(
            form_url(api, town["slug"], programme_id, role=role, lang="de"), data=filled(role), timeout=10
        )
        assert r.status_code == 201
    api.settle()
    next_hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    if runtime.clock.now() < next_hour:  # no earlier test moved the clock past it already
        assert digests_to(api, town["manager_email"], name) == []

    runtime.advance_clock(timedelta(hours=1))
    api.settle()
    [digest] = digests_to(api, town["manager_email"], name)
    assert "Mentees: 2" in digest["body"] and "Mentoren: 1" in digest["body"]
    assert "Amina" not in digest["body"] and "Haddad" not in digest["body"]

    runtime.advance_clock(timedelta(hours=1))
    api.settle()
    assert len(digests_to(api, town["manager_email"], name)) == 1


def test_the_receipt_is_sent_without_the_contact_tick_and_carries_no_name(api: Api, town: dict[str, Any]):
    programme_id = new_programme(api, town)
    body = {k: v for k, v in filled("mentee").items() if k != "consent.contact_email"}
    r = api.http.post(
        form_url(api, town["slug"], programme_id, role="mentee", lang="en"), data=body, timeout=10
    )
    assert r.status_code == 201
    api.settle()
    [receipt] = api.outbox_to(body["person.email"])
    assert receipt["subject"] == "We received your application"
    assert receipt["body"].startswith("Hello,") and "Amina" not in receipt["body"]


def test_applications_and_contact_records_expire(api: Api, runtime: LocalRuntime, town: dict[str, Any]):
    """Issue 8, item 13: a TTL is set when an application or a contact record is written."""
    programme_id = new_programme(api, town)
    r = api.call("POST", apply_path(town, programme_id), json=json_application())
    assert r.status_code == 201, r.text
    api.settle()
    now = datetime.now(UTC).timestamp()
    with runtime.lock:
        dynamodb = boto3.client("dynamodb")
        application = dynamodb.get_item(
            TableName=os.environ["INTAKE_TABLE_NAME"],
            Key={"pk": {"S": f"{town['tenant_id']}#APPLICATION"}, "sk": {"S": r.json()["application_id"]}},
        )["Item"]
        contacts = dynamodb.query(
            TableName=os.environ["NOTIFICATIONS_TABLE_NAME"],
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": f"{town['tenant_id']}#CONTACT"}},
        )["Items"]
    assert now + 300 * 86400 < int(application["ttl"]["N"]) < now + 3000 * 86400
    assert contacts and all(now < int(c["ttl"]["N"]) for c in contacts)


def test_the_receipt_schema_the_openapi_names_resolves(runtime: LocalRuntime):
    from services.intake.public_api import app

    schema = app.get_openapi_schema().model_dump(mode="json", by_alias=True, exclude_none=True)
    created = schema["paths"]["/v1/public/{tenant_slug}/programmes/{programme_id}/applications"]["post"]
    ref = created["responses"]["201"]["content"]["application/json"]["schema"]["$ref"]
    assert ref == "#/components/schemas/ApplicationReceipt"
    components = schema["components"]["schemas"]
    assert set(components["ApplicationReceipt"]["properties"]) == {"application_id", "status"}

    def refs(node: Any) -> list[str]:
        if isinstance(node, dict):
            return [node["$ref"]] if "$ref" in node else [r for v in node.values() for r in refs(v)]
        if isinstance(node, list):
            return [r for v in node for r in refs(v)]
        return []

    unresolved = {r for r in refs(schema) if r.rsplit("/", 1)[1] not in components}
    assert unresolved == set()


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def test_a_spy_on_the_bus_sees_only_choices_in_matching_facts_and_no_free_text(
    api: Api, runtime: LocalRuntime, town: dict[str, Any]
):
    """Issue 8, item 7: what `ParticipantAccepted` carries to matching comes from the fixed lists; the
    text a person still writes freely (needs, motivation, competences, ...) travels in no event."""
    import json

    from shared import vocabulary as v

    choices = {
        *v.INDUSTRIES, *v.INTERESTS, *v.VALUES, *v.LIFE_EXPERIENCES, *v.SKILLS, *v.SLOTS, *v.GENDERS,
        *v.EDUCATIONS, *v.COMMUNICATION_STYLES, *v.MODES, *v.MENTOR_AGE_RANGES,
    }  # fmt: skip
    secret = f"secret-{uuid.uuid4().hex}"
    programme_id = new_programme(api, town)
    mentee = json_application(
        **{
            "needs": secret,
            "profile.motivation": secret,
            "profile.expectations": secret,
            "profile.values": ["honesty", "humour"],
            "profile.life_experience": ["migration"],
            "profile.availability": ["mon_evening"],
            "wishes.mentor_age_range": "30-44",
        }
    )
    mentor = json_application(
        role="mentor", skills=["cv_writing"], capacity=2, competences=secret, mentoring_experience=secret
    )
    del mentor["needs"], mentor["wishes"]
    mentor["profile"]["motivation"] = secret
    with api.events_seen() as seen:
        for body in (mentee, mentor):
            r = api.call("POST", apply_path(town, programme_id), json=body)
            assert r.status_code == 201, r.text
            decided = api.call(
                "POST",
                f"/v1/applications/{r.json()['application_id']}/decision",
                town["manager"],
                json={"decision": "accepted", "reason": secret},
            )
            assert decided.status_code == 200, decided.text
    assert all(secret not in json.dumps(e) for e in seen)
    accepted = [e["detail"]["data"]["profile"] for e in seen if e["detail-type"] == "ParticipantAccepted"]
    assert len(accepted) == 2
    for profile in accepted:
        languages = set(profile.pop("languages"))
        assert languages <= {"ar", "de"}
        assert set(_strings(profile)) <= choices, set(_strings(profile)) - choices
    assert {"cooking", "it", "care_health", "honesty", "migration", "cv_writing"} <= {
        s for p in accepted for s in _strings(p)
    }
