"""Sessions' API Lambda: the agreement, goals, the session plan, absences, attendance and the diary
(API.md, "sessions"). Thin routes: who may do what is decided in `logic`, from the token's tenant."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from services.sessions import logic
from services.sessions.deps import publisher, store
from services.sessions.metrics import AGREEMENTS_SIGNED, SERVICE, SESSIONS_HELD, SESSIONS_PLANNED, count
from services.sessions.schemas import (
    AbsenceNotice,
    Agreement,
    AgreementTemplate,
    AgreementTemplateWrite,
    AgreementWrite,
    Attendance,
    CalendarFeedLink,
    Diary,
    DiaryRemark,
    DiaryWrite,
    FeedbackWrite,
    Goals,
    GoalsOfRelationship,
    GoalsWrite,
    PeerBoard,
    PeerPostView,
    PeerPostWrite,
    Reflection,
    ReflectionReplyWrite,
    ReflectionWrite,
    Session,
    SessionChange,
    SessionCreate,
    SessionFeedback,
    SessionList,
    SignatureRequest,
    TalkFeedback,
    WorkPlan,
    WorkPlanList,
    WorkPlanWrite,
)
from services.sessions.settings import settings
from shared.http import answer, api_handler, make_resolver, principal
from shared.route_parts import include_later, router_of

app = make_resolver(SERVICE)
CALENDAR = "text/calendar"

# The signed-in pages (`/app/**`): each module of services/sessions/web adds its routes to `web.router`; they
# join at the first page asked for (shared/route_parts.py `include_later`), so an API call loads none of them.
PAGES = router_of(
    "services.sessions.web",
    "agreement",
    "agreement_template",
    "calendar_feed",
    "diary",
    "employer",
    "feedback",
    "goals",
    "peer_board",
    "plan",
    "reflection",
    "work_plans",
)
include_later(app, ["/app"], PAGES)
# A linked employer's API (seed 002): their mentees, a mentee's progress, their goals for the mentee.
include_later(app, ["/v1/employer"], router_of("services.sessions.employer_api"))


# --- agreement ----------------------------------------------------------------------------------------


@app.get("/v1/matches/<match_id>/agreement", tags=["sessions"])
def read_agreement(match_id: str) -> Agreement:
    return logic.read_agreement(principal(app), match_id, store())


@app.put("/v1/matches/<match_id>/agreement", tags=["sessions"])
def write_agreement(match_id: str, body: Annotated[AgreementWrite, Body()]) -> Agreement:
    return logic.write_agreement(principal(app), match_id, body, store(), publisher())


@app.post("/v1/matches/<match_id>/agreement/signatures", tags=["sessions"])
def sign_agreement(match_id: str, body: Annotated[SignatureRequest, Body()]) -> Agreement:
    signed = logic.sign_agreement(principal(app), match_id, body, store(), publisher())
    if signed.signed:
        count(AGREEMENTS_SIGNED)
    return signed


@app.get("/v1/programmes/<programme_id>/agreement-template", tags=["sessions"])
def read_agreement_template(programme_id: str) -> AgreementTemplate:
    return logic.read_agreement_template(principal(app), programme_id, store())


@app.put("/v1/programmes/<programme_id>/agreement-template", tags=["sessions"])
def write_agreement_template(
    programme_id: str, body: Annotated[AgreementTemplateWrite, Body()]
) -> AgreementTemplate:
    return logic.write_agreement_template(principal(app), programme_id, body, store())


# --- goals --------------------------------------------------------------------------------------------


@app.get("/v1/matches/<match_id>/goals", tags=["sessions"])
def read_goals(match_id: str) -> GoalsOfRelationship:
    return logic.read_goals(principal(app), match_id, store())


@app.put("/v1/matches/<match_id>/goals/<mentee_id>", tags=["sessions"])
def write_goals(match_id: str, mentee_id: str, body: Annotated[GoalsWrite, Body()]) -> Goals:
    return logic.write_goals(principal(app), match_id, mentee_id, body, store(), publisher())


@app.put("/v1/matches/<match_id>/group-goals", tags=["sessions"])
def write_group_goals(match_id: str, body: Annotated[GoalsWrite, Body()]) -> Goals:
    return logic.write_group_goals(principal(app), match_id, body, store(), publisher())


# --- the session plan ---------------------------------------------------------------------------------


@app.post(
    "/v1/matches/<match_id>/sessions", tags=["sessions"], status_code=201, response_description="planned"
)
def plan_session(match_id: str, body: Annotated[SessionCreate, Body()]) -> Response[Session]:
    session = logic.plan_session(principal(app), match_id, body, store(), publisher())
    count(SESSIONS_PLANNED)
    return answer(201, session, f"/v1/sessions/{session.session_id}")


@app.get("/v1/matches/<match_id>/sessions", tags=["sessions"])
def list_sessions(match_id: str) -> SessionList:
    return logic.list_sessions(principal(app), match_id, store())


@app.patch("/v1/sessions/<session_id>", tags=["sessions"])
def change_session(session_id: str, body: Annotated[SessionChange, Body()]) -> Session:
    return logic.change_session(principal(app), session_id, body, store(), publisher())


@app.post("/v1/sessions/<session_id>/absence", tags=["sessions"])
def notice_absence(session_id: str, body: Annotated[AbsenceNotice, Body()]) -> Session:
    return logic.notice_absence(principal(app), session_id, body, store(), publisher())


@app.post("/v1/sessions/<session_id>/attendance", tags=["sessions"])
def record_attendance(session_id: str, body: Annotated[Attendance, Body()]) -> Session:
    held = logic.record_attendance(principal(app), session_id, body, store(), publisher())
    count(SESSIONS_HELD)
    return held


@app.get(
    "/v1/matches/<match_id>/calendar.ics",
    tags=["sessions"],
    responses={
        200: {
            # No schema: the body is iCalendar text, not JSON (a `string` schema reads as a bare JSON
            # string to generated clients, which tests/contract/test_openapi.py rules out).
            "description": "the plan as an iCalendar feed (RFC 5545)",
            "content": {CALENDAR: {}},
        }
    },
)
def member_calendar(match_id: str) -> Response[str]:
    feed = logic.member_calendar(principal(app), match_id, store())
    return Response(status_code=200, content_type=CALENDAR, body=feed.decode())


@app.post(
    "/v1/me/calendar-feed",
    tags=["sessions"],
    status_code=201,
    response_description="a new private feed URL; the one before stops working",
)
def make_calendar_feed() -> Response[CalendarFeedLink]:
    token, feed = logic.make_feed(principal(app), store())
    url = logic.feed_url(settings.public_base_url, token)
    return answer(201, CalendarFeedLink(url=url, created_at=feed.created_at))


@app.delete(
    "/v1/me/calendar-feed",
    tags=["sessions"],
    responses={204: {"description": "revoked: the feed URL answers 404 from now on", "content": {}}},
)
def revoke_calendar_feed() -> Response[None]:
    logic.revoke_feed(principal(app), store())
    return Response(status_code=204)


# --- the diary ----------------------------------------------------------------------------------------


@app.get("/v1/sessions/<session_id>/diary", tags=["sessions"])
def read_diary(session_id: str) -> Diary:
    return logic.read_diary(principal(app), session_id, store())


@app.put("/v1/sessions/<session_id>/diary", tags=["sessions"])
def write_diary(session_id: str, body: Annotated[DiaryWrite, Body()]) -> Diary:
    return logic.write_diary(principal(app), session_id, body, store(), publisher())


@app.post(
    "/v1/sessions/<session_id>/diary/remarks",
    tags=["sessions"],
    status_code=201,
    response_description="added",
)
def add_remark(session_id: str, body: Annotated[DiaryRemark, Body()]) -> Response[Diary]:
    return answer(201, logic.add_remark(principal(app), session_id, body, store()))


# --- the mentor's reflection -------------------------------------------------------------------------


@app.get("/v1/matches/<match_id>/reflection", tags=["sessions"])
def read_reflection(match_id: str) -> Reflection:
    return logic.read_reflection(principal(app), match_id, store())


@app.put("/v1/matches/<match_id>/reflection", tags=["sessions"])
def write_reflection(match_id: str, body: Annotated[ReflectionWrite, Body()]) -> Reflection:
    return logic.write_reflection(principal(app), match_id, body, store())


# --- work plans, feedback on a talk, the peer-exchange board (seeds 001, 002) ----------------------


@app.get("/v1/matches/<match_id>/work-plans", tags=["sessions"])
def read_work_plans(match_id: str) -> WorkPlanList:
    return logic.read_work_plans(principal(app), match_id, store())


@app.put("/v1/matches/<match_id>/work-plans/<period>", tags=["sessions"])
def write_work_plan(match_id: str, period: str, body: Annotated[WorkPlanWrite, Body()]) -> WorkPlan:
    return logic.write_work_plan(principal(app), match_id, period, body, store(), publisher())


@app.get("/v1/sessions/<session_id>/feedback", tags=["sessions"])
def read_feedback(session_id: str) -> SessionFeedback:
    return logic.read_feedback(principal(app), session_id, store())


@app.put("/v1/sessions/<session_id>/feedback", tags=["sessions"])
def give_feedback(session_id: str, body: Annotated[FeedbackWrite, Body()]) -> TalkFeedback:
    return logic.give_feedback(principal(app), session_id, body, store(), publisher())


@app.get("/v1/programmes/<programme_id>/peer-board", tags=["sessions"])
def read_peer_board(programme_id: str) -> PeerBoard:
    return logic.read_board(principal(app), programme_id, store())


@app.post(
    "/v1/programmes/<programme_id>/peer-board",
    tags=["sessions"],
    status_code=201,
    response_description="posted (a reply: the post with its replies)",
)
def write_to_peer_board(programme_id: str, body: Annotated[PeerPostWrite, Body()]) -> Response[PeerPostView]:
    return answer(
        201,
        logic.write_to_board(
            principal(app),
            programme_id,
            body,
            store(),
            idempotency_key=app.current_event.headers.get("idempotency-key"),
        ),
    )


@app.post(
    "/v1/matches/<match_id>/reflection/replies",
    tags=["sessions"],
    status_code=201,
    response_description="the reflection with the reply under it",
)
def reply_to_reflection(match_id: str, body: Annotated[ReflectionReplyWrite, Body()]) -> Response[Reflection]:
    return answer(
        201,
        logic.reply_to_reflection(
            principal(app),
            match_id,
            body,
            store(),
            idempotency_key=app.current_event.headers.get("idempotency-key"),
        ),
    )


handler = api_handler(app, SERVICE)
