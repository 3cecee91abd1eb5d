"""Grouping and capacity: the one place every caller (solver, runs, publishing, manual matches,
candidates) asks."""

from __future__ import annotations

import pytest

from services.matching.engine.rules import check_group, free_slots, grouping_for, mentor_capacity
from shared.errors import RuleViolation


def test_a_programme_is_matched_in_its_own_grouping_unless_a_manager_asks_for_pairs():
    assert grouping_for("pair") == "pairs"
    assert grouping_for("group") == grouping_for("mixed") == "groups"
    assert grouping_for("group", "pairs") == "pairs"
    with pytest.raises(RuleViolation) as refused:
        grouping_for("pair", "groups")
    assert refused.value.extensions["rule"] == "pair_programme"


@pytest.mark.parametrize(
    ("capacity", "load", "group_size", "grouping", "room"),
    [
        (3, 0, 5, "pairs", 1),
        (3, 1, 5, "pairs", 0),
        (3, 0, 2, "groups", 2),
        (3, 1, 5, "groups", 2),
        (2, 4, 5, "groups", 0),
    ],
)
def test_free_slots_are_capacity_within_the_group_size_less_the_load(
    capacity, load, group_size, grouping, room
):
    assert free_slots(capacity, load, group_size, grouping) == room
    assert mentor_capacity(capacity, group_size, grouping) == (
        1 if grouping == "pairs" else min(capacity, group_size)
    )


@pytest.mark.parametrize(
    ("kind", "group_size", "mentees", "rule"),
    [
        ("pair", 5, 2, "pair_programme"),
        ("group", 3, 4, "group_size"),
        ("group", 3, 3, None),
        ("pair", 5, 1, None),
    ],
)
def test_a_manual_match_has_a_size_the_programme_allows(kind, group_size, mentees, rule):
    if rule is None:
        check_group(kind, group_size, mentees)
        return
    with pytest.raises(RuleViolation) as refused:
        check_group(kind, group_size, mentees)
    assert refused.value.extensions["rule"] == rule
