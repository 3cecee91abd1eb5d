"""Errors on the signed-in pages are pages: the same calm layout, in the person's language, never JSON.

`shared/http.py` calls `error_page` for every error on a path under `/app`, and `sign_in_redirect` when
nobody (or somebody of another municipality) is signed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aws_lambda_powertools.event_handler import Response

from shared.errors import SignInRequired
from shared.web.pages import WebPages, municipality_language, redirect, sign_in_path

_SHARED = WebPages()
#: Statuses with a page of their own; any other is shown as the nearest of its class.
_PAGES = {400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500}
#: Where the rule's own words help the person (a conflict, a rule broken); elsewhere they add nothing.
_DETAILED = {409, 422}


def slug_of(path: str) -> str | None:
    parts = [p for p in path.split("/") if p]
    if len(parts) >= 2 and parts[0] == "app" and parts[1] != "network":
        return parts[1]
    return None


def error_page(
    event: Mapping[str, Any],
    status: int,
    detail: str | None = None,
    *,
    key: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response[str]:
    shown = status if status in _PAGES else (500 if status >= 500 else 400)
    path = str(event.get("path") or "")
    visit = _SHARED.open(event, slug_of(path), default_language=municipality_language(event))
    page = _SHARED.chrome(visit)
    if shown == 404 and not page["signed_in"]:
        # Perhaps no such municipality: its sign-in page would be this page again, so start at the choice.
        page["home"] = "/app"
    body = _SHARED.env.get_template("error.html").render(
        page=page,
        t=visit.t,
        heading=visit.t(f"error.{shown}.heading"),
        message=visit.t(key or f"error.{shown}.message"),
        detail=detail if shown in _DETAILED else None,
    )
    response = Response(
        status_code=status,
        content_type="text/html; charset=utf-8",
        body=body,
        headers={"Cache-Control": "no-store", **(headers or {})},
        cookies=visit.cookies,
    )
    return response


def sign_in_redirect(error: SignInRequired) -> Response[str]:
    return redirect(sign_in_path(error.slug, error.next_path), error.cookies)
