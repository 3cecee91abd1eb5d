"""The signed-in pages' navigation, built from every service's manifest: who sees which link, in which
language, and which one is the current page."""

from __future__ import annotations

from dataclasses import replace

import pytest

from shared.auth import Principal, Role
from shared.manifest import NavEntry, load_services
from shared.web import nav
from shared.web.pages import WebPages
from tests.unit.web_support import event


def entry(path: str, en: str, roles: tuple[str, ...], order: int = 50, scope: str = "tenant", **labels: str):
    return NavEntry(path=path, labels=(("en", en), *labels.items()), roles=roles, order=order, scope=scope)


ENTRIES = (
    entry("programmes", "Programmes", ("manager",), 10, de="Programme", pl="Programy"),
    entry("participants", "Participants", ("manager", "trainer"), 20),
    entry("home", "Home", ("mentor", "mentee"), 5),
    entry("", "Overview", ("manager",), 10, scope="programme", de="Überblick"),
    entry("applications", "Applications", ("manager",), 20, scope="programme"),
    entry("matching", "Matching", ("manager",), 30, scope="programme"),
)


def person(*roles: Role) -> Principal:
    return Principal(user_id="u", tenant_id="t_1", roles=frozenset(roles), person_id=None, tenant_slug="demo")


@pytest.fixture(autouse=True)
def entries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        nav, "entries", lambda: tuple(sorted(ENTRIES, key=lambda e: (e.scope, e.order, e.path)))
    )


def test_each_role_sees_its_own_links_in_order() -> None:
    manager = nav.main_links("demo", person(Role.MANAGER), "en", "/app/demo")
    assert [(link.href, link.label) for link in manager] == [
        ("/app/demo/programmes", "Programmes"),
        ("/app/demo/participants", "Participants"),
    ]
    assert [link.label for link in nav.main_links("demo", person(Role.MENTEE), "en", "/app/demo")] == ["Home"]
    both = nav.main_links("demo", person(Role.MENTOR, Role.TRAINER), "en", "/app/demo")
    assert [link.label for link in both] == ["Home", "Participants"]


def test_labels_in_the_pages_language_else_english() -> None:
    links = nav.main_links("demo", person(Role.MANAGER), "de", "/app/demo")
    assert [link.label for link in links] == ["Programme", "Participants"]


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/app/demo/programmes", "/app/demo/programmes"),
        ("/app/demo/programmes/prg_1/applications/a_1", "/app/demo/programmes"),
        ("/app/demo/participants", "/app/demo/participants"),
        ("/app/demo/programmesx", None),
        ("/app/demo", None),
    ],
)
def test_the_current_link_is_the_section_the_page_is_in(path: str, current: str | None) -> None:
    links = nav.main_links("demo", person(Role.MANAGER), "en", path)
    assert [link.href for link in links if link.current] == ([current] if current else [])


def test_a_programmes_tabs_mark_the_longest_match_and_only_it() -> None:
    base = "/app/demo/programmes/prg_1"
    tabs = nav.programme_tabs("demo", "prg_1", person(Role.MANAGER), "en", f"{base}/applications/a_1")
    assert [(t.href, t.current) for t in tabs] == [
        (base, False),
        (f"{base}/applications", True),
        (f"{base}/matching", False),
    ]
    overview = nav.programme_tabs("demo", "prg_1", person(Role.MANAGER), "de", base)
    assert (overview[0].label, overview[0].current) == ("Überblick", True)
    assert nav.programme_tabs("demo", "prg_1", person(Role.MENTEE), "en", base) == []


def test_the_layout_shows_the_links_with_aria_current_for_someone_signed_in_here() -> None:
    web = WebPages()
    visit = web.open(event("/app/demo/programmes/prg_1/matching"), "demo")
    visit.principal = person(Role.MANAGER)
    visit.programme_id = "prg_1"
    chrome = web.chrome(visit)
    assert [link.label for link in chrome["nav"]] == ["Programmes", "Participants"]
    assert [tab.label for tab in chrome["tabs"] if tab.current] == ["Matching"]
    html = web.env.from_string('{% extends "layout.html" %}{% block main %}x{% endblock %}').render(
        page=chrome, t=visit.t
    )
    assert '<a href="/app/demo/programmes" aria-current="page">Programmes</a>' in html
    assert '<a href="/app/demo/programmes/prg_1/matching" aria-current="page">Matching</a>' in html
    # Someone of another municipality sees no links of this one.
    visit.principal = replace(person(Role.MANAGER), tenant_slug="elsewhere")
    assert web.chrome(visit)["nav"] == [] and web.chrome(visit)["signed_in"] is False


def test_the_entries_are_every_manifests_nav_sorted_by_scope_order_and_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.undo()  # the real entries() this time, over stand-in manifests
    specs = load_services()
    first = replace(specs[0], nav=(ENTRIES[1], ENTRIES[3]))
    second = replace(specs[1], nav=(ENTRIES[0], ENTRIES[4]))
    monkeypatch.setattr(nav, "load_services", lambda: [first, second, *specs[2:]])
    found = nav.entries.__wrapped__()  # type: ignore[attr-defined]
    mine = [e for e in found if e in ENTRIES]
    assert mine == [ENTRIES[3], ENTRIES[4], ENTRIES[0], ENTRIES[1]]


def test_a_nav_entry_needs_english_and_a_known_scope() -> None:
    with pytest.raises(ValueError, match="English"):
        NavEntry(path="x", labels=(("de", "X"),), roles=("manager",))
    with pytest.raises(ValueError, match="scope"):
        entry("x", "X", ("manager",), scope="sideways")
