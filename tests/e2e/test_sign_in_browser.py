"""Signing in with an e-mail and a code in a real browser (Debian's Chromium through Playwright): the demo
manager's way in, by mouse and by keyboard alone, every page checked by axe-core (WCAG 2.2 AA, 0 violations)
and photographed on a desktop and at 360 px in tests/e2e/artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from infra.local.runtime import LocalRuntime
from services.intake.seed import MANAGER_EMAIL
from tests.e2e.browser import (
    check_axe,
    chromium,
    code_count,
    desktop,
    newest_code,
    screenshot,
    screenshot_phone,
    sign_in,
)

pytestmark = pytest.mark.browser

#: Where the demo manager's work starts (the manager's pages may not be merged yet: the URL is checked).
PROGRAMMES = "/app/demo/programmes"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    opened = desktop(browser)
    yield opened
    opened.context.close()


def look(page: Page, name: str) -> None:
    """What every page gets: axe-core, and a screenshot on a desktop and on a phone."""
    check_axe(page)
    screenshot(page, name)
    screenshot_phone(page, name)


def test_the_demo_manager_signs_in_from_the_app_start(runtime: LocalRuntime, page: Page) -> None:
    page.goto(f"{runtime.url}/app")
    look(page, "sign-in-1-choose")
    page.get_by_role("link", name="Demo", exact=False).first.click()
    assert page.url.endswith("/app/demo/sign-in")
    look(page, "sign-in-2-email")

    # A mistake first: the form again with the error at its field.
    page.locator("#f-email").fill("not an address")
    page.locator("button[type=submit]").click()
    assert page.locator("#f-email-error").is_visible()
    look(page, "sign-in-2-email-error")

    before = code_count(runtime.url, MANAGER_EMAIL)
    page.locator("#f-email").fill(MANAGER_EMAIL)
    page.locator("button[type=submit]").click()
    assert page.url.endswith("/app/demo/sign-in/code")
    look(page, "sign-in-3-code")

    code = newest_code(runtime.url, MANAGER_EMAIL, after=before)
    wrong = "000000" if code != "000000" else "111111"
    page.locator("#f-code").fill(wrong)
    page.locator("form:has(#f-code) button[type=submit]").click()
    assert page.locator("#f-code-error").is_visible()
    assert page.locator(".summary a[href='#f-code']").count() == 1
    look(page, "sign-in-3-code-error")

    page.locator("#f-code").fill(code)
    page.locator("form:has(#f-code) button[type=submit]").click()
    assert page.url == f"{runtime.url}{PROGRAMMES}"
    names = {c["name"] for c in page.context.cookies()}
    assert {"__Host-tandem-id", "__Host-tandem-refresh"} <= names


def test_keyboard_alone_signs_in(runtime: LocalRuntime, page: Page) -> None:
    page.goto(f"{runtime.url}/app/demo/sign-in")
    tab_to(page, "f-email")
    page.keyboard.type(MANAGER_EMAIL)
    before = code_count(runtime.url, MANAGER_EMAIL)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/app/demo/sign-in/code" in page.url

    tab_to(page, "f-code")
    page.keyboard.type(newest_code(runtime.url, MANAGER_EMAIL, after=before))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{runtime.url}{PROGRAMMES}"


def tab_to(page: Page, element_id: str, most: int = 20) -> None:
    """Presses Tab until the element has the focus (as a keyboard user would), failing after `most`."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            # The focus must be seen, not only be there: the layout draws an outline around it.
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"#{element_id} has the focus but shows no outline"
            return
    raise AssertionError(f"#{element_id} not reached with {most} presses of Tab on {page.url}")


def test_the_sign_in_helper_returns_to_the_page_asked_for(runtime: LocalRuntime, page: Page) -> None:
    # /app/demo sends someone not signed in to the sign-in page and, after it, on to their start page.
    sign_in(page, runtime.url, "demo", MANAGER_EMAIL, next_path="/app/demo")
    assert page.url == f"{runtime.url}{PROGRAMMES}"


def test_the_error_pages_pass_axe(runtime: LocalRuntime, page: Page) -> None:
    # 404: a municipality that does not exist.
    response = page.goto(f"{runtime.url}/app/no-such-town/sign-in")
    assert response is not None and response.status == 404
    assert page.locator("h1").count() == 1
    look(page, "error-404")
    page.get_by_role("link", name="Go to the start page").click()
    assert page.url == f"{runtime.url}/app", "the way on leads somewhere that exists"

    # 403: a form whose CSRF token was tampered with (as a forged cross-site post would be).
    page.goto(f"{runtime.url}/app/demo/sign-in")
    page.evaluate("document.querySelector('input[name=csrf]').value = 'forged'")
    page.locator("#f-email").fill(MANAGER_EMAIL)
    with page.expect_navigation() as navigation:
        page.locator("button[type=submit]").click()
    assert navigation.value is not None and navigation.value.status == 403
    assert page.locator("h1").count() == 1
    assert page.locator("html").get_attribute("lang") == "de", "in the municipality's language, as its form"
    look(page, "error-403")


def test_the_pages_in_every_language_pass_axe(runtime: LocalRuntime, page: Page) -> None:
    for lang in ("en", "de", "pl"):
        page.goto(f"{runtime.url}/app/demo/sign-in?lang={lang}")
        assert page.locator("html").get_attribute("lang") == lang
        check_axe(page)
    screenshot(page, "sign-in-2-email-pl")


def test_check_axe_names_what_is_wrong(page: Page) -> None:
    # The helper itself: a page with known faults must fail, naming each rule and where.
    page.set_content('<html><body><img src="x.png"><a href="/x"></a><input type="text"></body></html>')
    with pytest.raises(AssertionError) as failed:
        check_axe(page)
    message = str(failed.value)
    for rule in ("html-has-lang", "image-alt", "link-name", "label"):
        assert f"- {rule} (" in message, message
    assert "at img" in message
