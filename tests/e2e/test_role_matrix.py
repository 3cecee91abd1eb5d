"""Role by route: every operation of the merged OpenAPI, called by each kind of caller, answers as below.

The world is built through the API (tests/contract/world.py): municipality A with its manager, a trainer,
a group programme, mentors and mentees accepted, one mentor and one mentee in a published match, the
others outside it; municipality B with its own manager. Rows run top to bottom, each column left to
right; the few rows that change the world are placed so the rows after them still mean what they say
(ending the match comes before reading it, so the end reason is there to leak, and must not).

Every answer is also checked for what must never reach that caller (`SECRETS`): another party's e-mail or
participant id, and the confidential end reason for anyone but the manager. A new route in the OpenAPI
without a row here fails `test_every_operation_has_a_row`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest

from shared.openapi import METHODS
from tests.contract.world import PRACTICE_CASE, PROGRAMME, World, build_world
from tests.e2e.conftest import Api
from tests.fakes.bodies import applicant

CALLERS = ("anon", "admin", "mgr", "mgr_b", "trainer", "mtr_in", "mtr_out", "mte_in", "mte_out")

# fmt: off
#  operation                                                    anon admin mgr  mgr_b trainer mtr_in mtr_out mte_in mte_out
MATRIX: dict[str, tuple[int, ...]] = {
    "GET /v1/tenants":                                          (401, 200, 403, 403,  403,    403,   403,    403,   403),
    "POST /v1/tenants":                                         (401, 201, 403, 403,  403,    403,   403,    403,   403),
    "GET /v1/tenants/{tenant_id}/audit":                        (401, 200, 403, 403,  403,    403,   403,    403,   403),
    "POST /v1/users":                                           (401, 422, 201, 201,  403,    403,   403,    403,   403),
    "GET /v1/me/links":                                         (401, 403, 200, 200,  200,    200,   200,    200,   200),
    "POST /v1/me/links/{link_id}/confirm":                      (401, 403, 404, 404,  404,    404,   404,    404,   404),
    "GET /v1/programmes":                                       (401, 403, 200, 200,  403,    200,   200,    200,   200),
    "GET /v1/programme-presets":                                (401, 403, 200, 200,  403,    403,   403,    403,   403),
    "POST /v1/programmes":                                      (401, 403, 201, 201,  403,    403,   403,    403,   403),
    "GET /v1/programmes/{programme_id}":                        (401, 403, 200, 404,  403,    200,   200,    200,   200),
    "PATCH /v1/programmes/{programme_id}":                      (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "GET /v1/public/{tenant_slug}/programmes/{programme_id}":   (200, 200, 200, 200,  200,    200,   200,    200,   200),
    "POST /v1/public/{tenant_slug}/programmes/{programme_id}/applications":
                                                                (201, 201, 201, 201,  201,    201,   201,    201,   201),
    "GET /forms/{tenant_slug}/{programme_id}":                  (200, 200, 200, 200,  200,    200,   200,    200,   200),
    "POST /forms/{tenant_slug}/{programme_id}":                 (422, 422, 422, 422,  422,    422,   422,    422,   422),
    "GET /v1/applications":                                     (401, 403, 200, 200,  403,    403,   403,    403,   403),
    "GET /v1/applications/{application_id}":                    (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "POST /v1/applications/{application_id}/notes":             (401, 403, 201, 404,  403,    403,   403,    403,   403),
    "POST /v1/applications/{application_id}/decision":          (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "GET /v1/participants":                                     (401, 403, 200, 200,  200,    200,   200,    200,   200),
    "GET /v1/participants/{participant_id}":                    (401, 403, 200, 404,  404,    404,   404,    200,   404),
    "POST /v1/participants/{participant_id}/training":          (401, 403, 200, 404,  200,    403,   403,    403,   403),
    "POST /v1/programmes/{programme_id}/matching-runs":         (401, 403, 202, 404,  403,    403,   403,    403,   403),
    "GET /v1/matching-runs/{run_id}":                           (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "GET /v1/programmes/{programme_id}/candidates":             (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "POST /v1/programmes/{programme_id}/exclusions":            (401, 403, 201, 404,  403,    403,   403,    403,   403),
    "GET /v1/programmes/{programme_id}/exclusions":             (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "POST /v1/matches":                                         (401, 403, 422, 404,  403,    403,   403,    403,   403),
    # sessions: the world's pair has a written agreement (version 1), a session ahead, a past one still
    # planned and a held one whose diary the mentee wrote (tests/contract/world.py). Before the match ends.
    "GET /v1/matches/{match_id}/agreement":                     (401, 403, 200, 404,  403,    200,   404,    200,   404),
    "POST /v1/matches/{match_id}/agreement/signatures":         (401, 403, 200, 404,  403,    200,   404,    200,   404),
    "PUT /v1/matches/{match_id}/agreement":                     (401, 403, 200, 404,  403,    200,   404,    403,   404),
    "GET /v1/matches/{match_id}/goals":                         (401, 403, 200, 404,  403,    200,   404,    200,   404),
    "PUT /v1/matches/{match_id}/goals/{mentee_id}":             (401, 403, 403, 404,  403,    403,   404,    200,   404),
    "PUT /v1/matches/{match_id}/group-goals":                   (401, 403, 403, 404,  403,    422,   404,    403,   404),
    # A programme's own code of ethics and terms: its municipality's managers only.
    "GET /v1/programmes/{programme_id}/agreement-template":     (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "PUT /v1/programmes/{programme_id}/agreement-template":     (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/programmes/{programme_id}/agreement-template":
                                                                (303, 303, 200, 303,  403,    403,   403,    403,   403),
    "POST /app/{tenant_slug}/programmes/{programme_id}/agreement-template":
                                                                (303, 303, 422, 303,  403,    403,   403,    403,   403),
    # Q-SER's assessed training: trainers and managers write a required module's assessment; the
    # programme's mentors take it (in their language, never seeing the right answers).
    "PUT /v1/programmes/{programme_id}/assessments/{module}":   (401, 403, 200, 404,  200,    403,   403,    403,   403),
    "GET /v1/programmes/{programme_id}/assessments/{module}":   (401, 403, 200, 404,  200,    403,   403,    403,   403),
    "GET /v1/programmes/{programme_id}/assessments/{module}/questions":
                                                                (401, 403, 403, 404,  403,    200,   200,    403,   403),
    "POST /v1/programmes/{programme_id}/assessments/{module}/attempts":
                                                                (401, 403, 403, 404,  403,    200,   200,    403,   403),
    "GET /app/{tenant_slug}/programmes/{programme_id}/assessments/{module}":
                                                                (303, 303, 403, 303,  403,    200,   200,    403,   403),
    "POST /app/{tenant_slug}/programmes/{programme_id}/assessments/{module}":
                                                                (303, 303, 403, 303,  403,    200,   200,    403,   403),
    # Q-SER's archive of good practice: mentors and managers write, managers approve, mentors, trainers and
    # managers read what is approved; mentees and the admin have no archive. A's manager wrote and approved
    # the world's case: they edit it (back to pending), approve it again, and it is approved, not pending,
    # when the return row runs.
    "POST /v1/practice-cases":                                  (401, 403, 201, 201,  403,    201,   201,    403,   403),
    "GET /v1/practice-cases":                                   (401, 403, 200, 200,  200,    200,   200,    403,   403),
    "GET /v1/practice-case-drafts":                             (401, 403, 200, 200,  403,    200,   200,    403,   403),
    "GET /v1/practice-cases/{case_id}":                         (401, 403, 200, 404,  200,    200,   200,    403,   403),
    "GET /app/{tenant_slug}/practice":                          (303, 303, 200, 303,  200,    200,   200,    403,   403),
    "GET /app/{tenant_slug}/practice/new":                      (303, 303, 200, 303,  403,    200,   200,    403,   403),
    "POST /app/{tenant_slug}/practice/new":                     (303, 303, 422, 303,  403,    422,   422,    403,   403),
    "GET /app/{tenant_slug}/practice/drafts":                   (303, 303, 200, 303,  403,    200,   200,    403,   403),
    "GET /app/{tenant_slug}/practice/{case_id}":                (303, 303, 200, 303,  200,    200,   200,    403,   403),
    "POST /app/{tenant_slug}/practice/{case_id}":               (303, 303, 422, 303,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/practice/{case_id}/edit":           (303, 303, 200, 303,  403,    403,   403,    403,   403),
    "POST /app/{tenant_slug}/practice/{case_id}/edit":          (303, 303, 422, 303,  403,    403,   403,    403,   403),
    "PUT /v1/practice-cases/{case_id}":                         (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "POST /v1/practice-cases/{case_id}/approval":               (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "POST /v1/practice-cases/{case_id}/return":                 (401, 403, 422, 404,  403,    403,   403,    403,   403),
    # Impulse workshops (intake): the world's programme has one for its mentors ahead, one held yesterday
    # and one for its mentees ahead (cancelled by its row). Mentees do not see the mentors' (404); a
    # participant signs up and withdraws (the manager does not: 403). The pages' posts fail their checks.
    "POST /v1/programmes/{programme_id}/workshops":             (401, 403, 201, 404,  403,    403,   403,    403,   403),
    "GET /v1/programmes/{programme_id}/workshops":              (401, 403, 200, 404,  403,    200,   200,    200,   200),
    "GET /v1/workshops/{workshop_id}":                          (401, 403, 200, 404,  403,    200,   200,    404,   404),
    "PUT /v1/workshops/{workshop_id}/sign-up":                  (401, 403, 403, 403,  403,    200,   200,    404,   404),
    "DELETE /v1/workshops/{workshop_id}/sign-up":               (401, 403, 403, 403,  403,    200,   200,    404,   404),
    "PUT /v1/workshops/{workshop_id}/attendance":               (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "POST /v1/workshops/{workshop_id}/cancel":                  (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/programmes/{programme_id}/workshops":
                                                                (303, 303, 200, 303,  403,    403,   403,    403,   403),
    "POST /app/{tenant_slug}/programmes/{programme_id}/workshops":
                                                                (303, 303, 422, 303,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/programmes/{programme_id}/workshops/{workshop_id}":
                                                                (303, 303, 200, 303,  403,    403,   403,    403,   403),
    "POST /app/{tenant_slug}/programmes/{programme_id}/workshops/{workshop_id}":
                                                                (303, 303, 422, 303,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/workshops":                         (303, 303, 403, 303,  403,    200,   200,    200,   200),
    "POST /app/{tenant_slug}/workshops":                        (303, 303, 403, 303,  403,    422,   422,    404,   404),
    "POST /v1/matches/{match_id}/sessions":                     (401, 403, 201, 404,  403,    201,   404,    403,   404),
    "GET /v1/matches/{match_id}/sessions":                      (401, 403, 200, 404,  403,    200,   404,    200,   404),
    "GET /v1/matches/{match_id}/calendar.ics":                  (401, 403, 403, 404,  403,    200,   404,    200,   404),
    "PATCH /v1/sessions/{session_id}":                          (401, 403, 200, 404,  403,    200,   404,    403,   404),
    "POST /v1/sessions/{session_id}/absence":                   (401, 403, 403, 404,  403,    200,   404,    200,   404),
    "POST /v1/sessions/{session_id}/attendance":                (401, 403, 403, 404,  403,    200,   404,    403,   404),
    "GET /v1/sessions/{session_id}/diary":                      (401, 403, 200, 404,  403,    200,   404,    200,   404),
    "PUT /v1/sessions/{session_id}/diary":                      (401, 403, 403, 404,  403,    403,   404,    200,   404),
    "POST /v1/sessions/{session_id}/diary/remarks":             (401, 403, 403, 404,  403,    201,   404,    403,   404),
    # sessions' pages, over the same relationship before it ends: B's manager and the admin are sent to sign
    # in (the path is A's), a trainer gets the 403 page, members of other matches the 404 page. Posts
    # carry a form that fails its checks (or an old version: 409), so the world stays as it is; a part
    # the caller does not play is refused before the form is read (403).
    "GET /app/{tenant_slug}/matches/{match_id}/agreement":      (303, 303, 200, 303,  403,    200,   404,    200,   404),
    "POST /app/{tenant_slug}/matches/{match_id}/agreement":     (303, 303, 409, 303,  403,    409,   404,    409,   404),
    "GET /app/{tenant_slug}/matches/{match_id}/agreement/print":
                                                                (303, 303, 200, 303,  403,    200,   404,    200,   404),
    "GET /app/{tenant_slug}/matches/{match_id}/goals":          (303, 303, 200, 303,  403,    200,   404,    200,   404),
    "POST /app/{tenant_slug}/matches/{match_id}/goals":         (303, 303, 403, 303,  403,    403,   404,    422,   404),
    "GET /app/{tenant_slug}/matches/{match_id}/sessions":       (303, 303, 200, 303,  403,    200,   404,    200,   404),
    "POST /app/{tenant_slug}/matches/{match_id}/sessions":      (303, 303, 422, 303,  403,    422,   404,    403,   404),
    "GET /app/{tenant_slug}/sessions/{session_id}":             (303, 303, 200, 303,  403,    200,   404,    200,   404),
    "POST /app/{tenant_slug}/sessions/{session_id}":            (303, 303, 422, 303,  403,    422,   404,    403,   404),
    "GET /app/{tenant_slug}/sessions/{session_id}/absence":     (303, 303, 200, 303,  403,    200,   404,    200,   404),
    "POST /app/{tenant_slug}/sessions/{session_id}/absence":    (303, 303, 403, 303,  403,    422,   404,    422,   404),
    "GET /app/{tenant_slug}/sessions/{session_id}/attendance":  (303, 303, 200, 303,  403,    200,   404,    200,   404),
    "POST /app/{tenant_slug}/sessions/{session_id}/attendance": (303, 303, 403, 303,  403,    422,   404,    403,   404),
    "GET /app/{tenant_slug}/sessions/{session_id}/diary":       (303, 303, 200, 303,  403,    200,   404,    200,   404),
    "POST /app/{tenant_slug}/sessions/{session_id}/diary":      (303, 303, 403, 303,  403,    422,   404,    403,   404),
    # The mentor's reflection: the mentor writes it shared, so the trainer reads it (kept private, 404).
    "PUT /v1/matches/{match_id}/reflection":                    (401, 403, 403, 404,  403,    200,   404,    403,   404),
    "GET /v1/matches/{match_id}/reflection":                    (401, 403, 403, 404,  200,    200,   404,    403,   404),
    "GET /app/{tenant_slug}/matches/{match_id}/reflection":     (303, 303, 403, 303,  200,    200,   404,    403,   404),
    "POST /app/{tenant_slug}/matches/{match_id}/reflection":    (303, 303, 403, 303,  403,    422,   404,    403,   404),
    # Work plans (seed 002): members write and tick, the manager reads; feedback on a held talk (seed 001):
    # members give it, members and the manager read it. Posts fail their form checks (422).
    "GET /v1/matches/{match_id}/work-plans":                    (401, 403, 200, 404,  403,    200,   404,    200,   404),
    "PUT /v1/matches/{match_id}/work-plans/{period}":           (401, 403, 403, 404,  403,    200,   404,    200,   404),
    "GET /app/{tenant_slug}/matches/{match_id}/work-plans":     (303, 303, 200, 303,  403,    200,   404,    200,   404),
    "POST /app/{tenant_slug}/matches/{match_id}/work-plans":    (303, 303, 403, 303,  403,    422,   404,    422,   404),
    "GET /v1/sessions/{session_id}/feedback":                   (401, 403, 200, 404,  403,    200,   404,    200,   404),
    "PUT /v1/sessions/{session_id}/feedback":                   (401, 403, 403, 404,  403,    200,   404,    200,   404),
    "GET /app/{tenant_slug}/sessions/{session_id}/feedback":    (303, 303, 200, 303,  403,    200,   404,    200,   404),
    "POST /app/{tenant_slug}/sessions/{session_id}/feedback":   (303, 303, 403, 303,  403,    422,   404,    422,   404),
    # The programme's peer board: its mentors, matched (mtr_in) or not (mtr_out), trainers and managers.
    "GET /v1/programmes/{programme_id}/peer-board":             (401, 403, 200, 404,  200,    200,   200,    403,   403),
    "POST /v1/programmes/{programme_id}/peer-board":            (401, 403, 201, 404,  201,    201,   201,    403,   403),
    "GET /app/{tenant_slug}/programmes/{programme_id}/peer-board":
                                                                (303, 303, 200, 303,  200,    200,   200,    403,   403),
    "POST /app/{tenant_slug}/programmes/{programme_id}/peer-board":
                                                                (303, 303, 422, 303,  422,    422,   422,    403,   403),
    # A trainer writes back under the shared reflection; the mentor reads it there (members: 403 or 404).
    "POST /v1/matches/{match_id}/reflection/replies":           (401, 403, 403, 404,  201,    403,   404,    403,   404),
    "POST /app/{tenant_slug}/matches/{match_id}/reflection/replies":
                                                                (303, 303, 403, 303,  422,    403,   404,    403,   404),
    # A member's calendar link, from the plan: a manager is no member (403 page); the post revokes (303).
    "GET /app/{tenant_slug}/matches/{match_id}/calendar-feed":  (303, 303, 403, 303,  403,    200,   404,    200,   404),
    "POST /app/{tenant_slug}/matches/{match_id}/calendar-feed": (303, 303, 403, 303,  403,    303,   404,    303,   404),
    # Monitoring's questionnaires: the world's agreement is signed, so the mentee has the initial one. The
    # mentor of the relationship reads only its shared answers; only the mentee answers (a draft here). The
    # mid-term review is recorded before the match ends; the final one names a mentee of another match (422),
    # so the relationship stays open; the outcome is the mentee's.
    "GET /v1/programmes/{programme_id}/questionnaire-templates":
                                                                (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "PUT /v1/programmes/{programme_id}/questionnaire-templates/{kind}":
                                                                (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "GET /v1/me/questionnaires":                                (401, 403, 403, 403,  403,    200,   200,    200,   200),
    "GET /v1/questionnaires/{assignment_id}":                   (401, 403, 200, 404,  403,    200,   404,    200,   404),
    "POST /v1/questionnaires/{assignment_id}/responses":        (401, 403, 403, 403,  403,    403,   404,    200,   404),
    "POST /v1/matches/{match_id}/midterm-review":               (401, 403, 201, 404,  403,    403,   403,    403,   403),
    "POST /v1/matches/{match_id}/final-review":                 (401, 403, 422, 404,  403,    422,   404,    403,   404),
    "GET /v1/participants/{participant_id}/outcome":            (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "PUT /v1/participants/{participant_id}/outcome":            (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/questionnaires":                    (303, 303, 403, 303,  403,    200,   200,    200,   200),
    "GET /app/{tenant_slug}/questionnaires/{assignment_id}":    (303, 303, 200, 303,  403,    200,   404,    200,   404),
    "POST /app/{tenant_slug}/questionnaires/{assignment_id}":   (303, 303, 403, 303,  403,    403,   404,    422,   404),
    "GET /app/{tenant_slug}/matches/{match_id}/midterm-review": (303, 303, 200, 303,  403,    403,   403,    403,   403),
    "POST /app/{tenant_slug}/matches/{match_id}/midterm-review":
                                                                (303, 303, 422, 303,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/matches/{match_id}/final-review":   (303, 303, 200, 303,  403,    200,   404,    403,   404),
    "POST /app/{tenant_slug}/matches/{match_id}/final-review":  (303, 303, 422, 303,  403,    422,   404,    403,   404),
    "GET /app/{tenant_slug}/participants/{participant_id}/outcome":
                                                                (303, 303, 200, 303,  403,    403,   403,    403,   403),
    "POST /app/{tenant_slug}/participants/{participant_id}/outcome":
                                                                (303, 303, 422, 303,  403,    403,   403,    403,   403),

    # A member's private calendar feed (anyone with a mentor's or mentee's role, in a relationship or not);
    # the feed itself is public and answers an unknown (or revoked) token with 404, whoever asks.
    "POST /v1/me/calendar-feed":                                (401, 403, 403, 403,  403,    201,   201,    201,   201),
    "DELETE /v1/me/calendar-feed":                              (401, 403, 403, 403,  403,    204,   204,    204,   204),
    "GET /v1/public/calendars/{feed_file}":                     (404, 404, 404, 404,  404,    404,   404,    404,   404),
    "POST /v1/matches/{match_id}/end":                          (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "GET /v1/matches":                                          (401, 403, 200, 200,  403,    200,   200,    200,   200),
    "GET /v1/matches/{match_id}":                               (401, 403, 200, 404,  403,    200,   404,    200,   404),
    "POST /v1/matching-runs/{run_id}/publish":                  (401, 403, 200, 404,  403,    403,   403,    403,   403),
    # The signed-in pages: the token travels as the session cookie (tests/fakes/web.py); 303 is the
    # redirect to sign in (nobody, or somebody of another municipality) or on to a person's start page.
    "GET /app":                                                 (200, 303, 303, 303,  303,    303,   303,    303,   303),
    "GET /app/{tenant_slug}":                                   (303, 303, 303, 303,  303,    303,   303,    303,   303),
    "GET /app/{tenant_slug}/sign-in":                           (200, 200, 303, 200,  303,    303,   303,    303,   303),
    "POST /app/{tenant_slug}/sign-in":                          (303, 303, 303, 303,  303,    303,   303,    303,   303),
    "GET /app/{tenant_slug}/sign-in/code":                      (303, 303, 303, 303,  303,    303,   303,    303,   303),
    "POST /app/{tenant_slug}/sign-in/code":                     (303, 303, 303, 303,  303,    303,   303,    303,   303),
    "POST /app/{tenant_slug}/sign-out":                         (303, 303, 303, 303,  303,    303,   303,    303,   303),
    # The manager's pages (and the trainer's participants): a mentor or mentee gets the 403 page.
    "GET /app/{tenant_slug}/programmes":                        (303, 303, 200, 303,  403,    403,   403,    403,   403),
    "POST /app/{tenant_slug}/programmes":                       (303, 303, 303, 303,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/programmes/{programme_id}":         (303, 303, 200, 303,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/programmes/{programme_id}/settings":
                                                                (303, 303, 200, 303,  403,    403,   403,    403,   403),
    "POST /app/{tenant_slug}/programmes/{programme_id}/settings":
                                                                (303, 303, 303, 303,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/programmes/{programme_id}/applications":
                                                                (303, 303, 200, 303,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/programmes/{programme_id}/participants":
                                                                (303, 303, 200, 303,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/applications/{application_id}":     (303, 303, 200, 303,  403,    403,   403,    403,   403),
    "POST /app/{tenant_slug}/applications/{application_id}":    (303, 303, 303, 303,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/participants":                      (303, 303, 200, 303,  200,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/participants/{participant_id}":     (303, 303, 200, 303,  200,    403,   403,    403,   403),
    "POST /app/{tenant_slug}/participants/{participant_id}":    (303, 303, 303, 303,  303,    403,   403,    403,   403),

    # Matching's pages. Publishing comes after the API published the run (409: published already); the
    # match was ended by the API row above (409: ended already), so its page has the reason to leak.
    "GET /app/{tenant_slug}/programmes/{programme_id}/matching":
                                                                (303, 303, 200, 303,  403,    403,   403,    403,   403),
    "POST /app/{tenant_slug}/programmes/{programme_id}/matching":
                                                                (303, 303, 303, 303,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/programmes/{programme_id}/matching/runs/{run_id}":
                                                                (303, 303, 200, 303,  403,    403,   403,    403,   403),
    "POST /app/{tenant_slug}/programmes/{programme_id}/matching/runs/{run_id}":
                                                                (303, 303, 409, 303,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/programmes/{programme_id}/matching/mentees/{participant_id}":
                                                                (303, 303, 200, 303,  403,    403,   403,    403,   403),
    "POST /app/{tenant_slug}/programmes/{programme_id}/matching/mentees/{participant_id}":
                                                                (303, 303, 422, 303,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/programmes/{programme_id}/matching/exclusions":
                                                                (303, 303, 200, 303,  403,    403,   403,    403,   403),
    "POST /app/{tenant_slug}/programmes/{programme_id}/matching/exclusions":
                                                                (303, 303, 303, 303,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/programmes/{programme_id}/matches": (303, 303, 200, 303,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/matches/{match_id}":                (303, 303, 200, 303,  403,    200,   404,    200,   404),
    "POST /app/{tenant_slug}/matches/{match_id}":               (303, 303, 409, 303,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/home":                              (303, 303, 403, 303,  403,    200,   200,    200,   200),

    # The network admin's pages (slug `network`): anyone else is sent to the network's sign-in; an empty
    # form is the admin's 422.
    "GET /app/{tenant_slug}/municipalities":                    (303, 200, 303, 303,  303,    303,   303,    303,   303),
    "POST /app/{tenant_slug}/municipalities":                   (303, 422, 303, 303,  303,    303,   303,    303,   303),
    "GET /app/{tenant_slug}/municipalities/{tenant_id}":        (303, 200, 303, 303,  303,    303,   303,    303,   303),
    "POST /app/{tenant_slug}/municipalities/{tenant_id}":       (303, 422, 303, 303,  303,    303,   303,    303,   303),
    # Anyone's pending account links in A; nobody's link is `lnk_nobody` (the 404 page).
    "GET /app/{tenant_slug}/links":                             (303, 303, 200, 303,  200,    200,   200,    200,   200),
    "POST /app/{tenant_slug}/links":                            (303, 303, 404, 303,  404,    404,   404,    404,   404),

    # Partner subscriptions: a manager's of their municipality, the admin's of the network; the world's
    # subscription is A's manager's (another municipality's manager and the admin: 404). Deleting it last.
    "POST /v1/subscriptions":                                   (401, 201, 201, 201,  403,    403,   403,    403,   403),
    "GET /v1/subscriptions":                                    (401, 200, 200, 200,  403,    403,   403,    403,   403),
    "GET /v1/subscriptions/{subscription_id}":                  (401, 404, 200, 404,  403,    403,   403,    403,   403),
    "POST /v1/subscriptions/{subscription_id}/replay":          (401, 404, 202, 404,  403,    403,   403,    403,   403),
    # The manager's subscriptions pages (empty or broken forms: the 422 page), before the API deletes it.
    "GET /app/{tenant_slug}/subscriptions":                     (303, 303, 200, 303,  403,    403,   403,    403,   403),
    "POST /app/{tenant_slug}/subscriptions":                    (303, 303, 422, 303,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/subscriptions/{subscription_id}":   (303, 303, 200, 303,  403,    403,   403,    403,   403),
    "POST /app/{tenant_slug}/subscriptions/{subscription_id}":  (303, 303, 422, 303,  403,    403,   403,    403,   403),
    "DELETE /v1/subscriptions/{subscription_id}":               (401, 404, 204, 404,  403,    403,   403,    403,   403),
    "GET /v1/public/events/catalog":                            (200, 200, 200, 200,  200,    200,   200,    200,   200),
    # Partner systems (issue 16): a manager registers and lists their municipality's; the admin names the
    # municipality (without one: 422) and may revoke any. The world's client to revoke is A's: the admin
    # revokes it, after which it is gone for A's manager too. The partner routes take only a partner's
    # access token: every person's id token is refused there as API Gateway refuses it (401);
    # test_a_partner_system_s_token_opens_its_routes_and_nothing_else calls every route with one.
    # The manager's partner systems page (the network admin has none: its pages are `network`'s). The world's
    # working client is shown; revoking `mc_nobody` is the 404 page (the world's client stays).
    "GET /app/{tenant_slug}/partner-systems":                   (303, 303, 200, 303,  403,    403,   403,    403,   403),
    "POST /app/{tenant_slug}/partner-systems":                  (303, 303, 422, 303,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/partner-systems/{client_id}":       (303, 303, 200, 303,  403,    403,   403,    403,   403),
    "POST /app/{tenant_slug}/partner-systems/{client_id}":      (303, 303, 404, 303,  403,    403,   403,    403,   403),
    "POST /v1/machine-clients":                                 (401, 422, 201, 201,  403,    403,   403,    403,   403),
    "GET /v1/machine-clients":                                  (401, 422, 200, 200,  403,    403,   403,    403,   403),
    "DELETE /v1/machine-clients/{client_id}":                   (401, 204, 404, 404,  403,    403,   403,    403,   403),
    "POST /v1/partner/applicants":                              (401, 401, 401, 401,  401,    401,   401,    401,   401),
    "GET /v1/partner/applicants/{application_id}":              (401, 401, 401, 401,  401,    401,   401,    401,   401),
    "PATCH /v1/partner/applicants/{application_id}":            (401, 401, 401, 401,  401,    401,   401,    401,   401),
    # Notifications, people: anyone's own preferences in their municipality (the admin has none); the
    # delivery log of A's mentee is A's managers' (B's: 404). The preferences form posts a language the
    # municipality does not offer (422), so nothing changes; the unsubscribe link is anonymous, and a
    # forged token is the 404 page whoever follows it.
    "GET /v1/me/preferences":                                   (401, 403, 200, 200,  200,    200,   200,    200,   200),
    "PUT /v1/me/preferences":                                   (401, 403, 200, 200,  200,    200,   200,    200,   200),
    "GET /v1/notifications":                                    (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/preferences":                       (303, 303, 200, 303,  200,    200,   200,    200,   200),
    "POST /app/{tenant_slug}/preferences":                      (303, 303, 422, 303,  422,    422,   422,    422,   422),
    "GET /app/{tenant_slug}/unsubscribe":                       (404, 404, 404, 404,  404,    404,   404,    404,   404),
    "POST /app/{tenant_slug}/unsubscribe":                      (404, 404, 404, 404,  404,    404,   404,    404,   404),
    "GET /app/{tenant_slug}/people/{person_id}/notifications":  (303, 303, 200, 303,  403,    403,   403,    403,   403),
    # Monitoring's reports: the programme's report, charts and risks are its municipality's managers'
    # (B's manager: 404); the network's report is the admin's alone.
    "GET /v1/programmes/{programme_id}/report":                 (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "GET /v1/programmes/{programme_id}/report/progress.svg":    (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "GET /v1/programmes/{programme_id}/report/attendance.svg":  (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "GET /v1/programmes/{programme_id}/report/outcomes.svg":    (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "GET /v1/programmes/{programme_id}/risks":                  (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "GET /v1/network/report":                                   (401, 200, 403, 403,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/programmes/{programme_id}/report":  (303, 303, 200, 303,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/programmes/{programme_id}/report/{chart_file}":
                                                                (303, 303, 200, 303,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/programmes/{programme_id}/risks":   (303, 303, 200, 303,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/report":                            (303, 200, 303, 303,  303,    303,   303,    303,   303),
    # Privacy (issue 14): a participant's own consents (those without a participation have none to keep
    # here); the page's form posts an outdated notice version (422), so nothing changes. The retention
    # periods are the municipality's managers' (B's: 404).
    "GET /v1/me/consents":                                      (401, 403, 403, 403,  403,    200,   200,    200,   200),
    "PUT /v1/me/consents":                                      (401, 403, 403, 403,  403,    200,   200,    200,   200),
    "GET /app/{tenant_slug}/me/consents":                       (303, 303, 403, 303,  403,    200,   200,    200,   200),
    "POST /app/{tenant_slug}/me/consents":                      (303, 303, 403, 303,  403,    422,   422,    422,   422),
    "GET /v1/tenants/{tenant_id}/retention":                    (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "PUT /v1/tenants/{tenant_id}/retention":                    (401, 403, 200, 404,  403,    403,   403,    403,   403),
    # The audit trail: a participant's is their municipality's managers' (B's: 404); what the network
    # admin did in a municipality is shown to its managers (B's manager sees B's).
    "GET /v1/audit":                                            (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "GET /v1/audit/network-admin":                              (401, 403, 200, 200,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/participants/{participant_id}/audit":
                                                                (303, 303, 200, 303,  403,    403,   403,    403,   403),
    # A person's rights (issue 14). A's manager exports a participant of A (B's manager: 404), anyone of a
    # municipality themselves; an export is seen by the manager who asked and the person only (here the
    # mentee outside the match). The erasure is of a spare mentee nobody plays, and comes last.
    "POST /v1/people/{participant_id}/export":                  (401, 403, 202, 404,  403,    403,   403,    403,   403),
    "POST /v1/me/export":                                       (401, 403, 202, 202,  202,    202,   202,    202,   202),
    "GET /v1/exports/{export_id}":                              (401, 403, 200, 404,  404,    404,   404,    404,   200),
    "GET /v1/erasures/{erasure_id}":                            (401, 403, 200, 404,  403,    403,   403,    403,   403),
    # Their pages: a member of A who is not the person sees no export of it (the 404 page).
    "POST /app/{tenant_slug}/participants/{participant_id}/export":
                                                                (303, 303, 303, 303,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/participants/{participant_id}/erasure":
                                                                (303, 303, 200, 303,  403,    403,   403,    403,   403),
    "POST /app/{tenant_slug}/participants/{participant_id}/erasure":
                                                                (303, 303, 422, 303,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/exports/{export_id}":               (303, 303, 200, 303,  404,    404,   404,    404,   200),
    "GET /app/{tenant_slug}/erasures/{erasure_id}":             (303, 303, 200, 303,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/me/privacy":                        (303, 303, 200, 303,  200,    200,   200,    200,   200),
    "POST /app/{tenant_slug}/me/privacy":                       (303, 303, 303, 303,  303,    303,   303,    303,   303),
    "POST /v1/people/{participant_id}/erasure":                 (401, 403, 202, 404,  403,    403,   403,    403,   403),
    # Seed 002's employer. The link is the municipality's managers' (B's: 404); by now the mentee in the match
    # has withdrawn sharing with an employer (the consents row above), which ended the world's link: a new one
    # is refused (422), ending the ended one answers it again. The employer's own routes are employers' only.
    "POST /v1/participants/{participant_id}/employer-links":    (401, 403, 422, 404,  403,    403,   403,    403,   403),
    "GET /v1/participants/{participant_id}/employer-links":     (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "DELETE /v1/participants/{participant_id}/employer-links/{link_id}":
                                                                (401, 403, 200, 404,  403,    403,   403,    403,   403),
    "GET /v1/employer/mentees":                                 (401, 403, 403, 403,  403,    403,   403,    403,   403),
    "GET /v1/employer/mentees/{participant_id}/progress":       (401, 403, 403, 403,  403,    403,   403,    403,   403),
    "PUT /v1/employer/mentees/{participant_id}/goals":          (401, 403, 403, 403,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/employer":                          (303, 303, 403, 303,  403,    403,   403,    403,   403),
    "GET /app/{tenant_slug}/employer/mentees/{participant_id}": (303, 303, 403, 303,  403,    403,   403,    403,   403),
    "POST /app/{tenant_slug}/employer/mentees/{participant_id}":
                                                                (303, 303, 403, 303,  403,    403,   403,    403,   403),
    "POST /app/{tenant_slug}/participants/{participant_id}/employer-links":
                                                                (303, 303, 422, 303,  403,    403,   403,    403,   403),
    "POST /app/{tenant_slug}/participants/{participant_id}/employer-links/{link_id}/end":
                                                                (303, 303, 303, 303,  403,    403,   403,    403,   403),
}
# fmt: on

END_REASON = "confidential-end-reason-7f3a"


@dataclass(frozen=True)
class Call:
    path: dict[str, str]
    query: str = ""
    body: Callable[[], Any] | None = None
    form: bool = False


def requests_for(world: World, run_id: str) -> dict[str, Call]:
    """How each operation is called: which of the world's objects, with what body (valid for a manager)."""
    programme = {"programme_id": world.programme_id}
    public = {"tenant_slug": world.slug, **programme}
    match = {"match_id": world.match_id}
    ahead = {"session_id": world.extra["session_id"]}
    held = {"session_id": world.extra["held_session_id"]}
    slug = {"tenant_slug": world.slug}
    rel_page = {**slug, "match_id": world.match_id}  # a relationship's pages (sessions)
    in_a = {**slug, **programme}
    questionnaire = {"assignment_id": world.extra["assignment_id"]}  # the mentee's initial one (monitoring)
    mentee_in = {"participant_id": world.mentee_in.participant_id}

    page = public  # a programme's signed-in page: the municipality's slug and the programme
    # The run is of a programme of its own (matrix_world), and is reached under it.
    run_page = {
        "tenant_slug": world.slug,
        "programme_id": world.extra.get("runs_programme_id", world.programme_id),
        "run_id": run_id,
    }

    subscription = {"subscription_id": world.extra["subscription_id"]}

    def last_hour() -> dict[str, str]:
        now = datetime.now(UTC)
        return {"from": (now - timedelta(hours=1)).isoformat(), "to": now.isoformat()}

    # The mentee's person id, as their token carries it (the delivery log is by person).
    mentee_person = jwt.decode(world.mentee_in.token, options={"verify_signature": False})["custom:person_id"]

    def unique(prefix: str) -> str:
        return f"{prefix}-{uuid.uuid4().hex[:8]}"

    erasable = {"participant_id": world.extra["erasable_participant_id"]}
    case = {"case_id": world.extra["case_id"]}
    workshop = {"workshop_id": world.extra["workshop_id"]}  # the mentors', ahead
    held_workshop = {"workshop_id": world.extra["held_workshop_id"]}
    employer_link = {"link_id": world.extra["employer_link_id"]}

    def employer_body() -> dict[str, str]:
        return {"employer_user_id": world.extra["employer_user_id"]}

    def employer_goals() -> dict[str, Any]:
        return {"goals": [{"title": "Drive the forklift", "status": "open"}]}

    partner_applicant = {"application_id": world.extra["partner_application_id"]}
    return {
        "GET /app/{tenant_slug}/partner-systems": Call({"tenant_slug": world.slug}),
        "POST /app/{tenant_slug}/partner-systems": Call(
            {"tenant_slug": world.slug}, body=lambda: {"name": ""}, form=True
        ),
        "GET /app/{tenant_slug}/partner-systems/{client_id}": Call(
            {"tenant_slug": world.slug, "client_id": world.extra["partner_client_id"]}
        ),
        "POST /app/{tenant_slug}/partner-systems/{client_id}": Call(
            {"tenant_slug": world.slug, "client_id": "mc_nobody"}, body=dict, form=True
        ),
        "POST /v1/machine-clients": Call({}, body=lambda: {"name": unique("HR")}),
        "GET /v1/machine-clients": Call({}),
        "DELETE /v1/machine-clients/{client_id}": Call({"client_id": world.extra["machine_client_id"]}),
        "POST /v1/partner/applicants": Call(
            {}, body=lambda: {**applicant("mentee", "Pia"), "programme_id": world.programme_id}
        ),
        "GET /v1/partner/applicants/{application_id}": Call(partner_applicant),
        "PATCH /v1/partner/applicants/{application_id}": Call(
            partner_applicant, body=lambda: {"profile": {"motivation": "Changed by the partner."}}
        ),
        "POST /v1/people/{participant_id}/export": Call(mentee_in),
        "POST /v1/me/export": Call({}),
        "GET /v1/exports/{export_id}": Call({"export_id": world.extra["export_id"]}),
        "GET /v1/erasures/{erasure_id}": Call({"erasure_id": world.extra["erasure_id"]}),
        "POST /v1/people/{participant_id}/erasure": Call(erasable, body=lambda: {"reason": "person_request"}),
        # Seed 002's employer (tests/contract/world.py: an employer linked to the mentee in the match).
        "POST /v1/participants/{participant_id}/employer-links": Call(mentee_in, body=employer_body),
        "GET /v1/participants/{participant_id}/employer-links": Call(mentee_in),
        "DELETE /v1/participants/{participant_id}/employer-links/{link_id}": Call(
            {**mentee_in, **employer_link}
        ),
        "GET /v1/employer/mentees": Call({}),
        "GET /v1/employer/mentees/{participant_id}/progress": Call(mentee_in),
        "PUT /v1/employer/mentees/{participant_id}/goals": Call(mentee_in, body=employer_goals),
        "GET /app/{tenant_slug}/employer": Call(slug),
        "GET /app/{tenant_slug}/employer/mentees/{participant_id}": Call({**slug, **mentee_in}),
        "POST /app/{tenant_slug}/employer/mentees/{participant_id}": Call(
            {**slug, **mentee_in},
            body=lambda: {"g1_title": "Drive the forklift", "g1_status": "open"},
            form=True,
        ),
        "POST /app/{tenant_slug}/participants/{participant_id}/employer-links": Call(
            {**slug, **mentee_in}, body=employer_body, form=True
        ),
        "POST /app/{tenant_slug}/participants/{participant_id}/employer-links/{link_id}/end": Call(
            {**slug, **mentee_in, **employer_link}, body=dict, form=True
        ),
        "POST /app/{tenant_slug}/participants/{participant_id}/export": Call(
            {**slug, **mentee_in}, body=dict, form=True
        ),
        "GET /app/{tenant_slug}/participants/{participant_id}/erasure": Call({**slug, **mentee_in}),
        "POST /app/{tenant_slug}/participants/{participant_id}/erasure": Call(
            {**slug, **mentee_in}, body=dict, form=True
        ),
        "GET /app/{tenant_slug}/exports/{export_id}": Call({**slug, "export_id": world.extra["export_id"]}),
        "GET /app/{tenant_slug}/erasures/{erasure_id}": Call(
            {**slug, "erasure_id": world.extra["erasure_id"]}
        ),
        "GET /app/{tenant_slug}/me/privacy": Call(slug),
        "POST /app/{tenant_slug}/me/privacy": Call(slug, body=dict, form=True),
        "GET /v1/tenants": Call({}),
        "POST /v1/tenants": Call(
            {},
            body=lambda: {
                "slug": unique("m"),
                "name": "Matrix town",
                "default_language": "en",
                "languages": ["en"],
                "timezone": "Europe/Berlin",
            },
        ),
        "POST /v1/users": Call(
            {},
            body=lambda: {
                "email": f"{unique('trainer')}@example.org",
                "role": "trainer",
                "given_name": "Tom",
                "family_name": "Trainer",
                "language": "en",
            },
        ),
        "GET /v1/tenants/{tenant_id}/audit": Call({"tenant_id": world.tenant_id}),
        "GET /v1/audit": Call({}, query=f"subject={world.mentee_in.participant_id}"),
        "GET /v1/audit/network-admin": Call({}),
        "GET /app/{tenant_slug}/participants/{participant_id}/audit": Call({**slug, **mentee_in}),
        "GET /v1/me/links": Call({}),
        "GET /v1/programme-presets": Call({}),
        "POST /v1/me/links/{link_id}/confirm": Call({"link_id": "lnk_nobody"}),
        "GET /v1/programmes": Call({}),
        "POST /v1/programmes": Call({}, body=lambda: {**PROGRAMME_BODY, "name": unique("Matrix")}),
        "GET /v1/programmes/{programme_id}": Call(programme),
        "PATCH /v1/programmes/{programme_id}": Call(programme, body=lambda: {"cadence_days": 14}),
        "GET /v1/public/{tenant_slug}/programmes/{programme_id}": Call(public),
        "POST /v1/public/{tenant_slug}/programmes/{programme_id}/applications": Call(
            public, body=lambda: applicant("mentee", "Fay")
        ),
        "GET /forms/{tenant_slug}/{programme_id}": Call(public, query="role=mentee"),
        "POST /forms/{tenant_slug}/{programme_id}": Call(public, query="role=mentee", body=dict, form=True),
        "GET /v1/applications": Call({}),
        "GET /v1/applications/{application_id}": Call({"application_id": world.mentee_in.application_id}),
        "POST /v1/applications/{application_id}/notes": Call(
            {"application_id": world.note_application_id}, body=lambda: {"text": "Met on Monday."}
        ),
        "POST /v1/applications/{application_id}/decision": Call(
            {"application_id": world.note_application_id}, body=lambda: {"decision": "waitlisted"}
        ),
        "GET /v1/participants": Call({}),
        "GET /v1/participants/{participant_id}": Call({"participant_id": world.mentee_in.participant_id}),
        "POST /v1/participants/{participant_id}/training": Call(
            {"participant_id": world.mentor_out.participant_id},
            body=lambda: {
                "module": "mentoring_basics",
                "completed_on": "2026-11-20",
                "assessment_passed": True,
            },
        ),
        "POST /v1/programmes/{programme_id}/matching-runs": Call(programme, body=dict),
        "GET /v1/matching-runs/{run_id}": Call({"run_id": run_id}),
        "GET /v1/programmes/{programme_id}/candidates": Call(
            programme, query=f"mentee_id={world.mentee_out.participant_id}"
        ),
        "POST /v1/programmes/{programme_id}/exclusions": Call(
            programme,
            body=lambda: {
                "mentor_id": world.mentor_out.participant_id,
                "mentee_id": world.mentee_out.participant_id,
            },
        ),
        "GET /v1/programmes/{programme_id}/exclusions": Call(programme),
        # The mentee is in a match already: a manager's valid-looking request breaks a rule (422).
        "POST /v1/matches": Call(
            {},
            body=lambda: {
                "programme_id": world.programme_id,
                "mentor_id": world.mentor_in.participant_id,
                "mentee_ids": [world.mentee_in.participant_id],
            },
        ),
        "GET /v1/matches/{match_id}/agreement": Call(match),
        "POST /v1/matches/{match_id}/agreement/signatures": Call(
            match, body=lambda: {"version": world.extra["agreement_version"]}
        ),
        "PUT /v1/matches/{match_id}/agreement": Call(
            match, body=lambda: {"starts_on": "2027-02-01", "ends_on": "2027-07-31"}
        ),
        "GET /v1/matches/{match_id}/goals": Call(match),
        "PUT /v1/matches/{match_id}/goals/{mentee_id}": Call(
            {**match, "mentee_id": world.mentee_in.participant_id},
            body=lambda: {"goals": [{"title": "Open a bakery", "tasks": ["Find a place"]}]},
        ),
        "PUT /v1/matches/{match_id}/group-goals": Call(match, body=lambda: {"goals": [{"title": "Meet"}]}),
        "POST /v1/matches/{match_id}/sessions": Call(
            match,
            body=lambda: {
                "starts_at": "2027-03-01T17:00:00+01:00",
                "duration_minutes": 60,
                "topic": "Pricing",
                "mode": "in_person",
            },
        ),
        "GET /v1/matches/{match_id}/sessions": Call(match),
        "GET /v1/matches/{match_id}/calendar.ics": Call(match),
        "PATCH /v1/sessions/{session_id}": Call(ahead, body=lambda: {"topic": "Pricing, again"}),
        "POST /v1/sessions/{session_id}/absence": Call(
            ahead, body=lambda: {"reason": "Ill", "proposed_starts_at": "2027-03-08T17:00:00+01:00"}
        ),
        "POST /v1/sessions/{session_id}/attendance": Call(
            {"session_id": world.extra["past_session_id"]},
            body=lambda: {"present": [world.mentee_in.participant_id]},
        ),
        "GET /v1/sessions/{session_id}/diary": Call(held),
        "PUT /v1/sessions/{session_id}/diary": Call(
            held, body=lambda: {"summary": "We met again.", "topics": [], "learned": "", "next_steps": ""}
        ),
        "POST /v1/sessions/{session_id}/diary/remarks": Call(held, body=lambda: {"text": "Well done."}),
        "GET /app/{tenant_slug}/matches/{match_id}/agreement": Call(rel_page),
        "POST /app/{tenant_slug}/matches/{match_id}/agreement": Call(
            rel_page, body=lambda: {"action": "sign", "version": "999"}, form=True
        ),
        "GET /app/{tenant_slug}/matches/{match_id}/agreement/print": Call(rel_page),
        "GET /app/{tenant_slug}/matches/{match_id}/goals": Call(rel_page),
        "POST /app/{tenant_slug}/matches/{match_id}/goals": Call(
            rel_page,
            body=lambda: {"whose": "own", "g1_title": "", "g1_tasks": "Find a place", "g1_status": "open"},
            form=True,
        ),
        "GET /app/{tenant_slug}/matches/{match_id}/sessions": Call(rel_page),
        "POST /app/{tenant_slug}/matches/{match_id}/sessions": Call(
            rel_page, body=lambda: {"starts_at": "", "topic": "Pricing"}, form=True
        ),
        "GET /app/{tenant_slug}/sessions/{session_id}": Call({**slug, **ahead}),
        "POST /app/{tenant_slug}/sessions/{session_id}": Call(
            {**slug, **ahead}, body=lambda: {"action": "change", "starts_at": ""}, form=True
        ),
        "GET /app/{tenant_slug}/sessions/{session_id}/absence": Call({**slug, **ahead}),
        "POST /app/{tenant_slug}/sessions/{session_id}/absence": Call(
            {**slug, **ahead}, body=lambda: {"reason": ""}, form=True
        ),
        "GET /app/{tenant_slug}/sessions/{session_id}/attendance": Call({**slug, **ahead}),
        "POST /app/{tenant_slug}/sessions/{session_id}/attendance": Call(
            {**slug, **ahead}, body=lambda: {"present": world.mentee_in.participant_id}, form=True
        ),
        "GET /app/{tenant_slug}/sessions/{session_id}/diary": Call({**slug, **held}),
        "POST /app/{tenant_slug}/sessions/{session_id}/diary": Call(
            {**slug, **held}, body=lambda: {"action": "remark", "remark": ""}, form=True
        ),
        "POST /v1/matches/{match_id}/reflection/replies": Call(
            match, body=lambda: {"text": "What did you notice when you listened?"}
        ),
        "POST /app/{tenant_slug}/matches/{match_id}/reflection/replies": Call(
            rel_page, body=lambda: {"reply": ""}, form=True
        ),
        "POST /v1/programmes/{programme_id}/workshops": Call(
            programme,
            body=lambda: {
                "title": "Impulse workshop",
                "audience": "mentees",
                "starts_at": (datetime.now(UTC) + timedelta(days=20)).isoformat(),
                "ends_at": (datetime.now(UTC) + timedelta(days=20, hours=2)).isoformat(),
                "online": True,
            },
        ),
        "GET /v1/programmes/{programme_id}/workshops": Call(programme),
        "GET /v1/workshops/{workshop_id}": Call(workshop),
        "PUT /v1/workshops/{workshop_id}/sign-up": Call(workshop),
        "DELETE /v1/workshops/{workshop_id}/sign-up": Call(workshop),
        "PUT /v1/workshops/{workshop_id}/attendance": Call(
            held_workshop, body=lambda: {"attended": [world.mentor_in.participant_id], "absent": []}
        ),
        "POST /v1/workshops/{workshop_id}/cancel": Call({"workshop_id": world.extra["mentees_workshop_id"]}),
        "GET /app/{tenant_slug}/programmes/{programme_id}/workshops": Call(in_a),
        "POST /app/{tenant_slug}/programmes/{programme_id}/workshops": Call(in_a, body=dict, form=True),
        "GET /app/{tenant_slug}/programmes/{programme_id}/workshops/{workshop_id}": Call(
            {**in_a, **workshop}
        ),
        "POST /app/{tenant_slug}/programmes/{programme_id}/workshops/{workshop_id}": Call(
            {**in_a, **held_workshop}, body=lambda: {"action": "attendance"}, form=True
        ),
        "GET /app/{tenant_slug}/workshops": Call(slug),
        "POST /app/{tenant_slug}/workshops": Call(
            slug, body=lambda: {**held_workshop, "action": "sign_up"}, form=True
        ),
        "PUT /v1/matches/{match_id}/reflection": Call(
            match, body=lambda: {"text": "I listen more than I talk.", "shared_with_trainer": True}
        ),
        "GET /v1/matches/{match_id}/reflection": Call(match),
        "GET /app/{tenant_slug}/matches/{match_id}/reflection": Call(rel_page),
        "POST /app/{tenant_slug}/matches/{match_id}/reflection": Call(
            rel_page, body=lambda: {"text": "x" * 4001}, form=True
        ),
        "GET /v1/matches/{match_id}/work-plans": Call(match),
        "PUT /v1/matches/{match_id}/work-plans/{period}": Call(
            {**match, "period": "2027-W09"},
            body=lambda: {"tasks": [{"title": "Check the till", "due_on": "2027-03-02", "done": True}]},
        ),
        "GET /app/{tenant_slug}/matches/{match_id}/work-plans": Call(rel_page),
        "POST /app/{tenant_slug}/matches/{match_id}/work-plans": Call(
            rel_page, body=lambda: {"period": "next tuesday"}, form=True
        ),
        "GET /v1/sessions/{session_id}/feedback": Call(held),
        "PUT /v1/sessions/{session_id}/feedback": Call(
            held, body=lambda: {"usefulness": 4, "keep": "The examples.", "change": "Start on time."}
        ),
        "GET /app/{tenant_slug}/sessions/{session_id}/feedback": Call({**slug, **held}),
        "POST /app/{tenant_slug}/sessions/{session_id}/feedback": Call(
            {**slug, **held}, body=lambda: {"usefulness": "9"}, form=True
        ),
        "GET /v1/programmes/{programme_id}/peer-board": Call(programme),
        "POST /v1/programmes/{programme_id}/peer-board": Call(
            programme, body=lambda: {"title": "First weeks", "text": "What helped you start?"}
        ),
        "GET /app/{tenant_slug}/programmes/{programme_id}/peer-board": Call(in_a),
        "POST /app/{tenant_slug}/programmes/{programme_id}/peer-board": Call(
            in_a, body=lambda: {"title": "", "text": ""}, form=True
        ),
        "GET /app/{tenant_slug}/matches/{match_id}/calendar-feed": Call(rel_page),
        "POST /app/{tenant_slug}/matches/{match_id}/calendar-feed": Call(
            rel_page, body=lambda: {"action": "revoke"}, form=True
        ),
        "GET /v1/programmes/{programme_id}/agreement-template": Call(programme),
        "PUT /v1/programmes/{programme_id}/agreement-template": Call(
            programme, body=lambda: {"ethics": ["Respect everyone's time."], "terms": ["Advice is guidance."]}
        ),
        "GET /app/{tenant_slug}/programmes/{programme_id}/agreement-template": Call(in_a),
        "POST /app/{tenant_slug}/programmes/{programme_id}/agreement-template": Call(
            in_a, body=lambda: {"ethics": "", "terms": ""}, form=True
        ),
        "PUT /v1/programmes/{programme_id}/assessments/{module}": Call(
            {**programme, "module": "mentoring_basics"},
            body=lambda: {
                "pass_mark": 50,
                "questions": [
                    {
                        "question_id": "listen",
                        "prompt": {"en": "What comes first?", "de": "Was kommt zuerst?"},
                        "options": [{"en": "Listening", "de": "Zuhören"}, {"en": "Advice", "de": "Rat"}],
                        "correct": [0],
                    }
                ],
            },
        ),
        "GET /v1/programmes/{programme_id}/assessments/{module}": Call(
            {**programme, "module": "mentoring_basics"}
        ),
        "GET /v1/programmes/{programme_id}/assessments/{module}/questions": Call(
            {**programme, "module": "mentoring_basics"}
        ),
        "POST /v1/programmes/{programme_id}/assessments/{module}/attempts": Call(
            {**programme, "module": "mentoring_basics"}, body=lambda: {"answers": {"listen": [0]}}
        ),
        "GET /app/{tenant_slug}/programmes/{programme_id}/assessments/{module}": Call(
            {**in_a, "module": "mentoring_basics"}
        ),
        "POST /app/{tenant_slug}/programmes/{programme_id}/assessments/{module}": Call(
            {**in_a, "module": "mentoring_basics"}, body=lambda: {"q-listen": "0"}, form=True
        ),
        "POST /v1/practice-cases": Call({}, body=lambda: dict(PRACTICE_CASE)),
        "GET /v1/practice-cases": Call({}, query="q=housing"),
        "GET /v1/practice-case-drafts": Call({}),
        "GET /v1/practice-cases/{case_id}": Call(case),
        "GET /app/{tenant_slug}/practice": Call(slug, query="q=office"),
        "GET /app/{tenant_slug}/practice/new": Call(slug),
        "POST /app/{tenant_slug}/practice/new": Call(slug, body=dict, form=True),
        "GET /app/{tenant_slug}/practice/drafts": Call(slug),
        "GET /app/{tenant_slug}/practice/{case_id}": Call({**slug, **case}),
        "POST /app/{tenant_slug}/practice/{case_id}": Call(
            {**slug, **case}, body=lambda: {"action": "return", "reason": ""}, form=True
        ),
        "GET /app/{tenant_slug}/practice/{case_id}/edit": Call({**slug, **case}),
        "POST /app/{tenant_slug}/practice/{case_id}/edit": Call({**slug, **case}, body=dict, form=True),
        "PUT /v1/practice-cases/{case_id}": Call(case, body=lambda: {**PRACTICE_CASE, "version": 2}),
        "POST /v1/practice-cases/{case_id}/approval": Call(case, body=lambda: {"version": 3}),
        "POST /v1/practice-cases/{case_id}/return": Call(
            case, body=lambda: {"version": 4, "reason": "Shorter."}
        ),
        "GET /v1/programmes/{programme_id}/questionnaire-templates": Call(programme),
        "PUT /v1/programmes/{programme_id}/questionnaire-templates/{kind}": Call(
            {**programme, "kind": "satisfaction"},
            body=lambda: {
                "title": {"en": "How was it?"},
                "questions": [
                    {
                        "question_id": "overall",
                        "kind": "scale",
                        "min": 1,
                        "max": 5,
                        "label": {"en": "Overall"},
                    }
                ],
            },
        ),
        "GET /v1/me/questionnaires": Call({}),
        "GET /v1/questionnaires/{assignment_id}": Call(questionnaire),
        "POST /v1/questionnaires/{assignment_id}/responses": Call(
            questionnaire, body=lambda: {"answers": {"needs": "Work that pays"}, "submit": False}
        ),
        "POST /v1/matches/{match_id}/midterm-review": Call(
            match,
            body=lambda: {
                "mentees": [
                    {"mentee_id": world.mentee_in.participant_id, "rating_start": 5, "rating_now": 7}
                ],
                "comments": {"mentees": "Good", "mentor": "Proud", "manager": "On track"},
            },
        ),
        "POST /v1/matches/{match_id}/final-review": Call(
            match,
            body=lambda: {
                "conclusions": [
                    {"mentee_id": world.mentee_out.participant_id, "conclusion": "Not in this match"}
                ]
            },
        ),
        "GET /v1/participants/{participant_id}/outcome": Call(mentee_in),
        "PUT /v1/participants/{participant_id}/outcome": Call(
            mentee_in,
            body=lambda: {"status": "employed", "secures_living": True, "recorded_on": "2027-06-01"},
        ),
        "GET /app/{tenant_slug}/questionnaires": Call(slug),
        "GET /app/{tenant_slug}/questionnaires/{assignment_id}": Call({**slug, **questionnaire}),
        "POST /app/{tenant_slug}/questionnaires/{assignment_id}": Call(
            {**slug, **questionnaire}, body=lambda: {"q-confidence": "11", "action": "save"}, form=True
        ),
        "GET /app/{tenant_slug}/matches/{match_id}/midterm-review": Call(rel_page),
        "POST /app/{tenant_slug}/matches/{match_id}/midterm-review": Call(
            rel_page, body=lambda: {"topics_until_end": "More"}, form=True
        ),
        "GET /app/{tenant_slug}/matches/{match_id}/final-review": Call(rel_page),
        "POST /app/{tenant_slug}/matches/{match_id}/final-review": Call(rel_page, body=dict, form=True),
        "GET /app/{tenant_slug}/participants/{participant_id}/outcome": Call({**slug, **mentee_in}),
        "POST /app/{tenant_slug}/participants/{participant_id}/outcome": Call(
            {**slug, **mentee_in}, body=dict, form=True
        ),
        "POST /v1/me/calendar-feed": Call({}),
        "DELETE /v1/me/calendar-feed": Call({}),
        "GET /v1/public/calendars/{feed_file}": Call({"feed_file": "revoked-or-never-made.ics"}),
        "POST /v1/matches/{match_id}/end": Call(
            {"match_id": world.match_id}, body=lambda: {"reason": END_REASON, "rematch": False}
        ),
        "GET /v1/matches": Call({}),
        "GET /v1/matches/{match_id}": Call({"match_id": world.match_id}),
        "POST /v1/matching-runs/{run_id}/publish": Call({"run_id": run_id}, body=dict),
        "GET /app": Call({}),
        "GET /app/{tenant_slug}": Call({"tenant_slug": world.slug}),
        "GET /app/{tenant_slug}/sign-in": Call({"tenant_slug": world.slug}),
        "POST /app/{tenant_slug}/sign-in": Call(
            {"tenant_slug": world.slug}, body=lambda: {"email": "nobody@example.org"}, form=True
        ),
        "GET /app/{tenant_slug}/sign-in/code": Call({"tenant_slug": world.slug}),
        "POST /app/{tenant_slug}/sign-in/code": Call(
            {"tenant_slug": world.slug}, body=lambda: {"code": "123456"}, form=True
        ),
        "POST /app/{tenant_slug}/sign-out": Call({"tenant_slug": world.slug}, body=dict, form=True),
        "GET /app/{tenant_slug}/programmes": Call(slug),
        "POST /app/{tenant_slug}/programmes": Call(
            slug, body=lambda: programme_form(PROGRAMME_BODY, unique("Matrix page")), form=True
        ),
        "GET /app/{tenant_slug}/programmes/{programme_id}": Call(in_a),
        "GET /app/{tenant_slug}/programmes/{programme_id}/settings": Call(in_a),
        # The world's own settings, sent again: the rows after this one still mean what they say.
        "POST /app/{tenant_slug}/programmes/{programme_id}/settings": Call(
            in_a, body=lambda: programme_form(PROGRAMME, PROGRAMME["name"]), form=True
        ),
        "GET /app/{tenant_slug}/programmes/{programme_id}/applications": Call(in_a),
        "GET /app/{tenant_slug}/programmes/{programme_id}/participants": Call(in_a),
        "GET /app/{tenant_slug}/applications/{application_id}": Call(
            {**slug, "application_id": world.mentee_in.application_id}
        ),
        "POST /app/{tenant_slug}/applications/{application_id}": Call(
            {**slug, "application_id": world.note_application_id},
            body=lambda: {"text": "Met again."},
            form=True,
        ),
        "GET /app/{tenant_slug}/participants": Call(slug),
        "GET /app/{tenant_slug}/participants/{participant_id}": Call(
            {**slug, "participant_id": world.mentor_out.participant_id}
        ),
        "POST /app/{tenant_slug}/participants/{participant_id}": Call(
            {**slug, "participant_id": world.mentor_out.participant_id},
            body=lambda: {
                "module": "mentoring_basics",
                "completed_on": "2026-11-20",
                "assessment_passed": "yes",
            },
            form=True,
        ),
        "GET /app/{tenant_slug}/programmes/{programme_id}/matching": Call(page),
        "POST /app/{tenant_slug}/programmes/{programme_id}/matching": Call(
            page, body=lambda: {"objective": "max_total", "grouping": "groups"}, form=True
        ),
        "GET /app/{tenant_slug}/programmes/{programme_id}/matching/runs/{run_id}": Call(run_page),
        "POST /app/{tenant_slug}/programmes/{programme_id}/matching/runs/{run_id}": Call(
            run_page, body=lambda: {"action": "all"}, form=True
        ),
        "GET /app/{tenant_slug}/programmes/{programme_id}/matching/mentees/{participant_id}": Call(
            {**page, "participant_id": world.mentee_out.participant_id}
        ),
        # A mentee is no mentor: a manager's post breaks a rule (422), and matches nobody.
        "POST /app/{tenant_slug}/programmes/{programme_id}/matching/mentees/{participant_id}": Call(
            {**page, "participant_id": world.mentee_out.participant_id},
            body=lambda: {"mentor_id": world.mentee_in.participant_id},
            form=True,
        ),
        "GET /app/{tenant_slug}/programmes/{programme_id}/matching/exclusions": Call(page),
        "POST /app/{tenant_slug}/programmes/{programme_id}/matching/exclusions": Call(
            page,
            body=lambda: {
                "mentor_id": world.mentor_out.participant_id,
                "mentee_id": world.mentee_out.participant_id,
            },
            form=True,
        ),
        "GET /app/{tenant_slug}/programmes/{programme_id}/matches": Call(page),
        "GET /app/{tenant_slug}/matches/{match_id}": Call(
            {"tenant_slug": world.slug, "match_id": world.match_id}
        ),
        "POST /app/{tenant_slug}/matches/{match_id}": Call(
            {"tenant_slug": world.slug, "match_id": world.match_id},
            body=lambda: {"action": "end", "reason": "again"},
            form=True,
        ),
        "GET /app/{tenant_slug}/home": Call({"tenant_slug": world.slug}),
        "GET /app/{tenant_slug}/municipalities": Call({"tenant_slug": "network"}),
        "POST /app/{tenant_slug}/municipalities": Call({"tenant_slug": "network"}, body=dict, form=True),
        "GET /app/{tenant_slug}/municipalities/{tenant_id}": Call(
            {"tenant_slug": "network", "tenant_id": world.tenant_id}
        ),
        "POST /app/{tenant_slug}/municipalities/{tenant_id}": Call(
            {"tenant_slug": "network", "tenant_id": world.tenant_id}, body=dict, form=True
        ),
        "GET /app/{tenant_slug}/links": Call({"tenant_slug": world.slug}),
        "POST /app/{tenant_slug}/links": Call(
            {"tenant_slug": world.slug}, body=lambda: {"link_id": "lnk_nobody"}, form=True
        ),
        "POST /v1/subscriptions": Call(
            {}, body=lambda: {"event_types": ["MentorQualified"], "endpoint": "http://127.0.0.1:9/partner"}
        ),
        "GET /v1/subscriptions": Call({}),
        "GET /v1/subscriptions/{subscription_id}": Call(subscription),
        "POST /v1/subscriptions/{subscription_id}/replay": Call(subscription, body=last_hour),
        "GET /app/{tenant_slug}/subscriptions": Call(slug),
        "POST /app/{tenant_slug}/subscriptions": Call(slug, body=lambda: {"endpoint": ""}, form=True),
        "GET /app/{tenant_slug}/subscriptions/{subscription_id}": Call({**slug, **subscription}),
        "POST /app/{tenant_slug}/subscriptions/{subscription_id}": Call(
            {**slug, **subscription}, body=lambda: {"action": "replay", "from": "", "to": ""}, form=True
        ),
        "DELETE /v1/subscriptions/{subscription_id}": Call(subscription),
        "GET /v1/public/events/catalog": Call({}),
        "GET /v1/me/preferences": Call({}),
        "PUT /v1/me/preferences": Call({}, body=lambda: {"email": True, "sms": False, "language": "en"}),
        "GET /v1/notifications": Call({}, query=f"person_id={mentee_person}"),
        "GET /app/{tenant_slug}/preferences": Call(slug),
        "POST /app/{tenant_slug}/preferences": Call(slug, body=lambda: {"language": "xx"}, form=True),
        "GET /app/{tenant_slug}/unsubscribe": Call(slug, query="token=forged.token"),
        "POST /app/{tenant_slug}/unsubscribe": Call(
            slug, query="token=forged.token", body=lambda: {"List-Unsubscribe": "One-Click"}, form=True
        ),
        "GET /app/{tenant_slug}/people/{person_id}/notifications": Call({**slug, "person_id": mentee_person}),
        "GET /v1/programmes/{programme_id}/report": Call(programme),
        "GET /v1/programmes/{programme_id}/report/progress.svg": Call(programme),
        "GET /v1/programmes/{programme_id}/report/attendance.svg": Call(programme),
        "GET /v1/programmes/{programme_id}/report/outcomes.svg": Call(programme),
        "GET /v1/programmes/{programme_id}/risks": Call(programme),
        "GET /v1/network/report": Call({}),
        "GET /app/{tenant_slug}/programmes/{programme_id}/report": Call(in_a),
        "GET /app/{tenant_slug}/programmes/{programme_id}/report/{chart_file}": Call(
            {**in_a, "chart_file": "progress.svg"}
        ),
        "GET /app/{tenant_slug}/programmes/{programme_id}/risks": Call(in_a),
        "GET /app/{tenant_slug}/report": Call({"tenant_slug": "network"}),
        # Nothing changes: sharing with an employer is not given on the form, and stays not given.
        "GET /v1/me/consents": Call({}),
        "PUT /v1/me/consents": Call(
            {}, body=lambda: {"privacy_notice_version": "2026-11", "employer_sharing": False}
        ),
        "GET /app/{tenant_slug}/me/consents": Call(slug),
        "POST /app/{tenant_slug}/me/consents": Call(
            slug, body=lambda: {"privacy_notice_version": "2019-01", "processing": "yes"}, form=True
        ),
        "GET /v1/tenants/{tenant_id}/retention": Call({"tenant_id": world.tenant_id}),
        "PUT /v1/tenants/{tenant_id}/retention": Call(
            {"tenant_id": world.tenant_id},
            body=lambda: {"rejected_applications_months": 6, "programme_data_months": 24},
        ),
    }


PROGRAMME_BODY = {**PROGRAMME, "name": "Matrix", "languages": ["en"]}


def programme_form(programme: dict[str, Any], name: str) -> dict[str, Any]:
    """A programme as the pages' programme form posts it (services/intake/web/programme_form.py)."""
    matching = programme.get("matching") or {}
    form: dict[str, Any] = {
        "name": name,
        "kind": programme["kind"],
        "mode": programme["mode"],
        "max_group_size": str(programme.get("max_group_size", 5)),
        "cadence_days": str(programme.get("cadence_days", 14)),
        "starts_on": programme["starts_on"],
        "ends_on": programme["ends_on"],
        "languages": list(programme["languages"]),
        "required_training_modules": "\n".join(
            programme.get("required_training_modules")
            or ["mentoring_basics", "ethics_and_confidentiality", "intercultural_competence"]
        ),
        "min_score": str(matching.get("min_score", 0)),
        **{f"weight-{c}": str(w) for c, w in (matching.get("weights") or {}).items()},
    }
    if programme.get("intake_open", True):
        form["intake_open"] = "yes"
    if programme.get("mentor_training_required"):
        form["mentor_training_required"] = "yes"
    return form


def tokens(world: World) -> dict[str, str | None]:
    return {
        "anon": None,
        "admin": world.admin,
        "mgr": world.manager,
        "mgr_b": world.other_manager,
        "trainer": world.trainer,
        "mtr_in": world.mentor_in.token,
        "mtr_out": world.mentor_out.token,
        "mte_in": world.mentee_in.token,
        "mte_out": world.mentee_out.token,
    }


def secrets(world: World) -> dict[str, list[str]]:
    """What each caller must never be shown, in any answer (unless the request itself named it)."""
    people = [world.mentor_in, world.mentor_out, world.mentee_in, world.mentee_out]
    everyone_in_a = [s for p in people for s in (p.email, p.participant_id)]
    mentees = [s for p in (world.mentee_in, world.mentee_out) for s in (p.email, p.participant_id)]
    return {
        "anon": [*everyone_in_a, END_REASON],
        "admin": [*everyone_in_a, END_REASON],
        "mgr": [],
        "mgr_b": [*everyone_in_a, END_REASON],
        "trainer": [*mentees, END_REASON],
        "mtr_in": [world.mentee_out.email, world.mentee_out.participant_id, END_REASON],
        "mtr_out": [
            world.mentee_in.email,
            world.mentee_out.email,
            world.mentee_in.participant_id,
            END_REASON,
        ],
        "mte_in": [
            world.mentee_out.email,
            world.mentee_out.participant_id,
            world.mentor_out.email,
            END_REASON,
        ],
        "mte_out": [world.mentee_in.email, world.mentee_in.participant_id, world.mentor_in.email, END_REASON],
    }


def operations(spec: dict[str, Any]) -> list[str]:
    return [
        f"{method.upper()} {path}"
        for path, item in spec["paths"].items()
        for method in item
        if method in METHODS
    ]


@pytest.fixture(scope="module")
def matrix_world(api: Api) -> tuple[World, str]:
    """The world, and a completed run in a second programme of A with people of its own: publishing it
    (a row) then touches nobody the other rows are about."""
    world = build_world(api)
    programme = api.call("POST", "/v1/programmes", world.manager, json={**PROGRAMME_BODY, "name": "Runs"})
    programme_id = programme.json()["programme_id"]
    for role, name in (("mentor", "Gustav"), ("mentee", "Hana")):
        path = f"/v1/public/{world.slug}/programmes/{programme_id}/applications"
        application_id = api.call("POST", path, json=applicant(role, name)).json()["application_id"]
        decision = {"decision": "accepted"}
        accepted = api.call(
            "POST", f"/v1/applications/{application_id}/decision", world.manager, json=decision
        )
        assert accepted.status_code == 200, accepted.text
    api.settle()
    started = api.call("POST", f"/v1/programmes/{programme_id}/matching-runs", world.manager, json={})
    assert started.status_code == 202, started.text
    api.settle()
    world.extra["runs_programme_id"] = programme_id
    return world, started.json()["run_id"]


def call(api: Api, operation: str, request: Call, token: str | None) -> Any:
    method, template = operation.split(" ", 1)
    path = template.format(**request.path) + (f"?{request.query}" if request.query else "")
    body = request.body() if request.body else None
    if request.form:
        return api.call(method, path, token, data=body or {})
    return api.call(method, path, token, json=body) if body is not None else api.call(method, path, token)


def test_every_operation_has_a_row(runtime):
    """A route that reaches the OpenAPI without a row here fails: new routes cannot skip the matrix."""
    documented = operations(runtime.openapi())
    assert sorted(documented) == sorted(MATRIX), (
        f"missing rows: {sorted(set(documented) - set(MATRIX))}; "
        f"rows for no operation: {sorted(set(MATRIX) - set(documented))}"
    )
    assert all(len(row) == len(CALLERS) for row in MATRIX.values())


def test_each_caller_gets_the_expected_status_and_nothing_of_another_party(api: Api, matrix_world):
    world, run_id = matrix_world
    calls = requests_for(world, run_id)
    keys = tokens(world)
    hidden = secrets(world)
    documented = set(operations(api.runtime.openapi()))
    wrong: list[str] = []
    for operation, expected in MATRIX.items():
        if operation not in documented:
            continue  # a row for no route: test_every_operation_has_a_row names it
        request = calls[operation]
        for caller, status in zip(CALLERS, expected, strict=True):
            answer = call(api, operation, request, keys[caller])
            named = " ".join(request.path.values()) + request.query
            leaked = [s for s in hidden[caller] if s in answer.text and s not in named]
            if answer.status_code != status:
                wrong.append(f"{operation:<70} {caller:<8} expected {status}, got {answer.status_code}")
            if leaked:
                wrong.append(f"{operation:<70} {caller:<8} shown {leaked}")
        api.settle()
    assert not wrong, "\n" + "\n".join(wrong)


# --- seed 002's employer as a caller of every operation -------------------------------------------------

#: What an employer linked to the mentee in the match gets where it is not 403 (the default): the signed-in
#: pages of another municipality are not theirs (303); what every account may do; their own routes.
# After the matrix above the match has ended: the employer still reads the progress (of a relationship ended),
# and may no longer set goals in it (422 `relationship_required`).
EMPLOYER: dict[str, int] = {
    # What anyone may do, signed in or not, as the other columns show.
    "GET /v1/me/links": 200,
    "POST /v1/me/links/{link_id}/confirm": 404,
    "GET /v1/public/{tenant_slug}/programmes/{programme_id}": 200,
    "POST /v1/public/{tenant_slug}/programmes/{programme_id}/applications": 201,
    "GET /forms/{tenant_slug}/{programme_id}": 200,
    "POST /forms/{tenant_slug}/{programme_id}": 422,
    "GET /v1/public/calendars/{feed_file}": 404,
    "GET /v1/public/events/catalog": 200,
    "GET /app": 303,
    "GET /app/{tenant_slug}": 303,
    "GET /app/{tenant_slug}/sign-in": 303,
    "POST /app/{tenant_slug}/sign-in": 303,
    "GET /app/{tenant_slug}/sign-in/code": 303,
    "POST /app/{tenant_slug}/sign-in/code": 303,
    "POST /app/{tenant_slug}/sign-out": 303,
    "GET /app/{tenant_slug}/municipalities": 303,  # the network's pages (slug `network`): not theirs
    "POST /app/{tenant_slug}/municipalities": 303,
    "GET /app/{tenant_slug}/municipalities/{tenant_id}": 303,
    "POST /app/{tenant_slug}/municipalities/{tenant_id}": 303,
    "GET /app/{tenant_slug}/report": 303,
    "GET /app/{tenant_slug}/links": 200,
    "POST /app/{tenant_slug}/links": 404,
    "GET /app/{tenant_slug}/unsubscribe": 404,
    "POST /app/{tenant_slug}/unsubscribe": 404,
    "GET /v1/me/preferences": 200,
    "PUT /v1/me/preferences": 200,
    "POST /v1/me/export": 202,
    "GET /v1/exports/{export_id}": 404,  # the mentee's export: not theirs, and not said to exist
    # Their own: the mentee they are linked to.
    "GET /v1/employer/mentees": 200,
    "GET /v1/employer/mentees/{participant_id}/progress": 200,
    "PUT /v1/employer/mentees/{participant_id}/goals": 422,
    "GET /app/{tenant_slug}/employer": 200,
    "GET /app/{tenant_slug}/employer/mentees/{participant_id}": 200,
    "POST /app/{tenant_slug}/employer/mentees/{participant_id}": 422,
    # The partner systems' routes take a client's access token only: an id token is no token there.
    "POST /v1/partner/applicants": 401,
    "GET /v1/partner/applicants/{application_id}": 401,
    "PATCH /v1/partner/applicants/{application_id}": 401,
}


def test_the_employer_gets_only_their_own_routes_and_nothing_of_another_party(api: Api, matrix_world):
    world, run_id = matrix_world
    mentee = world.mentee_in
    consent = {"privacy_notice_version": "2026-11", "employer_sharing": True}
    assert api.call("PUT", "/v1/me/consents", mentee.token, json=consent).status_code == 200
    path = f"/v1/participants/{mentee.participant_id}/employer-links"
    # The matrix's consents row withdrew the sharing, which ended the link: the manager links them again.
    if not any(x["status"] == "active" for x in api.call("GET", path, world.manager).json()["items"]):
        body = {"employer_user_id": world.extra["employer_user_id"]}
        relinked = api.call("POST", path, world.manager, json=body)
        assert relinked.status_code == 201, relinked.text
    api.settle()
    calls = requests_for(world, run_id)
    token = world.extra["employer"]
    hidden = [
        *(p.email for p in (world.mentor_in, world.mentor_out, world.mentee_in, world.mentee_out)),
        world.mentee_out.participant_id,
        world.mentor_out.participant_id,
        END_REASON,
    ]
    wrong: list[str] = []
    for operation in MATRIX:
        request = calls[operation]
        if operation.startswith("POST /v1/people/") and operation.endswith("/erasure"):
            continue  # erased already by the matrix: asking again says nothing of the employer
        answer = call(api, operation, request, token)
        expected = EMPLOYER.get(operation, 403)
        named = " ".join(request.path.values()) + request.query
        leaked = [s for s in hidden if s in answer.text and s not in named]
        if answer.status_code != expected:
            wrong.append(f'    "{operation}": {answer.status_code},  # expected {expected}')
        if leaked:
            wrong.append(f"{operation:<70} shown {leaked}")
    api.settle()
    assert not wrong, "\n" + "\n".join(wrong)


def test_a_partner_system_s_token_opens_its_routes_and_nothing_else(api: Api, matrix_world):
    """A partner system's access token (issue 16) on every operation: its own routes answer; everywhere
    else it is worth exactly what no token is (401 on the API, the anonymous page or form otherwise)."""
    world, run_id = matrix_world
    calls = requests_for(world, run_id)
    token = world.extra["partner_token"]
    own = {
        "POST /v1/partner/applicants": 201,
        "GET /v1/partner/applicants/{application_id}": 200,
        "PATCH /v1/partner/applicants/{application_id}": 200,
    }
    documented = set(operations(api.runtime.openapi()))
    wrong: list[str] = []
    for operation, expected in MATRIX.items():
        if operation not in documented:
            continue
        status = own.get(operation, expected[CALLERS.index("anon")])
        answer = call(api, operation, calls[operation], token)
        if answer.status_code != status:
            wrong.append(f"{operation:<70} partner  expected {status}, got {answer.status_code}")
        leaked = [s for s in secrets(world)["anon"] if s in answer.text and operation not in own]
        if leaked:
            wrong.append(f"{operation:<70} partner  shown {leaked}")
    api.settle()
    assert not wrong, "\n" + "\n".join(wrong)
