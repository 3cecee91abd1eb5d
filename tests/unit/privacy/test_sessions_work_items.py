"""Sessions' erasure of work plans, feedback on talks and peer-board posts (issue 16, seeds 001 and 002)."""

from __future__ import annotations

# The settings the sessions module needs, for this module only (as test_person_data sets them).
from tests.unit.privacy.test_person_data import _keys, _own_environment, _put, _table_of  # noqa: F401


def test_an_erasure_takes_the_persons_plans_feedback_and_board_words_and_keeps_the_others() -> None:
    from services.sessions.privacy import PERSON_DATA

    with _table_of(PERSON_DATA) as table:
        _put(table, "WORKPLAN", "m_1#2027-W09", {"match_id": "m_1", "written_by": ["pt_piotr"], "tasks": []})
        _put(table, "WORKPLAN", "m_2#2027-W09", {"match_id": "m_2", "written_by": ["pt_rosa"], "tasks": []})
        _put(table, "FEEDBACK", "s_1#pt_piotr", {"participant_id": "pt_piotr", "keep": "mine"})
        _put(table, "FEEDBACK", "s_1#pt_rosa", {"participant_id": "pt_rosa", "keep": "hers"})
        replies = [
            {"author_id": "u_rosa", "text": "Rosa's reply"},
            {"author_id": "u_piotr", "text": "Piotr's reply"},
        ]
        post = {"author_id": "u_piotr", "title": "Mine", "text": "Piotr's post", "replies": replies}
        _put(table, "PEERPOST", "prg_1#pst_1", post)

        PERSON_DATA.erase("t_1", ["u_piotr", "pt_piotr"])
        kept = _keys(table)
        assert ("WORKPLAN", "m_1#2027-W09") not in kept and ("WORKPLAN", "m_2#2027-W09") in kept
        assert ("FEEDBACK", "s_1#pt_piotr") not in kept and ("FEEDBACK", "s_1#pt_rosa") in kept
        stored = table.get_item(Key={"pk": "t_1#PEERPOST", "sk": "prg_1#pst_1"})["Item"]["document"]
        assert "Piotr" not in stored and "u_piotr" not in stored and "Rosa's reply" in stored
