"""Web page figures (issue 10): server time of each page through the local runtime's front, in-process (no
socket: what the function and the front cost, not the network), and each page's weight in bytes.

Run with `make bench`. Figures are printed, not asserted (the machine is shared); each answer's status is.
To measure more pages, add rows to PAGES: a path may name {slug} and {programme_id} (the demo's), and
`who` says whether the demo manager's session cookie goes along.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from infra.local.front import HttpResult
from infra.local.runtime import LocalRuntime
from infra.local.seed import ADMIN_EMAIL
from services.intake.seed import MANAGER_EMAIL
from shared.web.session import CSRF_COOKIE, CSRF_FIELD, ID_COOKIE, SIGN_IN_COOKIE

REQUESTS = 200
CSRF = "b" * 43
ANYONE, MANAGER, ADMIN = "anyone", "manager", "admin"


@dataclass(frozen=True)
class PageRow:
    label: str
    path: str
    status: int = 200
    who: str = ANYONE
    method: str = "GET"
    form: tuple[tuple[str, str], ...] = ()
    #: Needs a pending sign-in (the cookie the e-mail form sets).
    signing_in: bool = False


PAGES: list[PageRow] = [
    PageRow("choose the municipality", "/app"),
    PageRow("sign-in: the e-mail form", "/app/{slug}/sign-in"),
    PageRow("sign-in: the e-mail form in Polish", "/app/{slug}/sign-in?lang=pl"),
    PageRow(
        "sign-in: an e-mail that is not an address",
        "/app/{slug}/sign-in",
        422,
        method="POST",
        form=(("email", "not an address"),),
    ),
    PageRow("nobody signed in: to the sign-in", "/app/{slug}", 303),
    PageRow("signed in: to the start page (token verified)", "/app/{slug}", 303, who=MANAGER),
    PageRow("404 page: no such municipality", "/app/nowhere/sign-in", 404),
    # The manager's pages over the demo programme (its applicants, mentors and mentees).
    PageRow("manager: programmes", "/app/{slug}/programmes", who=MANAGER),
    PageRow("manager: a programme's dashboard", "/app/{slug}/programmes/{programme_id}", who=MANAGER),
    PageRow("manager: settings", "/app/{slug}/programmes/{programme_id}/settings", who=MANAGER),
    PageRow("manager: applications", "/app/{slug}/programmes/{programme_id}/applications", who=MANAGER),
    PageRow("manager: participants", "/app/{slug}/programmes/{programme_id}/participants", who=MANAGER),
    PageRow("manager: matching", "/app/{slug}/programmes/{programme_id}/matching", who=MANAGER),
    PageRow("manager: matches", "/app/{slug}/programmes/{programme_id}/matches", who=MANAGER),
    PageRow("admin: municipalities", "/app/network/municipalities", who=ADMIN),
    # Last: each of these leaves a sign-in item behind (200 of them), and moto answers every query of a
    # global index by scanning the whole table, so the rows after them would measure moto's scan.
    PageRow(
        "sign-in: post the e-mail (sends a code)",
        "/app/{slug}/sign-in",
        303,
        method="POST",
        form=(("email", MANAGER_EMAIL),),
    ),
    PageRow("sign-in: the code form", "/app/{slug}/sign-in/code", signing_in=True),
]


def _invoke(runtime: LocalRuntime, row: PageRow, cookies: dict[str, str]) -> tuple[float, HttpResult]:
    slug, programme_id = runtime.seeded["tenant_slug"], runtime.seeded["programme_id"]
    path = row.path.format(slug=slug, programme_id=programme_id)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    body = b""
    if row.method == "POST":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = urlencode([(CSRF_FIELD, CSRF), *row.form]).encode()
    start = time.perf_counter()
    result = runtime.front.invoke(row.method, path, headers, body)
    return time.perf_counter() - start, result


def _pending_sign_in(runtime: LocalRuntime) -> str:
    """The sign-in cookie of a code just sent to the demo manager."""
    row = PageRow("", "/app/{slug}/sign-in", 303, method="POST", form=(("email", MANAGER_EMAIL),))
    _, result = _invoke(runtime, row, {CSRF_COOKIE: CSRF})
    for name, value in result.headers:
        if name.lower() == "set-cookie":
            jar: SimpleCookie = SimpleCookie()
            jar.load(value)
            if SIGN_IN_COOKIE in jar:
                return jar[SIGN_IN_COOKIE].value
    raise AssertionError("no sign-in cookie")


def test_page_server_time_and_weight(runtime: LocalRuntime) -> None:
    manager_token = runtime.token(MANAGER_EMAIL, runtime.seeded["tenant_slug"])
    admin_token = runtime.token(ADMIN_EMAIL)
    lines = [
        f"\nWeb pages through the local front, in-process, {REQUESTS} requests each "
        "(server time: the front, the function and the template; no socket):",
        f"{'page':<50} {'status':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'bytes':>8}",
    ]
    for row in PAGES:
        cookies = {CSRF_COOKIE: CSRF}
        if row.who in (MANAGER, ADMIN):
            cookies[ID_COOKIE] = manager_token if row.who == MANAGER else admin_token
        if row.signing_in:
            cookies[SIGN_IN_COOKIE] = _pending_sign_in(runtime)
        _invoke(runtime, row, cookies)  # the first answer renders its templates once; not counted
        times, weight = [], 0
        for _ in range(REQUESTS):
            seconds, result = _invoke(runtime, row, cookies)
            assert result.status == row.status, (row.label, result.status, result.body[:300])
            times.append(seconds)
            weight = len(result.body)
        times.sort()
        p50 = statistics.median(times) * 1000
        p95 = times[int(len(times) * 0.95) - 1] * 1000
        lines.append(
            f"{row.label:<50} {row.status:>6} {p50:>8.1f} {p95:>8.1f} {times[-1] * 1000:>8.1f} {weight:>8}"
        )
    print("\n".join(lines))
