"""Notifications' people part on the local runtime, as a person and their programme manager meet it: the
preferences (defaults from the application's consent), mail in text and HTML from the municipality with a
one-click unsubscribe, an SMS about a moved session (or held until 08:00 at night), and the delivery log.
"""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import jwt
import pytest

from services.notifications.people.sms import quiet_until
from tests.e2e.conftest import Api
from tests.e2e.test_matching import accept, matched
from tests.e2e.test_sessions_api import GROUP
from tests.fakes.bodies import applicant

PHONE = "+49 151 2345 6789"


def person_id(token: str) -> str:
    return str(jwt.decode(token, options={"verify_signature": False})["custom:person_id"])


@pytest.fixture(scope="module")
def pair(api: Api) -> dict[str, Any]:
    town = api.new_town({**GROUP, "name": "People mail", "kind": "pair", "languages": ["de", "en"]}, "de")
    mentor = accept(api, town, applicant("mentor", "Olga", capacity=1))
    body = applicant("mentee", "Piotr")
    body["person"]["phone"] = PHONE
    body["consent"]["contact_sms"] = True  # and not contact_email: the form's ticks, as the person left them
    mentee = accept(api, town, body)
    api.settle()
    match_id = matched(api, town, mentor, mentee)
    api.settle()
    mentee_token = api.token(mentee["email"])
    return {
        **town,
        "match_id": match_id,
        "mentor": {**mentor, "token": api.token(mentor["email"])},
        "mentee": {**mentee, "token": mentee_token, "person_id": person_id(mentee_token)},
    }


def raw_mail(api: Api, to: str, subject_start: str) -> email.message.EmailMessage:
    """The newest such mail, parsed from what SES was given (as a mail program reads it)."""
    from moto.ses.models import ses_backends

    from infra.local import cloud

    raws = [
        m.raw_data
        for m in ses_backends[cloud.ACCOUNT][cloud.REGION].sent_messages
        if hasattr(m, "raw_data") and to in m.destinations
    ]
    parsed = [email.message_from_string(r, policy=email.policy.default) for r in raws]
    found = [p for p in parsed if str(p["Subject"]).startswith(subject_start)]
    assert found, [str(p["Subject"]) for p in parsed]
    return found[-1]  # type: ignore[return-value]


def test_preferences_start_as_the_consent_and_only_the_municipalitys_languages_are_taken(api: Api, pair):
    token = pair["mentee"]["token"]
    prefs = api.call("GET", "/v1/me/preferences", token).json()
    assert (prefs["email"], prefs["sms"], prefs["chosen"], prefs["sms_possible"]) == (
        False,
        True,
        False,
        True,
    )
    assert prefs["languages"] == ["de", "en"]

    refused = api.call(
        "PUT", "/v1/me/preferences", token, json={"email": True, "sms": True, "language": "pl"}
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "language"

    chosen = api.call("PUT", "/v1/me/preferences", token, json={"email": True, "sms": True, "language": "en"})
    assert chosen.status_code == 200, chosen.text
    assert api.call("GET", "/v1/me/preferences", token).json()["chosen"] is True


def test_session_news_is_mailed_from_the_municipality_with_html_an_ics_and_one_click_unsubscribe(
    api: Api, pair
):
    api.call(
        "PUT",
        "/v1/me/preferences",
        pair["mentee"]["token"],
        json={"email": True, "sms": True, "language": "en"},
    )
    starts = (datetime.now(UTC) + timedelta(days=12)).replace(microsecond=0)
    body = {
        "starts_at": starts.isoformat(),
        "duration_minutes": 60,
        "topic": "Private topic",
        "mode": "in_person",
    }
    planned = api.call("POST", f"/v1/matches/{pair['match_id']}/sessions", pair["mentor"]["token"], json=body)
    assert planned.status_code == 201, planned.text
    api.settle()

    message = raw_mail(api, pair["mentee"]["email"], "A mentoring session is planned")
    assert message["From"].addresses[0].display_name == pair["name"]
    assert message.get_content_type() == "multipart/mixed"
    html = message.get_body(preferencelist=("html",)).get_content()
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Private topic" not in html and "Private topic" not in text
    assert [a.get_filename() for a in message.iter_attachments()] == ["session.ics"]
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in html
    # The decision on the application was transactional: no unsubscribe there
    welcome = raw_mail(api, pair["mentee"]["email"], "Welcome to")
    assert welcome["List-Unsubscribe"] is None

    link = urlsplit(unsubscribe)
    path = f"{link.path}?{link.query}"
    asked = api.call("GET", path)
    assert asked.status_code == 200 and "<form" in asked.text
    assert api.call("GET", "/v1/me/preferences", pair["mentee"]["token"]).json()["email"] is True
    # What a mail program posts for "Unsubscribe" (RFC 8058): no cookie, no page, the link is the key
    done = api.http.post(
        f"{api.url}{path}",
        data="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=10,
    )
    assert done.status_code == 200, done.text
    assert api.call("GET", "/v1/me/preferences", pair["mentee"]["token"]).json()["email"] is False
    forged = api.http.post(f"{api.url}{link.path}?token=x.y", data="List-Unsubscribe=One-Click", timeout=10)
    assert forged.status_code == 404


def test_a_moved_session_is_texted_to_the_mentee_who_chose_sms_or_held_until_morning(api: Api, pair):
    starts = (datetime.now(UTC) + timedelta(days=20)).replace(microsecond=0)
    body = {
        "starts_at": starts.isoformat(),
        "duration_minutes": 60,
        "topic": "Private topic",
        "mode": "in_person",
    }
    session_id = api.call(
        "POST", f"/v1/matches/{pair['match_id']}/sessions", pair["mentor"]["token"], json=body
    ).json()["session_id"]
    api.settle()
    moved = (starts + timedelta(days=1)).isoformat()
    changed = api.call(
        "PATCH", f"/v1/sessions/{session_id}", pair["mentor"]["token"], json={"starts_at": moved}
    )
    assert changed.status_code == 200, changed.text
    api.settle()
    api.runtime.advance_clock(timedelta())  # fires what fell due (a held text, if the clock is ahead)
    api.settle()

    texts = [
        s
        for s in api.http.get(f"{api.url}/local/outbox", timeout=10).json()["sms"]
        if s["to"] == "+4915123456789"
    ]
    log = api.call(
        "GET", f"/v1/notifications?person_id={pair['mentee']['person_id']}", pair["manager"]
    ).json()
    sms = [i for i in log["items"] if i["channel"] == "sms" and i["kind"] == "session_moved"]
    # Held in the night (by the real time the handler reads); a held text goes when the scheduler clock
    # reaches the morning, which is at once when earlier tests have moved this runtime's clock on by hours
    # (test_forms_http's digests, test_welcome_mail).
    until = quiet_until(datetime.now(UTC), "Europe/Warsaw")
    held = [] if until is None else ["held"]  # the night's hold stays in the log beside the sending
    if until is None or api.runtime.clock.now() >= until:
        [text] = texts
        assert f"/app/{pair['slug']}/sessions/{session_id}" in text["body"]
        assert text["body"].startswith(f"{pair['name']}: ")  # from the municipality, a fixed text
        assert "Private topic" not in text["body"]
        assert sorted(i["status"] for i in sms) == sorted(["sent", *held])
    else:
        assert texts == [] and [i["status"] for i in sms] == ["held"]
    assert sms[0]["to"] == "+49*********89"
    if texts:  # sent (not held for the night): the SMS fake's receipt reaches the delivery log
        receipt = {"message_id": texts[0]["message_id"], "status": "SUCCESS"}
        assert api.http.post(f"{api.url}/local/sms-receipt", json=receipt, timeout=10).status_code == 200
        again = api.call(
            "GET", f"/v1/notifications?person_id={pair['mentee']['person_id']}", pair["manager"]
        ).json()
        moved_sms = [i for i in again["items"] if i["channel"] == "sms" and i["kind"] == "session_moved"]
        assert sorted(i["status"] for i in moved_sms) == sorted(["delivered", *held])


def test_the_delivery_log_is_the_managers_masked_without_text_and_404_for_another_municipality(
    api: Api, pair
):
    path = f"/v1/notifications?person_id={pair['mentee']['person_id']}"
    log = api.call("GET", path, pair["manager"])
    assert log.status_code == 200, log.text
    items = log.json()["items"]
    kinds = {(i["channel"], i["kind"], i["status"]) for i in items}
    assert ("email", "application_received", "sent") in kinds
    assert ("email", "session_planned", "sent") in kinds
    assert pair["mentee"]["email"] not in log.text and "Private topic" not in log.text
    assert {i["to"] for i in items if i["channel"] == "email"} == {"p***@e***.org"}

    other = api.new_tenant()
    assert api.call("GET", path, other["manager"]).status_code == 404
    assert api.call("GET", path, pair["mentee"]["token"]).status_code == 403

    page = api.call(
        "GET", f"/app/{pair['slug']}/people/{pair['mentee']['person_id']}/notifications", pair["manager"]
    )
    assert page.status_code == 200
    assert "p***@e***.org" in page.text and pair["mentee"]["email"] not in page.text


def test_the_preferences_page_saves_the_choice(api: Api, pair):
    token = pair["mentee"]["token"]
    shown = api.call("GET", f"/app/{pair['slug']}/preferences?lang=de", token)
    assert shown.status_code == 200 and "Wie wir Sie erreichen" in shown.text
    saved = api.call(
        "POST", f"/app/{pair['slug']}/preferences", token, data={"email": "yes", "language": "de"}
    )
    assert saved.status_code == 303
    prefs = api.call("GET", "/v1/me/preferences", token).json()
    assert (prefs["email"], prefs["sms"], prefs["language"]) == (True, False, "de")
    wrong = api.call("POST", f"/app/{pair['slug']}/preferences", token, data={"language": "xx"})
    assert wrong.status_code == 422 and 'aria-invalid="true"' in wrong.text


def test_a_bounce_from_ses_marks_the_address_and_no_more_mail_goes_to_it(api: Api, pair):
    """SES feedback as the cloud's topic delivers it (raw, into notifications' queue): the mentor's session
    mail bounces; the manager's log shows it, the mentor's address is marked, and no mail follows."""
    import json

    import boto3

    mentor = pair["mentor"]
    mentor_person = person_id(mentor["token"])
    api.call(
        "PUT", "/v1/me/preferences", mentor["token"], json={"email": True, "sms": False, "language": "en"}
    )
    starts = (datetime.now(UTC) + timedelta(days=30)).replace(microsecond=0)
    body = {"starts_at": starts.isoformat(), "duration_minutes": 60, "topic": "Bounce", "mode": "in_person"}
    made = api.call("POST", f"/v1/matches/{pair['match_id']}/sessions", mentor["token"], json=body)
    assert made.status_code == 201, made.text
    api.settle()
    [planned] = [m for m in api.outbox_to(mentor["email"]) if m["subject"].startswith("A mentoring session")]
    assert planned["html"] and planned["list_unsubscribe"].startswith(
        f"<{api.url}/app/{pair['slug']}/unsubscribe"
    )
    assert planned["from_header"].startswith(pair["name"])
    bounce = {
        "notificationType": "Bounce",
        "bounce": {"bounceType": "Permanent", "bouncedRecipients": [{"emailAddress": mentor["email"]}]},
        "mail": {"messageId": planned["message_id"], "destination": [mentor["email"]]},
    }
    queue = api.runtime.cloud.queues["notifications"].queue_url
    boto3.client("sqs").send_message(QueueUrl=queue, MessageBody=json.dumps(bounce))
    api.settle()

    log = api.call("GET", f"/v1/notifications?person_id={mentor_person}", pair["manager"]).json()
    assert log["email_bounced"] is True
    assert [i["status"] for i in log["items"] if i["kind"] == "session_planned"] == ["bounced"]
    assert api.call("GET", "/v1/me/preferences", mentor["token"]).json()["email_bounced"] is True

    before = len(api.outbox_to(mentor["email"]))
    later = {**body, "starts_at": (starts + timedelta(days=2)).isoformat()}
    assert (
        api.call("POST", f"/v1/matches/{pair['match_id']}/sessions", mentor["token"], json=later).status_code
        == 201
    )
    api.settle()
    assert len(api.outbox_to(mentor["email"])) == before
    log = api.call("GET", f"/v1/notifications?person_id={mentor_person}", pair["manager"]).json()
    assert ("failed", "address_bounced") in {(i["status"], i["reason"]) for i in log["items"]}
