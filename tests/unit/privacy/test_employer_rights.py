"""An employer's erasure (seed 002) as intake's and sessions' rules apply it: their links stay as the mentee's
record without naming them; the goals they set stay the mentee's without naming them; a mentee's erasure
still takes the mentee's links; an employer's account adds its user id to the ids looked for."""

from __future__ import annotations

import json

from shared.privacy import Erasing, Found

# The settings the services' modules need, for this module only (as test_person_data sets them).
from tests.unit.privacy.test_person_data import _own_environment  # noqa: F401


def _found(kind: str, sk: str, document: dict[str, object], **more: object) -> Found:
    return Found(kind, {"pk": f"t_1#{kind}", "sk": sk, "document": json.dumps(document), **more})


LINK = {
    "link_id": "el_1",
    "participant_id": "par_mentee",
    "programme_id": "prg_1",
    "employer_user_id": "usr_employer",
    "status": "active",
    "linked_at": "2026-11-01T09:00:00+00:00",
    "linked_by": "usr_manager",
}


def _erasing(*ids: str) -> Erasing:
    return Erasing("t_1", frozenset(ids), [], table=None)


def test_an_erased_employer_s_link_stays_ended_and_names_nobody():
    from services.intake.privacy.data import ERASED_PERSON, _employer_link

    kept = _employer_link(
        _found("EMPLOYERLINK", "par_mentee#el_1", LINK), _erasing("p_employer", "usr_employer")
    )
    assert kept is not None
    link = json.loads(kept["document"])
    assert link["employer_user_id"] == ERASED_PERSON and "usr_employer" not in json.dumps(kept)
    assert (link["status"], link["end_reason"], link["participant_id"]) == (
        "ended",
        "employer_erased",
        "par_mentee",
    )


def test_a_mentee_s_erasure_still_takes_their_links():
    from services.intake.privacy.data import _employer_link

    assert (
        _employer_link(_found("EMPLOYERLINK", "par_mentee#el_1", LINK), _erasing("p_mentee", "par_mentee"))
        is None
    )


def test_the_employer_s_goals_for_a_mentee_stay_without_their_setter():
    from services.sessions.privacy import EMPLOYER_SETTER, _goals

    goals = {
        "match_id": "m_1",
        "mentee_id": "par_mentee",
        "set_by": "employer",
        EMPLOYER_SETTER: "p_employer",
    }
    kept = _goals(_found("GOALS", "m_1#EMPLOYER#par_mentee", goals), _erasing("p_employer"))
    assert kept is not None
    assert EMPLOYER_SETTER not in json.loads(kept["document"]) and "p_employer" not in json.dumps(kept)


def test_an_account_adds_its_user_id_to_the_ids_looked_for():
    from services.intake.privacy.data import _more_ids

    user = Found(
        "USER", {"pk": "t_1#USER", "sk": "p_employer", "user_id": "usr_employer", "role": "employer"}
    )
    other = Found("USER", {"pk": "t_1#USER", "sk": "p_other", "user_id": "usr_other", "role": "employer"})
    assert set(_more_ids("t_1", frozenset({"p_employer"}), [user, other])) == {"usr_employer"}
