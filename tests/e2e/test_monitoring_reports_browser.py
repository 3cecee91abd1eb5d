"""The reports in a real browser (Debian's Chromium through Playwright): the manager opens the programme's
report and sees the charts and the change in the ratings, then the relationships at risk; the network
admin reads the network's report. Every page passes axe-core (WCAG 2.2 AA) in en, de and pl, fits a
360 px phone, and is photographed into tests/e2e/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from infra.local.seed import ADMIN_EMAIL
from tests.e2e.browser import check_axe, chromium, desktop, screenshot, screenshot_phone, sign_in
from tests.e2e.conftest import Api
from tests.e2e.test_monitoring_reports import play_the_programme
from tests.e2e.test_sessions_api import group_of_three

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def group(api: Api) -> dict[str, Any]:
    made = group_of_three(api, name="Report journey")
    play_the_programme(api, made)
    return made


def look(page: Page, name: str) -> None:
    check_axe(page)
    screenshot(page, name)
    screenshot_phone(page, name)


def images_loaded(page: Page) -> list[int]:
    return page.eval_on_selector_all("figure.chart img", "imgs => imgs.map(i => i.naturalWidth)")


def test_the_manager_sees_the_charts_and_the_change(api: Api, browser: Browser, group):
    page = desktop(browser)
    report = f"/app/{group['slug']}/programmes/{group['programme_id']}/report"
    sign_in(page, api.url, group["slug"], group["manager_email"], next_path=report)

    assert page.locator("h1").inner_text() == "Report: Report journey"
    assert page.locator("#rating-mean").inner_text() == "5.33 / 7"
    assert images_loaded(page) == [800, 800, 800]
    alts = page.eval_on_selector_all("figure.chart img", "imgs => imgs.map(i => i.alt)")
    assert "Mean at the start 5.33, now 7.0. 2 improved, 0 stayed the same, 1 fell." in alts[0]
    look(page, "monitoring-report")

    page.get_by_role("link", name="Relationships at risk: 1").click()
    assert page.locator("h1").inner_text() == "Relationships at risk"
    assert "rating now below the rating at the start" in page.locator(".cards").inner_text()
    look(page, "monitoring-risks")

    for lang in ("de", "pl"):
        page.goto(f"{api.url}{report}?lang={lang}")
        assert images_loaded(page) == [800, 800, 800]
        look(page, f"monitoring-report-{lang}")
        page.goto(f"{api.url}/app/{group['slug']}/programmes/{group['programme_id']}/risks?lang={lang}")
        look(page, f"monitoring-risks-{lang}")
    page.context.close()


def test_a_chart_opened_on_its_own_is_the_svg_with_its_title(api: Api, browser: Browser, group):
    page = desktop(browser)
    chart = f"/app/{group['slug']}/programmes/{group['programme_id']}/report/outcomes.svg"
    sign_in(page, api.url, group["slug"], group["manager_email"], next_path=chart)
    assert page.title() == "Outcomes at the start and the latest"
    page.context.close()


def test_the_network_admin_reads_the_network_report_with_small_cells_hidden(
    api: Api, browser: Browser, group
):
    page = desktop(browser)
    sign_in(page, api.url, "network", ADMIN_EMAIL, next_path="/app/network/report")

    assert page.locator("h1").inner_text() == "Network report"
    row = page.locator("tbody tr", has_text=f"Town {group['slug']}")
    assert "not shown" in row.inner_text()
    look(page, "monitoring-network")
    for lang in ("de", "pl"):
        page.goto(f"{api.url}/app/network/report?lang={lang}")
        look(page, f"monitoring-network-{lang}")
    page.context.close()
