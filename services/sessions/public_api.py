"""Sessions' public function: the private calendar feeds, reached without an account (calendar apps send
no bearer token). It runs apart from the API function, like intake's public function; its path is under
ANONYMOUS_PREFIXES (shared/manifest.py), so the front rate-limits it per address like every public path."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response

from services.sessions import logic
from services.sessions.deps import store
from services.sessions.metrics import SERVICE
from shared.http import api_handler, make_resolver

app = make_resolver(SERVICE)
CALENDAR = "text/calendar"


@app.get(
    "/v1/public/calendars/<feed_file>",
    tags=["public"],
    summary="A person's private calendar feed: `<secret>.ics`, as POST /v1/me/calendar-feed made it",
    responses={
        200: {
            "description": "every session of the person's relationships (RFC 5545)",
            "content": {CALENDAR: {}},
        }
    },
)
def calendar_feed(feed_file: str) -> Response[str]:
    feed = logic.person_feed(feed_file, store())
    # Private: a shared cache must not keep it; a calendar app asks again when it refreshes.
    return Response(
        status_code=200,
        content_type=CALENDAR,
        body=feed.decode(),
        headers={"Cache-Control": "private, no-store"},
    )


handler = api_handler(app, SERVICE)
