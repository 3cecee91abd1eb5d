from tests.e2e.test_sessions_mail import *  # noqa


def test_debug(api, pair):
    starts = (datetime.now(UTC) + timedelta(days=10)).replace(microsecond=0)
    body = {"starts_at": starts.isoformat(), "duration_minutes": 60, "topic": TOPIC, "mode": "in_person"}
    planned = api.call("POST", f"/v1/matches/{pair['match_id']}/sessions", pair["mentor"]["token"], json=body)
    session_id = planned.json()["session_id"]
    api.settle()
    absent = api.call("POST", f"/v1/sessions/{session_id}/absence", pair["mentee"]["token"], json={"reason": REASON})
    print("ABSENT", absent.status_code, absent.text[:300])
    api.settle()
    for m in api.outbox_to(pair["mentor"]["email"]):
        print("MAIL", m["subject"], m.get("from"))
    for m in api.outbox_to(pair["manager_email"]):
        print("MGR", m["subject"])
