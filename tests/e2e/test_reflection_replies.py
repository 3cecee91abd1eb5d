"""Trainers write back (seed 000: the experts accompany the mentors' learning): under a reflection the
mentor shares, a trainer writes a reply; the mentor reads it on the reflection page; members, managers and
other municipalities cannot write one; a reply's words travel in no event. Over HTTP and on the pages."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Api
from tests.e2e.test_web_sessions import main, page, posted, rel  # noqa: F401 - `rel` is the fixture

REPLY = "What changed when you let the silence stand? 9c1e"


def test_a_trainer_writes_back_and_only_the_mentor_reads_it(api: Api, rel: dict[str, Any]):  # noqa: F811
    api_path = f"/v1/matches/{rel['match_id']}/reflection"
    path = f"{rel['rel']}/reflection"
    kept = {"text": "I talked too much today.", "shared_with_trainer": False}
    assert api.call("PUT", api_path, rel["mentor"], json=kept).status_code == 200
    # Private: to a trainer there is nothing to answer.
    assert api.call("POST", f"{api_path}/replies", rel["trainer"], json={"text": REPLY}).status_code == 404

    shared = {**kept, "shared_with_trainer": True}
    assert api.call("PUT", api_path, rel["mentor"], json=shared).status_code == 200
    with api.events_seen() as seen:
        replied = api.call("POST", f"{api_path}/replies", rel["trainer"], json={"text": REPLY})
        api.settle()
    assert replied.status_code == 201, replied.text
    assert [r["text"] for r in replied.json()["replies"]] == [REPLY]
    # Retried with its Idempotency-Key, a reply is written once; the key with other words is a 422.
    key = {"Idempotency-Key": "reply-9c1e"}
    keyed = api.call(
        "POST", f"{api_path}/replies", rel["trainer"], json={"text": "Keyed."}, headers=dict(key)
    )
    again = api.call(
        "POST", f"{api_path}/replies", rel["trainer"], json={"text": "Keyed."}, headers=dict(key)
    )
    assert (keyed.status_code, again.status_code) == (201, 201) and again.json() == keyed.json()
    assert [r["text"] for r in again.json()["replies"]] == [REPLY, "Keyed."]
    reused = api.call(
        "POST", f"{api_path}/replies", rel["trainer"], json={"text": "Else."}, headers=dict(key)
    )
    assert reused.status_code == 422 and reused.json()["rule"] == "idempotency_key_reused"
    assert not [e for e in seen if REPLY in str(e)]  # no event carries a reply's words

    for token, status in ((rel["mentor"], 403), (rel["mentees"][0], 403), (rel["manager"], 403)):
        refused = api.call("POST", f"{api_path}/replies", token, json={"text": "me too"})
        assert refused.status_code == status, (token, refused.text)
    other = api.call("POST", f"{api_path}/replies", rel["other_manager"], json={"text": "x"})
    assert other.status_code == 404
    assert api.call("POST", f"{api_path}/replies", rel["trainer"], json={"text": "  "}).status_code == 422

    # The mentor reads it under their reflection; writing the reflection again keeps it.
    assert REPLY in main(page(api, path, rel["mentor"]))
    assert api.call("PUT", api_path, rel["mentor"], json={**shared, "text": "Better."}).json()["replies"]
    assert REPLY not in page(api, path, rel["mentees"][0], 403)

    # On the pages: the trainer's reply form, its 422, and the reply that follows.
    assert 'href="#f-reply"' in page(api, f"{path}/replies", rel["trainer"], 422, reply="")
    assert posted(api, f"{path}/replies", rel["trainer"], reply="Keep going.") == path
    assert "Keep going." in main(page(api, path, rel["mentor"]))
    page(api, f"{path}/replies", rel["manager"], 403, reply="x")
