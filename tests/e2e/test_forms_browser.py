"""The application form in a real browser on a phone-sized screen: Debian's Chromium, driven by Playwright.

Screenshots of every page land in tests/e2e/artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from infra.local.runtime import LocalRuntime
from services.intake.i18n import t
from shared.choices import label as choice
from tests.e2e.browser import ARTIFACTS, chromium
from tests.e2e.conftest import PROGRAMME, Api

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 800}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with chromium() as launched:  # Debian's Chromium, launched as every browser test launches it
        yield launched


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    # JavaScript off: the form must work without it, and the pages ship none.
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def form_url(runtime: LocalRuntime, role: str, lang: str) -> str:
    return f"{runtime.url}/forms/demo/{runtime.seeded['programme_id']}?role={role}&lang={lang}"


def shoot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def assert_fits_the_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways: {width} px wide"


def label(page: Page, lang: str, key: str, **values: object):
    return page.get_by_label(t(lang, key, **values), exact=False)


def fill_basics(page: Page, lang: str, email: str) -> None:
    label(page, lang, "field.person.given_name.label").fill("Amina")
    label(page, lang, "field.person.family_name.label").fill("Haddad")
    label(page, lang, "field.person.email.label").fill(email)
    label(page, lang, "field.person.birth_year.label").fill("1998")
    page.get_by_label(choice(lang, "language", "ar")).check()
    page.get_by_label(choice(lang, "language", "de")).check()
    page.get_by_label(
        t(lang, "availability.slot", day=t(lang, "day.mon"), part=t(lang, "part.evening"))
    ).check()
    page.locator("#f-profile-motivation").fill("Ich möchte in meinem Beruf ankommen.")
    page.locator("#f-profile-expectations").fill("Jemanden, der mir den Weg zeigt.")
    page.get_by_label(choice(lang, "interest", "cooking"), exact=True).check()
    page.get_by_label(choice(lang, "interest", "football"), exact=True).check()


def fill_mentee(page: Page, lang: str, email: str) -> None:
    fill_basics(page, lang, email)
    label(page, lang, "field.needs.label").fill("Einen Ausbildungsplatz in der Pflege finden.")
    page.get_by_label(t(lang, "field.wishes.mentor_gender.label")).select_option("female")


def fill_mentor(page: Page, lang: str, email: str) -> None:
    fill_basics(page, lang, email)
    page.get_by_label(choice(lang, "skill", "cv_writing"), exact=True).check()
    page.get_by_label(choice(lang, "skill", "accounting"), exact=True).check()
    label(page, lang, "field.capacity.label").select_option("2")


def submit(page: Page, lang: str) -> int:
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name=t(lang, "form.submit")).click()
    page.wait_for_load_state()
    return answer.value.status


def assert_error_at(page: Page, field_id: str, message: str) -> None:
    """The message is shown right above its field, tied to it for screen readers."""
    error = page.locator(f"#{field_id}-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text(message)
    field = page.locator(f"#{field_id}")
    expect(field).to_have_attribute("aria-invalid", "true")
    assert f"{field_id}-error" in (field.get_attribute("aria-describedby") or "").split()
    error_box, field_box = error.bounding_box(), field.bounding_box()
    assert error_box and field_box and 0 <= field_box["y"] - error_box["y"] < 120


def open_form(page: Page, runtime: LocalRuntime, role: str, lang: str) -> None:
    """The demo form, opened on the phone: in the language asked for, titled for the role, fitting."""
    page.goto(form_url(runtime, role, lang))
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(t(lang, f"form.title.{role}"))
    assert_fits_the_phone(page)
    shoot(page, f"{lang}-{role}-form")


def test_a_german_mentee_fills_the_form_and_is_thanked_in_german(phone: Page, runtime: LocalRuntime):
    open_form(phone, runtime, "mentee", "de")

    fill_mentee(phone, "de", f"amina.{uuid.uuid4().hex[:10]}@example.org")
    label(phone, "de", "field.consent.processing.label").check()
    status = submit(phone, "de")

    assert status == 201
    expect(phone.get_by_role("heading", level=1)).to_have_text(t("de", "confirm.title"))
    expect(phone.locator("main")).to_contain_text("Vielen Dank, Amina.")
    assert_fits_the_phone(phone)
    shoot(phone, "de-mentee-confirmation")


def test_a_bad_email_and_no_consent_are_shown_at_their_fields_in_german(phone: Page, runtime: LocalRuntime):
    phone.goto(form_url(runtime, "mentee", "de"))
    fill_mentee(phone, "de", "amina-at-example")

    status = submit(phone, "de")

    assert status == 422
    summary = phone.get_by_role("alert")
    expect(summary).to_contain_text(t("de", "error.summary_title"))
    expect(summary.get_by_role("link")).to_have_count(2)
    assert_error_at(phone, "f-person-email", t("de", "error.email"))
    assert_error_at(phone, "f-consent-processing", t("de", "error.consent_required"))
    expect(label(phone, "de", "field.person.given_name.label")).to_have_value("Amina")
    expect(label(phone, "de", "field.person.email.label")).to_have_value("amina-at-example")
    expect(label(phone, "de", "field.needs.label")).to_have_value(
        "Einen Ausbildungsplatz in der Pflege finden."
    )
    expect(phone.get_by_label(choice("de", "interest", "cooking"), exact=True)).to_be_checked()
    expect(phone.get_by_label(choice("de", "language", "ar"))).to_be_checked()
    expect(phone.get_by_label(t("de", "field.wishes.mentor_gender.label"))).to_have_value("female")
    expect(label(phone, "de", "field.consent.processing.label")).not_to_be_checked()
    assert_fits_the_phone(phone)
    shoot(phone, "de-mentee-errors")

    summary.get_by_role("link").first.click()
    assert phone.url.endswith("#f-person-email")
    expect(phone.locator("#f-person-email")).to_be_focused()


def test_a_polish_mentor_corrects_the_mistakes_and_is_thanked_in_polish(phone: Page, runtime: LocalRuntime):
    open_form(phone, runtime, "mentor", "pl")
    fill_mentor(phone, "pl", "jan(at)example")

    assert submit(phone, "pl") == 422
    assert_error_at(phone, "f-person-email", t("pl", "error.email"))
    assert_error_at(phone, "f-consent-processing", t("pl", "error.consent_required"))
    expect(phone.get_by_label(choice("pl", "skill", "accounting"), exact=True)).to_be_checked()
    expect(label(phone, "pl", "field.capacity.label")).to_have_value("2")
    assert_fits_the_phone(phone)
    shoot(phone, "pl-mentor-errors")

    label(phone, "pl", "field.person.email.label").fill(f"jan.{uuid.uuid4().hex[:10]}@example.org")
    label(phone, "pl", "field.consent.processing.label").check()
    assert submit(phone, "pl") == 201
    expect(phone.get_by_role("heading", level=1)).to_have_text(t("pl", "confirm.title"))
    expect(phone.locator("main")).to_contain_text("Dziękujemy, Amina.")
    shoot(phone, "pl-mentor-confirmation")


def test_the_keyboard_reaches_the_first_input_and_skips_the_trap(phone: Page, runtime: LocalRuntime):
    phone.goto(form_url(runtime, "mentee", "en"))
    visited: list[str] = []
    for _ in range(12):
        phone.keyboard.press("Tab")
        focused = phone.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")
        visited.append(focused)
        if focused == "f-person-given_name":
            break
    assert visited[0] == t("en", "nav.skip")  # the first stop skips the language links
    assert visited[-1] == "f-person-given_name", visited

    phone.keyboard.type("Amina")
    phone.keyboard.press("Tab")
    expect(phone.locator("#f-person-family_name")).to_be_focused()
    expect(phone.locator("#f-person-given_name")).to_have_value("Amina")
    assert "f-website" not in visited


def test_the_other_pages_fit_a_phone(phone: Page, runtime: LocalRuntime, api: Api):
    manager = api.token(runtime.seeded["manager"])
    closed = api.call("POST", "/v1/programmes", manager, json={**PROGRAMME, "intake_open": False})
    assert closed.status_code == 201, closed.text
    for name, url in (
        ("pl-closed", f"{runtime.url}/forms/demo/{closed.json()['programme_id']}?role=mentee&lang=pl"),
        ("en-choose-role", f"{runtime.url}/forms/demo/{runtime.seeded['programme_id']}?lang=en"),
        ("de-not-found", f"{runtime.url}/forms/demo/prg_nope?role=mentee&lang=de"),
        ("pl-mentee-form", form_url(runtime, "mentee", "pl")),
        ("en-mentor-form", form_url(runtime, "mentor", "en")),
    ):
        phone.goto(url)
        assert_fits_the_phone(phone)
        shoot(phone, name)
