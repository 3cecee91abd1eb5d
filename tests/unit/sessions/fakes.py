"""An in-memory stand-in for sessions' table, and builders of a relationship and its callers.

`InMemorySessionsRecords` keeps the store's promise logic relies on: a document is saved only at the
revision it was read (else Conflict), so logic's read-change-save is tested as it runs on DynamoDB
(tests/integration/sessions checks the store itself on moto).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, TypeVar

from pydantic import BaseModel

from services.sessions import logic
from services.sessions.models import (
    Agreement,
    AgreementTemplate,
    CalendarFeed,
    Diary,
    Goals,
    Participant,
    PeerPost,
    Plan,
    Programme,
    Reflection,
    Relationship,
    TalkFeedback,
    WorkPlan,
)
from shared.auth import Principal
from shared.errors import Conflict
from shared.events.catalog import MatchConfirmed, ParticipantAccepted, ProgrammeOpened
from shared.events.envelope import Metadata
from tests.fakes.principals import signed_in

TENANT, OTHER = "t-town", "t-other"
D = TypeVar("D", bound=BaseModel)


class InMemorySessionsRecords:
    def __init__(self) -> None:
        self.items: dict[tuple[str, str, str], Any] = {}

    def _get(self, kind: str, tenant_id: str, key: str) -> Any:
        return self.items.get((kind, tenant_id, key))

    def _versioned(self, kind: str, tenant_id: str, key: str, doc: D) -> D:
        known = self._get(kind, tenant_id, key)
        if (known.revision if known is not None else 0) != doc.revision:  # type: ignore[attr-defined]
            raise Conflict("Someone changed this at the same time; read it again and retry.")
        saved = doc.model_copy(update={"revision": doc.revision + 1}, deep=True)  # type: ignore[attr-defined]
        self.items[(kind, tenant_id, key)] = saved
        return saved.model_copy(deep=True)

    def save_programme(self, programme: Programme) -> None:
        self.items[("programme", programme.tenant_id, programme.programme_id)] = programme

    def programme(self, tenant_id: str, programme_id: str) -> Programme | None:
        return self._get("programme", tenant_id, programme_id)  # type: ignore[no-any-return]

    def save_participant(self, participant: Participant) -> None:
        self.items[("participant", participant.tenant_id, participant.participant_id)] = participant

    def participant(self, tenant_id: str, participant_id: str) -> Participant | None:
        return self._get("participant", tenant_id, participant_id)  # type: ignore[no-any-return]

    def save_relationship(self, relationship: Relationship) -> None:
        self.items[("relationship", relationship.tenant_id, relationship.match_id)] = relationship

    def relationship(self, tenant_id: str, match_id: str) -> Relationship | None:
        return self._get("relationship", tenant_id, match_id)  # type: ignore[no-any-return]

    def agreement(self, tenant_id: str, match_id: str) -> Agreement | None:
        known = self._get("agreement", tenant_id, match_id)
        return known.model_copy(deep=True) if known else None

    def save_agreement(self, tenant_id: str, agreement: Agreement) -> Agreement:
        return self._versioned("agreement", tenant_id, agreement.match_id, agreement)

    def agreement_template(self, tenant_id: str, programme_id: str) -> AgreementTemplate | None:
        known = self._get("agreement_template", tenant_id, programme_id)
        return known.model_copy(deep=True) if known else None

    def save_agreement_template(self, tenant_id: str, template: AgreementTemplate) -> AgreementTemplate:
        return self._versioned("agreement_template", tenant_id, template.programme_id, template)

    def goals(self, tenant_id: str, match_id: str) -> list[Goals]:
        return [
            g.model_copy(deep=True)
            for (kind, t, key), g in self.items.items()
            if kind == "goals" and t == tenant_id and key.startswith(f"{match_id}#")
        ]

    def save_goals(self, tenant_id: str, goals: Goals) -> Goals:
        return self._versioned("goals", tenant_id, f"{goals.match_id}#{goals.mentee_id or 'GROUP'}", goals)

    def plan(self, tenant_id: str, match_id: str) -> Plan:
        known = self._get("plan", tenant_id, match_id)
        return known.model_copy(deep=True) if known else Plan(match_id=match_id)

    def save_plan(self, tenant_id: str, plan: Plan, *, new_session_id: str | None = None) -> None:
        self._versioned("plan", tenant_id, plan.match_id, plan)
        if new_session_id:
            self.items[("ref", tenant_id, new_session_id)] = plan.match_id

    def match_of_session(self, tenant_id: str, session_id: str) -> str | None:
        return self._get("ref", tenant_id, session_id)  # type: ignore[no-any-return]

    def diary(self, tenant_id: str, session_id: str) -> Diary | None:
        known = self._get("diary", tenant_id, session_id)
        return known.model_copy(deep=True) if known else None

    def save_diary(self, tenant_id: str, diary: Diary) -> Diary:
        return self._versioned("diary", tenant_id, diary.session_id, diary)

    def reflection(self, tenant_id: str, match_id: str) -> Reflection | None:
        known = self._get("reflection", tenant_id, match_id)
        return known.model_copy(deep=True) if known else None

    def save_reflection(self, tenant_id: str, reflection: Reflection) -> Reflection:
        return self._versioned("reflection", tenant_id, reflection.match_id, reflection)

    # --- work plans, feedback, the peer board ---
    def _under(self, kind: str, tenant_id: str, prefix: str) -> list[Any]:
        return [
            v.model_copy(deep=True)
            for (k, t, key), v in self.items.items()
            if k == kind and t == tenant_id and key.startswith(prefix)
        ]

    def work_plans(self, tenant_id: str, match_id: str) -> list[WorkPlan]:
        return self._under("workplan", tenant_id, f"{match_id}#")

    def work_plan(self, tenant_id: str, match_id: str, period: str) -> WorkPlan | None:
        known = self._get("workplan", tenant_id, f"{match_id}#{period}")
        return known.model_copy(deep=True) if known else None

    def save_work_plan(self, tenant_id: str, plan: WorkPlan) -> WorkPlan:
        return self._versioned("workplan", tenant_id, f"{plan.match_id}#{plan.period}", plan)

    def feedback(self, tenant_id: str, session_id: str) -> list[TalkFeedback]:
        return self._under("feedback", tenant_id, f"{session_id}#")

    def save_feedback(self, tenant_id: str, feedback: TalkFeedback) -> TalkFeedback:
        key = f"{feedback.session_id}#{feedback.participant_id}"
        return self._versioned("feedback", tenant_id, key, feedback)

    def peer_posts(self, tenant_id: str, programme_id: str) -> list[PeerPost]:
        return self._under("peerpost", tenant_id, f"{programme_id}#")

    def peer_post(self, tenant_id: str, programme_id: str, post_id: str) -> PeerPost | None:
        known = self._get("peerpost", tenant_id, f"{programme_id}#{post_id}")
        return known.model_copy(deep=True) if known else None

    def save_peer_post(self, tenant_id: str, post: PeerPost) -> PeerPost:
        return self._versioned("peerpost", tenant_id, f"{post.programme_id}#{post.post_id}", post)

    def participants_of(self, tenant_id: str, person_id: str) -> list[Participant]:
        return [
            p
            for (k, t, _), p in self.items.items()
            if k == "participant" and t == tenant_id and p.person_id == person_id
        ]

    # --- private calendar feeds ---
    def replace_feed(self, feed: CalendarFeed) -> None:
        self.revoke_feed(feed.tenant_id, feed.person_id)
        self.items[("feed", "", feed.token_hash)] = feed
        self.items[("personfeed", feed.tenant_id, feed.person_id)] = feed.token_hash

    def revoke_feed(self, tenant_id: str, person_id: str) -> None:
        token_hash = self.items.pop(("personfeed", tenant_id, person_id), None)
        self.items.pop(("feed", "", token_hash or ""), None)

    def feed_of(self, tenant_id: str, person_id: str) -> CalendarFeed | None:
        return self.feed_by_hash(self.items.get(("personfeed", tenant_id, person_id), ""))

    def feed_by_hash(self, token_hash: str) -> CalendarFeed | None:
        return self._get("feed", "", token_hash)  # type: ignore[no-any-return]

    def relationships_of(self, tenant_id: str, person_id: str) -> list[Relationship]:
        return [
            r
            for (kind, t, _), r in self.items.items()
            if kind == "relationship" and t == tenant_id and person_id in r.persons.values()
        ]


def meta(tenant_id: str = TENANT, event_type: str = "MatchConfirmed") -> Metadata:
    return Metadata(
        event_id=f"evt-{datetime.now(UTC).timestamp()}",
        event_type=event_type,
        version=1,
        tenant_id=tenant_id,
        occurred_at=datetime.now(UTC),
        correlation_id="corr",
        producer="intake",
    )


def programme_opened(
    mode: str = "blended", kind: str = "group", languages: tuple[str, ...] = ("en",)
) -> ProgrammeOpened:
    return ProgrammeOpened(
        programme_id="prg_1",
        tenant_slug="town",
        name="Start",
        kind=kind,  # type: ignore[arg-type]
        mode=mode,  # type: ignore[arg-type]
        languages=list(languages),
        starts_on=date(2027, 2, 1),
        ends_on=date(2027, 8, 1),
        intake_open=True,
        opened_by="p_manager",
    )


def accepted(participant_id: str, role: str) -> ParticipantAccepted:
    return ParticipantAccepted.model_validate(
        {
            "participant_id": participant_id,
            "person_id": f"p_{participant_id}",
            "programme_id": "prg_1",
            "application_id": f"app_{participant_id}",
            "role": role,
            "eligible": True,
            "profile": {"birth_year": 1990, "languages": ["en"]},
        }
    )


def relationship(
    store: InMemorySessionsRecords,
    *mentees: str,
    mode: str = "blended",
    languages: tuple[str, ...] = ("en",),
    programme: ProgrammeOpened | None = None,
    match_id: str = "match_1",
) -> str:
    """A match of mentor `mtr` with these mentees (default three) in programme prg_1 (`programme`, else
    one opened in `mode` and `languages`); its id `match_id`."""
    mentees = mentees or ("e1", "e2", "e3")
    logic.project_programme(meta(), programme or programme_opened(mode, languages=languages), store)
    for participant_id, role in (("mtr", "mentor"), *((m, "mentee") for m in mentees)):
        logic.project_participant(meta(), accepted(participant_id, role), store)
    confirmed = MatchConfirmed(
        match_id=match_id,
        programme_id="prg_1",
        kind="pair" if len(mentees) == 1 else "group",
        mentor_id="mtr",
        mentee_ids=list(mentees),
    )
    logic.open_relationship(meta(), confirmed, store)
    return match_id


def member(participant_id: str, tenant_id: str = TENANT) -> Principal:
    role = "mentor" if participant_id.startswith("mtr") else "mentee"
    return signed_in(f"u_{participant_id}", role, tenant_id=tenant_id, person_id=f"p_{participant_id}")


def manager(tenant_id: str = TENANT) -> Principal:
    return signed_in("u_manager", "manager", tenant_id=tenant_id, person_id="p_manager")


def trainer() -> Principal:
    return signed_in("u_trainer", "trainer", tenant_id=TENANT, person_id="p_trainer")
