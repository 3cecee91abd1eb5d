"""Matching's API Lambda: runs, proposals, matches, candidates (API.md, "matching")."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Query

from services.matching import logic
from services.matching.deps import publisher, store
from services.matching.metrics import MATCHES_CONFIRMED, SERVICE, count
from services.matching.schemas import (
    CandidateList,
    EndMatch,
    EndResult,
    Exclusion,
    ExclusionCreate,
    ExclusionList,
    Match,
    MatchCreate,
    MatchingRun,
    MatchList,
    PublishRequest,
    PublishResult,
    RunAccepted,
    RunCreate,
)
from shared.http import answer, api_handler, make_resolver, principal
from shared.route_parts import include_later, router_of
from shared.vocabulary import SHIPPED_LANGUAGES

app = make_resolver(SERVICE)

# The signed-in pages (`/app/**`): each module of services/matching/web adds its routes to `web.router`; they
# join at the first page asked for (shared/route_parts.py `include_later`), so an API call loads none of them.
PAGES = router_of("services.matching.web", "home", "manual", "matches", "runs")
include_later(app, ["/app"], PAGES)


def _language() -> str:
    """The caller's language for reasons, from Accept-Language (en, de or pl)."""
    header = (app.current_event.headers.get("accept-language") or "en").lower()
    return next(
        (
            lang
            for lang in (part.split(";")[0].strip()[:2] for part in header.split(","))
            if lang in SHIPPED_LANGUAGES
        ),
        "en",
    )


@app.post(
    "/v1/programmes/<programme_id>/matching-runs",
    tags=["matching"],
    status_code=202,
    response_description="accepted; poll GET /v1/matching-runs/{run_id}",
)
def start_run(programme_id: str, body: Annotated[RunCreate, Body()]) -> Response[RunAccepted]:
    if body.language is None:
        body = body.model_copy(update={"language": _language()})
    run = logic.request_run(principal(app), programme_id, body, store(), publisher())
    accepted = RunAccepted(run_id=run.run_id, status=run.status)
    return answer(202, accepted, f"/v1/matching-runs/{run.run_id}")


@app.get("/v1/matching-runs/<run_id>", tags=["matching"])
def read_run(run_id: str) -> MatchingRun:
    return logic.read_run(principal(app), run_id, store())


@app.post("/v1/matching-runs/<run_id>/publish", tags=["matching"])
def publish_run(run_id: str, body: Annotated[PublishRequest, Body()]) -> PublishResult:
    published = logic.publish_run(principal(app), run_id, body, store(), publisher())
    count(MATCHES_CONFIRMED, len(published.matches))
    return published


@app.post("/v1/matches", tags=["matches"], status_code=201, response_description="matched")
def create_match(body: Annotated[MatchCreate, Body()]) -> Response[Match]:
    match = logic.create_match(principal(app), body, store(), publisher())
    count(MATCHES_CONFIRMED)
    return answer(201, match, f"/v1/matches/{match.match_id}")


@app.get("/v1/matches", tags=["matches"])
def list_matches(programme_id: Annotated[str | None, Query()] = None) -> MatchList:
    return MatchList(items=logic.list_matches(principal(app), programme_id, store()))


@app.get("/v1/matches/<match_id>", tags=["matches"])
def read_match(match_id: str) -> Match:
    return logic.read_match(principal(app), match_id, store())


@app.post("/v1/matches/<match_id>/end", tags=["matches"])
def end_match(match_id: str, body: Annotated[EndMatch, Body()]) -> EndResult:
    return logic.end_match(principal(app), match_id, body, store(), publisher(), _language())


@app.get("/v1/programmes/<programme_id>/candidates", tags=["matching"])
def candidates(
    programme_id: str,
    mentee_id: Annotated[str, Query(min_length=1)],
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
) -> CandidateList:
    return logic.candidates(principal(app), programme_id, mentee_id, limit, _language(), store())


@app.post(
    "/v1/programmes/<programme_id>/exclusions",
    tags=["matching"],
    status_code=201,
    response_description="the pair will never be proposed",
)
def add_exclusion(programme_id: str, body: Annotated[ExclusionCreate, Body()]) -> Response[Exclusion]:
    exclusion = Exclusion(mentor_id=body.mentor_id, mentee_id=body.mentee_id)
    logic.add_exclusion(principal(app), programme_id, exclusion, store())
    return answer(201, exclusion)


@app.get("/v1/programmes/<programme_id>/exclusions", tags=["matching"])
def list_exclusions(programme_id: str) -> ExclusionList:
    return ExclusionList(items=logic.list_exclusions(principal(app), programme_id, store()))


handler = api_handler(app, SERVICE)
