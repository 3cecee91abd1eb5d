"""The archive of good practice (Q-SER, seed 004): the anonymisation check, the search's ranking, and who
may write, approve and read a case."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.intake.archive import anonymity, logic, search
from services.intake.archive.models import (
    CaseDecision,
    CaseReturn,
    PracticeCaseEdit,
    PracticeCaseWrite,
    PublishedCase,
)
from services.intake.archive.words import fold, stem
from shared.errors import Conflict, Forbidden, NotFound, RuleViolation
from tests.fakes.archive import FakeArchive
from tests.fakes.principals import signed_in
from tests.fakes.publisher import RecordingPublisher

TOWN, OTHER = "t-archive", "t-elsewhere"
MANAGER = signed_in("m", "manager", tenant_id=TOWN, person_id="per_manager")
MENTOR = signed_in("a", "mentor", tenant_id=TOWN, person_id="per_author")
ANOTHER_MENTOR = signed_in("b", "mentor", tenant_id=TOWN, person_id="per_reader")
TRAINER = signed_in("t", "trainer", tenant_id=TOWN, person_id="per_trainer")
MENTEE = signed_in("e", "mentee", tenant_id=TOWN, person_id="per_mentee")
OTHER_MANAGER = signed_in("o", "manager", tenant_id=OTHER, person_id="per_other")
NAMES = anonymity.Names.of(["Olena", "Kowalczyk", "Ali", "Will", "García López"])


def body(**changes: object) -> PracticeCaseWrite:
    fields = {
        "title": "Finding a flat together",
        "situation": "The mentee had no flat and the housing office did not answer.",
        "what_worked": "The mentor went along to the office and they wrote the application together.",
        "tags": ["housing"],
        "department": "Social services",
        "language": "en",
        **changes,
    }
    return PracticeCaseWrite.model_validate(fields)


# --- the anonymisation check -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Olena found a flat.", "en"),
        ("Mentorka pomogła Olenie znaleźć mieszkanie.", "pl"),  # Polish: the name inflected
        ("Rozmowa z panią Kowalczykową.", "pl"),
        ("Die Familie kowalczyk kam 2022.", "de"),  # lower case
        ("Olenas Familie kam 2022.", "de"),
        ("ALI asked for help.", "en"),
        ("Will asked for help.", "en"),  # a name that is also a word counts when written as a name
        ("Señor Garcia helped.", "en"),  # diacritics folded both ways
    ],
)
def test_a_participants_name_is_refused_in_any_form(text: str, language: str):
    assert anonymity.findings({"situation": text}, NAMES, language) == [("situation", "participant_name")]


@pytest.mark.parametrize(
    "text",
    [
        "The mentee will ask the office again.",  # "will": a common word in lower case
        "Alibi was not needed; the alien office helped.",  # a name inside a longer word is no name
        "From 2019-2021 and on 12.03.2024 the rent was 1 200 EUR.",  # years, dates, money: no phone
        "Call the hotline, press 1 then 2.",
    ],
)
def test_ordinary_words_years_and_dates_pass(text: str):
    assert anonymity.findings({"situation": text}, NAMES, "en") == []


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Write to olena.k@example.org for help", "email_address"),
        ("Write to someone (at) example.org", "email_address"),
        ("Call +48 601 234 567 in the evening", "phone_number"),
        ("Tel. 030 / 1234 5678", "phone_number"),
        ("Ring 0151-23456789", "phone_number"),
    ],
)
def test_contact_details_are_refused(text: str, rule: str):
    assert ("what_worked", rule) in anonymity.findings({"what_worked": text}, NAMES, "en")


def test_a_refusal_names_every_field_and_rule_but_never_the_word():
    store = FakeArchive(["Olena", "Kowalczyk"])
    with pytest.raises(RuleViolation) as refused:
        logic.write_case(
            MENTOR,
            body(title="Olena's flat", what_worked="Call 0048 601 234 567.", tags=["housing", "Kowalczyk"]),
            store,
            RecordingPublisher(),
        )
    problem = refused.value.extensions
    assert problem["rule"] == "participant_name"
    assert [(e["field"], e["type"]) for e in problem["errors"]] == [
        ("title", "participant_name"),
        ("what_worked", "phone_number"),
        ("tags.1", "participant_name"),
    ]
    assert "Olena" not in str(refused.value) and "Kowalczyk" not in str(problem)
    assert store.written == {}


# --- words and the search's ranking -------------------------------------------------------------------------


def test_words_fold_case_and_diacritics_and_stems_meet_their_inflections():
    assert fold("Łódź Straße ŻÓŁĆ Ärger") == "lodz strasse zolc arger"
    assert stem("wohnungen", "de") == stem("wohnung", "de")
    assert stem(fold("mieszkania"), "pl") == stem(fold("mieszkanie"), "pl") == stem("mieszkaniu", "pl")
    assert stem("applications", "en") == stem("application", "en")


def published(case_id: str, written: PracticeCaseWrite, days_ago: int = 0) -> PublishedCase:
    terms, length = search.index(written)
    at = datetime(2026, 11, 1, tzinfo=UTC) - timedelta(days=days_ago)
    return PublishedCase(
        **written.model_dump(),
        case_id=case_id,
        status="approved",
        author_id="per_author",
        written_at=at,
        approved_at=at,
        terms=terms,
        length=length,
    )


CASES = [
    published(
        "flat_title", body(title="Wohnungssuche mit Geduld", language="de", situation="Lange gesucht.")
    ),
    published(
        "flat_text",
        body(
            title="Ein Sprachkurs",
            language="de",
            situation="Nebenbei ging es auch um die Wohnung.",
            tags=["sprache"],
            department="Jobcenter",
        ),
        days_ago=1,
    ),
    published(
        "pl_flat",
        body(
            title="Szukanie mieszkania",
            language="pl",
            situation="Podopieczna szukała mieszkania.",
            tags=["mieszkanie"],
        ),
        days_ago=2,
    ),
    published("en_job", body(title="A first job", situation="Applications written together."), days_ago=3),
]


def ids(ranked: list[tuple[float, PublishedCase]]) -> list[str]:
    return [c.case_id for _, c in ranked]


def test_a_word_in_the_title_ranks_above_the_same_word_in_the_text():
    assert ids(search.rank("Wohnung", CASES)) == ["flat_title", "flat_text"]  # compound matched by prefix


def test_inflections_diacritics_and_a_words_beginning_are_found():
    assert ids(search.rank("mieszkanie", CASES)) == ["pl_flat"]
    assert ids(search.rank("SZUKALA", CASES)) == ["pl_flat"]
    assert ids(search.rank("applic", CASES))[0] == "en_job"  # the others' what worked has "application" once


def test_filters_by_tag_and_department_and_browsing_shows_the_newest_first():
    assert ids(search.rank("", CASES)) == ["flat_title", "flat_text", "pl_flat", "en_job"]
    assert ids(search.rank("", CASES, tag="SPRACHE")) == ["flat_text"]
    assert ids(search.rank("wohnung", CASES, department="jobcenter")) == ["flat_text"]
    assert search.facets(CASES) == (["Jobcenter", "Social services"], ["housing", "mieszkanie", "sprache"])


# --- approval: who writes, who decides, who reads -----------------------------------------------------------


def test_a_case_waits_for_a_manager_and_only_its_author_and_managers_see_it_before():
    store, bus = FakeArchive(), RecordingPublisher()
    case = logic.write_case(MENTOR, body(), store, bus)
    assert case.status == "pending" and case.version == 1 and bus.types() == ["PracticeCaseSubmitted"]
    assert logic.read_case(MENTOR, case.case_id, store).status == "pending"
    assert logic.read_case(MANAGER, case.case_id, store).title == case.title
    for outsider in (ANOTHER_MENTOR, TRAINER, OTHER_MANAGER):
        with pytest.raises(NotFound):
            logic.read_case(outsider, case.case_id, store)
    assert logic.find_cases(ANOTHER_MENTOR, store).total == 0
    with pytest.raises(Forbidden):
        logic.read_case(MENTEE, case.case_id, store)
    with pytest.raises(Forbidden):
        logic.write_case(TRAINER, body(), store, bus)


def test_a_manager_returns_with_a_reason_then_approves_and_others_find_it():
    store, bus = FakeArchive(), RecordingPublisher()
    case = logic.write_case(MENTOR, body(), store, bus)
    with pytest.raises(Forbidden):
        logic.approve_case(MENTOR, case.case_id, CaseDecision(version=1), store, bus)
    returned = logic.return_case(
        MANAGER, case.case_id, CaseReturn(version=1, reason="Say what the office did."), store, bus
    )
    assert returned.status == "returned" and returned.return_reason == "Say what the office did."
    with pytest.raises(RuleViolation) as not_pending:
        logic.approve_case(MANAGER, case.case_id, CaseDecision(version=2), store, bus)
    assert not_pending.value.extensions["rule"] == "case_not_pending"
    with pytest.raises(NotFound):  # not approved yet: the other mentor cannot even see it
        logic.edit_case(
            ANOTHER_MENTOR, case.case_id, PracticeCaseEdit(**body().model_dump(), version=2), store, bus
        )
    edited = logic.edit_case(
        MENTOR,
        case.case_id,
        PracticeCaseEdit(**body(title="Flat, with the office").model_dump(), version=2),
        store,
        bus,
    )
    assert edited.status == "pending"
    with pytest.raises(Conflict):
        logic.approve_case(MANAGER, case.case_id, CaseDecision(version=2), store, bus)  # read before the edit
    approved = logic.approve_case(MANAGER, case.case_id, CaseDecision(version=3), store, bus)
    assert approved.status == "approved" and approved.approved_by == "per_manager"
    assert bus.types() == [
        "PracticeCaseSubmitted",
        "PracticeCaseReturned",
        "PracticeCaseSubmitted",
        "PracticeCaseApproved",
    ]
    found = logic.find_cases(TRAINER, store, query="office")
    assert [f.title for f in found.items] == ["Flat, with the office"]
    assert logic.find_cases(OTHER_MANAGER, store, query="office").total == 0


def test_an_edit_of_an_approved_case_waits_while_others_keep_reading_the_approved_one():
    store, bus = FakeArchive(), RecordingPublisher()
    case = logic.write_case(MENTOR, body(), store, bus)
    logic.approve_case(MANAGER, case.case_id, CaseDecision(version=1), store, bus)
    logic.edit_case(
        MENTOR,
        case.case_id,
        PracticeCaseEdit(**body(title="A new title").model_dump(), version=2),
        store,
        bus,
    )
    assert logic.read_case(ANOTHER_MENTOR, case.case_id, store).title == "Finding a flat together"
    with pytest.raises(Forbidden):  # they read it, but only its author changes it
        logic.edit_case(
            ANOTHER_MENTOR, case.case_id, PracticeCaseEdit(**body().model_dump(), version=3), store, bus
        )
    assert logic.read_case(MENTOR, case.case_id, store).title == "A new title"
    assert [c.status for c in logic.unapproved_cases(MANAGER, store).items] == ["pending"]


def test_the_check_runs_again_at_approval_for_people_who_joined_since():
    store, bus = FakeArchive(), RecordingPublisher()
    case = logic.write_case(MENTOR, body(situation="Mariam needed a flat."), store, bus)
    store.names.append("Mariam")
    with pytest.raises(RuleViolation) as refused:
        logic.approve_case(MANAGER, case.case_id, CaseDecision(version=1), store, bus)
    assert refused.value.extensions["errors"][0]["field"] == "situation"
    assert store.published_cases(TOWN) == []


def test_the_same_idempotency_key_answers_the_same_case_once():
    store, bus = FakeArchive(), RecordingPublisher()
    first = logic.write_case(MENTOR, body(), store, bus, idempotency_key="k-1")
    again = logic.write_case(MENTOR, body(), store, bus, idempotency_key="k-1")
    assert again.case_id == first.case_id and len(store.written) == 1
    with pytest.raises(RuleViolation):
        logic.write_case(MENTOR, body(title="Other"), store, bus, idempotency_key="k-1")


# --- an author's erasure ---------------------------------------------------------------------------------


def test_an_erased_authors_approved_case_stays_without_them_and_their_unapproved_one_goes(
    monkeypatch: pytest.MonkeyPatch,
):
    import json

    from shared.privacy import Erasing, Found
    from tests.fakes.modules import imported_afresh

    monkeypatch.setenv("INTAKE_TABLE_NAME", "tandem-unit-intake")
    monkeypatch.setenv("EVENT_BUS_NAME", "tandem-unit-bus")
    monkeypatch.setenv("USER_POOL_ID", "eu-central-1_unit")
    with imported_afresh("services.intake.privacy.data") as data:
        rule = data.PERSON_DATA.rules["PRACTICE_CASE"]
        assert data.PERSON_DATA.rules["PRACTICE_PUBLISHED"] is rule
        ERASED_PERSON = data.ERASED_PERSON
    erasing = Erasing(tenant_id=TOWN, ids=frozenset({"per_author"}), found=[], table=None)
    approved = {"author_id": "per_author", "approved_by": "per_manager", "published_version": 2, "title": "T"}
    item = {"pk": f"{TOWN}#PRACTICE_CASE", "sk": "case_1", "document": json.dumps(approved)}
    kept = rule(Found("PRACTICE_CASE", item), erasing)  # type: ignore[operator]
    assert kept is not None
    assert json.loads(kept["document"]) == {**approved, "author_id": ERASED_PERSON}
    pending = {**approved, "published_version": None, "approved_by": None}
    item = {**item, "document": json.dumps(pending)}
    assert rule(Found("PRACTICE_CASE", item), erasing) is None  # type: ignore[operator]
