"""Helpers for the signed-in pages in a real browser: Debian's Chromium, driven by Playwright.

    with chromium() as browser:                      # or the `browser` fixture of tests/e2e/conftest.py
        page = desktop(browser)
        sign_in(page, runtime.url, "demo", "manager@demo.tandem.local")
        check_axe(page)                              # WCAG 2.0/2.1/2.2 A and AA: 0 violations
        screenshot(page, "programmes")               # tests/e2e/artifacts/programmes.png (full page)
        screenshot_phone(page, "programmes")         # …and programmes-360.png, 360 px wide

Chromium is /usr/bin/chromium (never `playwright install`). JavaScript stays on in these contexts only
because axe-core runs as a script; the pages ship none, and the CSP forbids any.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 800}
#: The rules axe-core checks: WCAG 2.0, 2.1 and 2.2, levels A and AA (what issue 10 asks for).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
_CODE = re.compile(r"^\s*(\d{6})\s*$", re.MULTILINE)
_axe = Axe()


@contextmanager
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        raise RuntimeError(
            f"{CHROMIUM} is missing: install Debian's Chromium (make chromium, or apt-get install chromium)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            yield browser
        finally:
            browser.close()


def desktop(browser: Browser, **options: Any) -> Page:
    """A new page in a fresh context (no cookies), desktop-sized. Close it with `page.context.close()`."""
    return browser.new_context(viewport=DESKTOP, **options).new_page()


def phone(browser: Browser, **options: Any) -> Page:
    """A new page in a fresh context, 360 px wide (the narrowest phone the pages must work on)."""
    return browser.new_context(viewport=PHONE, **options).new_page()


# --- signing in ---------------------------------------------------------------------------------------


def emails_to(base_url: str, email: str) -> list[dict[str, Any]]:
    """Every e-mail the local runtime has sent to this address, oldest first (GET /local/outbox)."""
    emails = requests.get(f"{base_url}/local/outbox", timeout=10).json()["emails"]
    return [e for e in emails if email.lower() in (to.lower() for to in e["to"])]


def newest_code(base_url: str, email: str, *, after: int = 0) -> str:
    """The code in the newest sign-in e-mail to `email`, waiting briefly for one past the first `after`."""
    deadline = time.monotonic() + 10
    while True:
        mails = emails_to(base_url, email)
        codes = [m for m in mails if m.get("body") and _CODE.search(m["body"])]
        if len(codes) > after:
            found = _CODE.search(codes[-1]["body"])
            assert found is not None
            return found.group(1)
        if time.monotonic() > deadline:
            raise AssertionError(f"no sign-in code for {email} in /local/outbox ({len(mails)} e-mails)")
        time.sleep(0.05)


def code_count(base_url: str, email: str) -> int:
    return sum(1 for m in emails_to(base_url, email) if m.get("body") and _CODE.search(m["body"]))


def sign_in(page: Page, base_url: str, slug: str, email: str, *, next_path: str | None = None) -> None:
    """Signs in as a person does: the e-mail, the code from the outbox, and on to the page after it.

    Starts at /app/<slug>/sign-in (or at `next_path`, which sends the browser there first); returns on the
    page the sign-in lands on (the person's start page, or the page asked for)."""
    before = code_count(base_url, email)
    page.goto(f"{base_url}{next_path}" if next_path else f"{base_url}/app/{slug}/sign-in")
    page.locator("#f-email").fill(email)
    with page.expect_navigation():
        page.locator("#f-email").press("Enter")
    assert "/sign-in/code" in page.url, f"not on the code page after the e-mail: {page.url}"
    page.locator("#f-code").fill(newest_code(base_url, email, after=before))
    with page.expect_navigation():
        page.locator("#f-code").press("Enter")
    assert "/sign-in" not in page.url.split("?")[0], f"still signing in: {page.url}"


# --- accessibility ------------------------------------------------------------------------------------


def axe_violations(page: Page) -> list[dict[str, Any]]:
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return list(results.response["violations"])


def check_axe(page: Page) -> None:
    """axe-core over the page as it is now: 0 violations of WCAG 2.0/2.1/2.2 A and AA, or a list."""
    violations = axe_violations(page)
    if not violations:
        return
    lines = [f"{len(violations)} axe-core violation(s) on {page.url}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']} — {v.get('helpUrl', '')}")
        for node in v.get("nodes", [])[:5]:
            target = " ".join(str(t) for t in node.get("target", []))
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    at {target}: {summary}")
    raise AssertionError("\n".join(lines))


# --- screenshots --------------------------------------------------------------------------------------


def screenshot(page: Page, name: str) -> Path:
    """The whole page (not only the viewport) as tests/e2e/artifacts/<name>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def screenshot_phone(page: Page, name: str) -> Path:
    """The same page 360 px wide, as <name>-360.png (the viewport is put back afterwards); also fails if
    the page then scrolls sideways."""
    before = page.viewport_size or DESKTOP
    page.set_viewport_size(PHONE)
    try:
        path = screenshot(page, f"{name}-360")
        assert_fits_the_phone(page)
    finally:
        page.set_viewport_size(before)
    return path


def assert_fits_the_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways at 360 px: {width} px wide"
