"""The sessions table: programmes, participants and relationships (projections), agreements, goals, plans,
diaries. The only code that touches it.

A relationship's agreement, each set of goals, its plan and each diary are one versioned document each:
a writer saves only what it read (two writers at once: the second gets 409), so a rule over a whole
plan (the blended mode's face-to-face sessions) holds for the plan that is stored.
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import JSONAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import TransactWriteError

from services.sessions.models import (
    Agreement,
    AgreementTemplate,
    CalendarFeed,
    Diary,
    EmployerLink,
    Goals,
    MidtermRatings,
    Participant,
    PeerPost,
    Plan,
    Programme,
    Reflection,
    Relationship,
    TalkFeedback,
    WorkPlan,
)
from services.sessions.settings import settings
from shared.errors import Conflict
from shared.storage import TenantModel, VersionedDocument, condition_failed, transaction

_STALE = "Someone changed this at the same time; read it again and retry."


class SessionsItem(TenantModel):
    class Meta:
        table_name = settings.sessions_table_name


class ProgrammeRecord(SessionsItem):
    KIND = "PROGRAMME"
    document = JSONAttribute()


class ParticipantRecord(SessionsItem):
    KIND = "PARTICIPANT"
    document = JSONAttribute()


class RelationshipRecord(SessionsItem):
    KIND = "RELATIONSHIP"  # sk: the match id
    document = JSONAttribute()


class AgreementRecord(SessionsItem, VersionedDocument):
    KIND = "AGREEMENT"  # sk: the match id


class AgreementTemplateRecord(SessionsItem, VersionedDocument):
    KIND = "AGREEMENT_TEMPLATE"  # sk: the programme id


class GoalsRecord(SessionsItem, VersionedDocument):
    KIND = "GOALS"  # sk: <match>#<mentee id, or GROUP>; an employer's for a mentee: <match>#EMPLOYER#<mentee>


class EmployerLinkRecord(SessionsItem):
    KIND = "EMPLOYERLINK"  # sk: <employer's user id>#<participant id>: an employer's mentees in one query
    document = JSONAttribute()


class MidtermRecord(SessionsItem):
    KIND = "MIDTERM"  # sk: the match id: its mid-term ratings over time (numbers only)
    document = JSONAttribute()


class PlanRecord(SessionsItem, VersionedDocument):
    KIND = "PLAN"  # sk: the match id


class SessionRefRecord(SessionsItem):
    KIND = "SESSIONREF"  # sk: the session id: which relationship it belongs to
    match_id = UnicodeAttribute()


class DiaryRecord(SessionsItem, VersionedDocument):
    KIND = "DIARY"  # sk: the session id


class ReflectionRecord(SessionsItem, VersionedDocument):
    KIND = "REFLECTION"  # sk: the match id (one mentor per relationship)


class WorkPlanRecord(SessionsItem, VersionedDocument):
    KIND = "WORKPLAN"  # sk: <match>#<period>


class FeedbackRecord(SessionsItem, VersionedDocument):
    KIND = "FEEDBACK"  # sk: <session>#<participant>


class PeerPostRecord(SessionsItem, VersionedDocument):
    KIND = "PEERPOST"  # sk: <programme>#<post id>


#: The partition of every feed token's hash: a public URL names no tenant, so its lookup is global.
FEEDS = "calendar-feeds"


class FeedTokenRecord(SessionsItem):
    KIND = "FEEDTOKEN"  # pk: FEEDS; sk: the SHA-256 of the token (never the token)
    owner_tenant_id = UnicodeAttribute()
    person_id = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()


class PersonFeedRecord(SessionsItem):
    KIND = "PERSONFEED"  # sk: the person id: the hash of their current feed's token, to revoke it
    token_hash = UnicodeAttribute()


def _goals_key(match_id: str, mentee_id: str | None, set_by: str | None = None) -> str:
    if set_by == "employer":
        return f"{match_id}#EMPLOYER#{mentee_id}"
    return f"{match_id}#{mentee_id or 'GROUP'}"


def _setter(goals: Goals) -> dict[str, str]:
    return {"set_by_person_id": goals.set_by_person_id} if goals.set_by_person_id else {}


def _read_version(revision: int) -> int | None:
    return revision or None  # 0: never stored, so only a new item may be written


def _saved(record: VersionedDocument, revision: int) -> int:
    record.save_versioned(_read_version(revision), conflict=_STALE)
    return record.document_version


def _document(model: Any, record: VersionedDocument | None) -> Any:
    if record is None:
        return None
    return model.model_validate({**record.document, "revision": record.document_version})


class SessionsStore:
    # --- projections ---
    def save_programme(self, programme: Programme) -> None:
        ProgrammeRecord.new_in(
            programme.tenant_id, programme.programme_id, document=programme.model_dump(mode="json")
        ).save()

    def programme(self, tenant_id: str, programme_id: str) -> Programme | None:
        record = ProgrammeRecord.get_in(tenant_id, programme_id, consistent_read=True)
        return Programme.model_validate(record.document) if record else None

    def save_participant(self, participant: Participant) -> None:
        ParticipantRecord.new_in(
            participant.tenant_id, participant.participant_id, document=participant.model_dump(mode="json")
        ).save()

    def participant(self, tenant_id: str, participant_id: str) -> Participant | None:
        record = ParticipantRecord.get_in(tenant_id, participant_id, consistent_read=True)
        return Participant.model_validate(record.document) if record else None

    def save_relationship(self, relationship: Relationship) -> None:
        RelationshipRecord.new_in(
            relationship.tenant_id, relationship.match_id, document=relationship.model_dump(mode="json")
        ).save()

    def relationship(self, tenant_id: str, match_id: str) -> Relationship | None:
        record = RelationshipRecord.get_in(tenant_id, match_id, consistent_read=True)
        return Relationship.model_validate(record.document) if record else None

    # --- agreement ---
    def agreement(self, tenant_id: str, match_id: str) -> Agreement | None:
        return _document(Agreement, AgreementRecord.get_in(tenant_id, match_id, consistent_read=True))

    def save_agreement(self, tenant_id: str, agreement: Agreement) -> Agreement:
        record = AgreementRecord.new_in(
            tenant_id, agreement.match_id, document=agreement.model_dump(mode="json")
        )
        return agreement.model_copy(update={"revision": _saved(record, agreement.revision)})

    def agreement_template(self, tenant_id: str, programme_id: str) -> AgreementTemplate | None:
        record = AgreementTemplateRecord.get_in(tenant_id, programme_id, consistent_read=True)
        return _document(AgreementTemplate, record)

    def save_agreement_template(self, tenant_id: str, template: AgreementTemplate) -> AgreementTemplate:
        record = AgreementTemplateRecord.new_in(
            tenant_id, template.programme_id, document=template.model_dump(mode="json")
        )
        return template.model_copy(update={"revision": _saved(record, template.revision)})

    # --- goals ---
    def goals(self, tenant_id: str, match_id: str) -> list[Goals]:
        records = GoalsRecord.query_in(tenant_id, sk_prefix=f"{match_id}#", consistent_read=True)
        return [_document(Goals, r) for r in records]

    def save_goals(self, tenant_id: str, goals: Goals) -> Goals:
        record = GoalsRecord.new_in(
            tenant_id,
            _goals_key(goals.match_id, goals.mentee_id, goals.set_by),
            # The setter's person id is not part of what the API shows (excluded): stored beside it.
            document={**goals.model_dump(mode="json"), **_setter(goals)},
        )
        return goals.model_copy(update={"revision": _saved(record, goals.revision)})

    # --- the plan ---
    def plan(self, tenant_id: str, match_id: str) -> Plan:
        found = _document(Plan, PlanRecord.get_in(tenant_id, match_id, consistent_read=True))
        return found if found is not None else Plan(match_id=match_id)

    def save_plan(self, tenant_id: str, plan: Plan, *, new_session_id: str | None = None) -> None:
        """Saves the plan read at `plan.revision`; a new session's id is registered in the same write."""
        record = PlanRecord.new_in(tenant_id, plan.match_id, document=plan.model_dump(mode="json"))
        if new_session_id is None:
            _saved(record, plan.revision)
            return
        if plan.revision:
            record.version = plan.revision
        try:
            with transaction() as tx:
                tx.save(record)
                ref = SessionRefRecord.new_in(tenant_id, new_session_id, match_id=plan.match_id)
                tx.save(ref, condition=SessionRefRecord.pk.does_not_exist())
        except TransactWriteError as exc:
            if condition_failed(exc):
                raise Conflict(_STALE) from exc
            raise

    def match_of_session(self, tenant_id: str, session_id: str) -> str | None:
        record = SessionRefRecord.get_in(tenant_id, session_id, consistent_read=True)
        return record.match_id if record else None

    # --- diaries ---
    def diary(self, tenant_id: str, session_id: str) -> Diary | None:
        return _document(Diary, DiaryRecord.get_in(tenant_id, session_id, consistent_read=True))

    def save_diary(self, tenant_id: str, diary: Diary) -> Diary:
        record = DiaryRecord.new_in(tenant_id, diary.session_id, document=diary.model_dump(mode="json"))
        return diary.model_copy(update={"revision": _saved(record, diary.revision)})

    # --- the mentor's reflection ---

    def reflection(self, tenant_id: str, match_id: str) -> Reflection | None:
        return _document(Reflection, ReflectionRecord.get_in(tenant_id, match_id, consistent_read=True))

    def save_reflection(self, tenant_id: str, reflection: Reflection) -> Reflection:
        record = ReflectionRecord.new_in(
            tenant_id, reflection.match_id, document=reflection.model_dump(mode="json")
        )
        return reflection.model_copy(update={"revision": _saved(record, reflection.revision)})

    # --- work plans, feedback on a talk, the peer-exchange board ---
    def work_plans(self, tenant_id: str, match_id: str) -> list[WorkPlan]:
        records = WorkPlanRecord.query_in(tenant_id, sk_prefix=f"{match_id}#", consistent_read=True)
        return [_document(WorkPlan, r) for r in records]

    def work_plan(self, tenant_id: str, match_id: str, period: str) -> WorkPlan | None:
        record = WorkPlanRecord.get_in(tenant_id, f"{match_id}#{period}", consistent_read=True)
        return _document(WorkPlan, record)

    def save_work_plan(self, tenant_id: str, plan: WorkPlan) -> WorkPlan:
        record = WorkPlanRecord.new_in(
            tenant_id, f"{plan.match_id}#{plan.period}", document=plan.model_dump(mode="json")
        )
        return plan.model_copy(update={"revision": _saved(record, plan.revision)})

    def feedback(self, tenant_id: str, session_id: str) -> list[TalkFeedback]:
        records = FeedbackRecord.query_in(tenant_id, sk_prefix=f"{session_id}#", consistent_read=True)
        return [_document(TalkFeedback, r) for r in records]

    def save_feedback(self, tenant_id: str, feedback: TalkFeedback) -> TalkFeedback:
        key = f"{feedback.session_id}#{feedback.participant_id}"
        record = FeedbackRecord.new_in(tenant_id, key, document=feedback.model_dump(mode="json"))
        return feedback.model_copy(update={"revision": _saved(record, feedback.revision)})

    def peer_posts(self, tenant_id: str, programme_id: str) -> list[PeerPost]:
        records = PeerPostRecord.query_in(tenant_id, sk_prefix=f"{programme_id}#", consistent_read=True)
        return [_document(PeerPost, r) for r in records]

    def peer_post(self, tenant_id: str, programme_id: str, post_id: str) -> PeerPost | None:
        record = PeerPostRecord.get_in(tenant_id, f"{programme_id}#{post_id}", consistent_read=True)
        return _document(PeerPost, record)

    def save_peer_post(self, tenant_id: str, post: PeerPost) -> PeerPost:
        record = PeerPostRecord.new_in(
            tenant_id, f"{post.programme_id}#{post.post_id}", document=post.model_dump(mode="json")
        )
        return post.model_copy(update={"revision": _saved(record, post.revision)})

    def participants_of(self, tenant_id: str, person_id: str) -> list[Participant]:
        """A person's participations in the municipality (read from its participants: hundreds, not more),
        so a mentor accepted but not matched yet reaches their programme's board."""
        found = (Participant.model_validate(r.document) for r in ParticipantRecord.query_in(tenant_id))
        return [p for p in found if p.person_id == person_id]

    # --- private calendar feeds ---
    def replace_feed(self, feed: CalendarFeed) -> None:
        self.revoke_feed(feed.tenant_id, feed.person_id)
        with transaction() as tx:
            tx.save(
                FeedTokenRecord.new_in(
                    FEEDS,
                    feed.token_hash,
                    owner_tenant_id=feed.tenant_id,
                    person_id=feed.person_id,
                    created_at=feed.created_at,
                )
            )
            tx.save(PersonFeedRecord.new_in(feed.tenant_id, feed.person_id, token_hash=feed.token_hash))

    def revoke_feed(self, tenant_id: str, person_id: str) -> None:
        current = PersonFeedRecord.get_in(tenant_id, person_id, consistent_read=True)
        if current is None:
            return
        with transaction() as tx:
            tx.delete(FeedTokenRecord.new_in(FEEDS, current.token_hash))
            tx.delete(current)

    def feed_of(self, tenant_id: str, person_id: str) -> CalendarFeed | None:
        current = PersonFeedRecord.get_in(tenant_id, person_id, consistent_read=True)
        return self.feed_by_hash(current.token_hash) if current is not None else None

    def feed_by_hash(self, token_hash: str) -> CalendarFeed | None:
        record = FeedTokenRecord.get_in(FEEDS, token_hash, consistent_read=True)
        if record is None:
            return None
        return CalendarFeed(
            tenant_id=record.owner_tenant_id,
            person_id=record.person_id,
            token_hash=token_hash,
            created_at=record.created_at,
        )

    def relationships_of(self, tenant_id: str, person_id: str) -> list[Relationship]:
        """The relationships a person is a member of (read from the tenant's relationships: a municipality
        runs tens of them, not thousands)."""
        found = (Relationship.model_validate(r.document) for r in RelationshipRecord.query_in(tenant_id))
        return [r for r in found if person_id in r.persons.values()]

    # --- employers (seed 002): their links to mentees and the mid-term ratings, both from events ---
    def save_employer_link(self, link: EmployerLink) -> None:
        EmployerLinkRecord.new_in(
            link.tenant_id,
            f"{link.employer_user_id}#{link.participant_id}",
            document=link.model_dump(mode="json"),
        ).save()

    def employer_link(
        self, tenant_id: str, employer_user_id: str, participant_id: str
    ) -> EmployerLink | None:
        record = EmployerLinkRecord.get_in(
            tenant_id, f"{employer_user_id}#{participant_id}", consistent_read=True
        )
        return EmployerLink.model_validate(record.document) if record else None

    def employer_links_of(self, tenant_id: str, employer_user_id: str) -> list[EmployerLink]:
        records = EmployerLinkRecord.query_in(
            tenant_id, sk_prefix=f"{employer_user_id}#", consistent_read=True
        )
        return [EmployerLink.model_validate(r.document) for r in records]

    def midterm_ratings(self, tenant_id: str, match_id: str) -> MidtermRatings:
        record = MidtermRecord.get_in(tenant_id, match_id, consistent_read=True)
        return MidtermRatings.model_validate(record.document) if record else MidtermRatings(match_id=match_id)

    def save_midterm_ratings(self, tenant_id: str, ratings: MidtermRatings) -> None:
        MidtermRecord.new_in(tenant_id, ratings.match_id, document=ratings.model_dump(mode="json")).save()

    def relationships_with(self, tenant_id: str, participant_id: str) -> list[Relationship]:
        """The relationships a participant is a mentee in (a municipality has tens of them)."""
        found = (Relationship.model_validate(r.document) for r in RelationshipRecord.query_in(tenant_id))
        return [r for r in found if participant_id in r.mentee_ids]
