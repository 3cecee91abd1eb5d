"""The mentor's reflection on moto's table: saved at the revision it was read, read back by the mentor,
by a trainer only while shared, never by a mentee or a manager, and never across municipalities."""

from __future__ import annotations

import pytest

from services.sessions import logic
from services.sessions.schemas import ReflectionWrite
from shared.errors import Conflict, Forbidden, NotFound
from tests.unit.sessions.fakes import OTHER, TENANT, manager, member, relationship, trainer


@pytest.fixture
def store(store_module):
    return store_module.SessionsStore()


def test_the_reflection_is_the_mentors_and_a_trainers_only_while_shared(store):
    match_id = relationship(store)
    mentor = member("mtr")
    assert logic.read_reflection(mentor, match_id, store).version == 0
    private = logic.write_reflection(mentor, match_id, ReflectionWrite(text="Too quick today."), store)
    assert private.version == 1 and logic.read_reflection(mentor, match_id, store).text == "Too quick today."
    for someone in (member("e1"), manager()):
        with pytest.raises(Forbidden):
            logic.read_reflection(someone, match_id, store)
    with pytest.raises(NotFound):
        logic.read_reflection(trainer(), match_id, store)
    with pytest.raises(NotFound):
        logic.read_reflection(manager(OTHER), match_id, store)

    shared = ReflectionWrite(text="Too quick today.", shared_with_trainer=True)
    logic.write_reflection(mentor, match_id, shared, store)
    assert logic.read_reflection(trainer(), match_id, store).text == "Too quick today."
    with pytest.raises(Forbidden):
        logic.write_reflection(trainer(), match_id, shared, store)

    stale = logic.read_reflection(mentor, match_id, store)
    store.save_reflection(TENANT, stale)
    with pytest.raises(Conflict):
        store.save_reflection(TENANT, stale)  # read at a revision someone saved over meanwhile
