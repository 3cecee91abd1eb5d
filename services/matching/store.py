"""The matching table: programme settings, participant profiles, people's names, exclusions, runs and
matches.

The only code that touches it. Matching someone is one transaction with the conditions that make it
safe: every mentee still available, the mentor still with room. Two managers (or a manager and a
published run) can therefore never match one person twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pynamodb.exceptions import DeleteError, PutError, TransactWriteError

from services.matching.models import Exclusion, Match, ParticipantProfile, PersonName, ProgrammeSettings
from services.matching.records import (
    ExclusionRecord,
    MatchRecord,
    MemberRecord,
    NameRecord,
    ProfileRecord,
    ProgrammeRecord,
    RunningRunRecord,
    RunPartRecord,
    RunRecord,
    profile_key,
)
from services.matching.run_models import MatchingRun
from shared.errors import Conflict
from shared.storage import (
    condition_failed,
    condition_failed_at,
    transaction,
)

#: Proposals (or unmatched entries) per run part item: keeps every item far below DynamoDB's 400 KB.
PART_SIZE = 200
#: A programme's running-run marker older than this is stale (its run's event was lost, e.g. to the
#: dead-letter queue): a new run may then replace it. Longer than the events function may run.
RUNNING_RUN_EXPIRY = timedelta(minutes=30)


class MatchingStore:
    # --- programmes ---
    def save_programme(self, programme: ProgrammeSettings) -> None:
        ProgrammeRecord.new_in(
            programme.tenant_id, programme.programme_id, document=programme.model_dump(mode="json")
        ).save()

    def programme(self, tenant_id: str, programme_id: str) -> ProgrammeSettings | None:
        record = ProgrammeRecord.get_in(tenant_id, programme_id)
        return ProgrammeSettings.model_validate(record.document) if record else None

    # --- profiles ---
    def add_profile(self, participant: ParticipantProfile) -> bool:
        """Adds a participant's profile (at version 1); False if it is known already (a replayed event)."""
        try:
            ProfileRecord.of(participant).save_versioned(None, conflict="The participant is known already.")
        except Conflict:
            return False
        return True

    def profile(self, tenant_id: str, programme_id: str, participant_id: str) -> ParticipantProfile | None:
        record = ProfileRecord.get_in(
            tenant_id, profile_key(programme_id, participant_id), consistent_read=True
        )
        return record.to_domain() if record else None

    def profiles(self, tenant_id: str, programme_id: str) -> list[ParticipantProfile]:
        records = ProfileRecord.query_in(tenant_id, sk_prefix=f"{programme_id}#", consistent_read=True)
        return [r.to_domain() for r in records]

    def replace_profile_document(self, participant: ParticipantProfile) -> None:
        """Saves a changed profile if nobody changed it since it was read (its version): the whole item,
        as its status and load were read with that version too."""
        ProfileRecord.of(participant).save_versioned(
            participant.version, conflict="The participant changed at the same time; try again."
        )

    def profiles_of_person(self, tenant_id: str, person_id: str) -> list[ParticipantProfile]:
        # A read of the municipality's profiles, filtered: a person's home page is opened now and then, and a
        # municipality has hundreds of participants, not millions (an index would cost every write).
        records = ProfileRecord.query_in(tenant_id, filter_condition=ProfileRecord.person_id == person_id)
        return [r.to_domain() for r in records]

    # --- names ---
    def save_name(self, name: PersonName) -> None:
        record = NameRecord.new_in(
            name.tenant_id,
            name.person_id,
            given_name=name.given_name,
            family_name=name.family_name,
            recorded_at=name.recorded_at.isoformat(),
        )
        try:
            record.save(
                condition=NameRecord.pk.does_not_exist() | (NameRecord.recorded_at <= record.recorded_at)
            )
        except PutError as exc:
            # Refused by its condition: a newer name is kept already, and stays.
            if not condition_failed(exc):
                raise

    def names(self, tenant_id: str, person_ids: list[str]) -> dict[str, PersonName]:
        # One query of the municipality's names (small items, hundreds of people), kept for those asked
        # for: no role may BatchGetItem (tests/infra/test_hardening.py), and a GetItem each would be slow.
        wanted = set(person_ids)
        if not wanted:
            return {}
        return {r.sk: r.to_domain() for r in NameRecord.query_in(tenant_id) if r.sk in wanted}

    # --- exclusions ---
    def add_exclusion(self, tenant_id: str, programme_id: str, exclusion: Exclusion) -> None:
        ExclusionRecord.new_in(
            tenant_id,
            f"{programme_id}#{exclusion.mentor_id}#{exclusion.mentee_id}",
            mentor_id=exclusion.mentor_id,
            mentee_id=exclusion.mentee_id,
        ).save()

    def exclusions(self, tenant_id: str, programme_id: str) -> list[Exclusion]:
        return [
            Exclusion(mentor_id=r.mentor_id, mentee_id=r.mentee_id)
            for r in ExclusionRecord.query_in(tenant_id, sk_prefix=f"{programme_id}#")
        ]

    # --- runs ---
    def add_run(self, run: MatchingRun) -> None:
        """Stores a new running run and its programme's running-run marker, in one transaction.

        The marker is written only if the programme has none (or a stale one), so two requests at
        the same moment cannot both start a run: the second gets Conflict.
        """
        stale = (run.requested_at - RUNNING_RUN_EXPIRY).isoformat()
        marker = RunningRunRecord.new_in(
            run.tenant_id, run.programme_id, run_id=run.run_id, requested_at=run.requested_at.isoformat()
        )
        record = RunRecord.new_in(
            run.tenant_id,
            run.run_id,
            status=run.status,
            document=run.model_dump(mode="json", exclude={"proposals", "unmatched"}),
        )
        try:
            with transaction() as tx:
                tx.save(
                    marker,
                    condition=RunningRunRecord.pk.does_not_exist() | (RunningRunRecord.requested_at < stale),
                )
                tx.save(record, condition=RunRecord.pk.does_not_exist())
        except TransactWriteError as exc:
            # Only the marker's refusal is a run in progress; a refused run record is a reused run id (a bug).
            if condition_failed_at(exc, 0):
                raise Conflict(
                    "A matching run of this programme is running; wait until it completes.",
                    rule="run_in_progress",
                ) from exc
            raise

    def running_run(self, tenant_id: str, programme_id: str) -> tuple[str, datetime] | None:
        """The programme's running-run marker: (run id, requested at), or None."""
        record = RunningRunRecord.get_in(tenant_id, programme_id, consistent_read=True)
        if record is None:
            return None
        return record.run_id, datetime.fromisoformat(record.requested_at)

    def finish_run(self, run: MatchingRun) -> None:
        """Stores a computed (or failed) run: proposals and unmatched in parts, then the run itself."""
        with RunPartRecord.batch_write() as batch:
            for prefix, items in (("P", run.proposals), ("U", run.unmatched)):
                for n, start in enumerate(range(0, len(items), PART_SIZE)):
                    part = [i.model_dump(mode="json") for i in items[start : start + PART_SIZE]]
                    batch.save(
                        RunPartRecord.new_in(run.tenant_id, f"{run.run_id}#{prefix}{n:05d}", document=part)
                    )
        document = run.model_dump(mode="json", exclude={"proposals", "unmatched"})
        document["snapshot"] = run.snapshot
        with transaction() as tx:  # a transaction: the run's completion event may go along with it
            tx.update(
                RunRecord.new_in(run.tenant_id, run.run_id),
                actions=[RunRecord.status.set(run.status), RunRecord.document.set(document)],
                condition=RunRecord.status == "running",
            )
        # Then the programme may run again. Only this run's own marker goes: a stale one may have been
        # replaced by a newer run meanwhile (a separate write, as a transaction would fail as a whole).
        try:
            RunningRunRecord.new_in(run.tenant_id, run.programme_id).delete(
                condition=RunningRunRecord.run_id == run.run_id
            )
        except DeleteError as exc:
            if not condition_failed(exc):
                raise

    def run(self, tenant_id: str, run_id: str, *, with_results: bool = True) -> MatchingRun | None:
        record = RunRecord.get_in(tenant_id, run_id, consistent_read=True)
        if record is None:
            return None
        data: dict[str, Any] = dict(record.document)
        if with_results:
            data["proposals"], data["unmatched"] = [], []
            for part in RunPartRecord.query_in(tenant_id, sk_prefix=f"{run_id}#", consistent_read=True):
                key = "proposals" if part.sk.split("#")[-1].startswith("P") else "unmatched"
                data[key].extend(part.document)
        return MatchingRun.model_validate(data)

    def runs_of_programme(self, tenant_id: str, programme_id: str) -> list[MatchingRun]:
        records = RunRecord.query_in(tenant_id)
        found = (MatchingRun.model_validate(r.document) for r in records)
        return [run for run in found if run.programme_id == programme_id]

    def mark_published(self, tenant_id: str, run_id: str, proposal_ids: list[str]) -> None:
        record = RunRecord.get_in(tenant_id, run_id, consistent_read=True)
        if record is None:
            return
        document = dict(record.document)
        document["published_proposals"] = sorted({*document.get("published_proposals", []), *proposal_ids})
        record.update(actions=[RunRecord.document.set(document)])

    # --- matches ---
    def confirm_match(
        self, match: Match, *, mentor: ParticipantProfile, mentees: list[ParticipantProfile], slots: int
    ) -> None:
        """One transaction: the match, every mentee taken, the mentor's load, and the members' index.

        Refused (Conflict) if a mentee is no longer available or the mentor has no room left.
        """
        k = len(mentees)
        record = MatchRecord.new_in(
            match.tenant_id,
            match.match_id,
            gsi1pk=MatchRecord.parent_key(match.tenant_id, match.programme_id),
            gsi1sk=match.created_at.isoformat() + "#" + match.match_id,
            status=match.status,
            document=match.model_dump(mode="json"),
        )
        record.document["member_person_ids"] = match.member_person_ids
        try:
            with transaction() as tx:
                tx.save(record, condition=MatchRecord.pk.does_not_exist())
                for mentee in mentees:
                    tx.update(
                        ProfileRecord.in_transaction(
                            match.tenant_id, match.programme_id, mentee.participant_id
                        ),
                        actions=[ProfileRecord.status.set("matched")],
                        condition=ProfileRecord.status == "available",
                        add_version_condition=False,
                    )
                tx.update(
                    ProfileRecord.in_transaction(match.tenant_id, match.programme_id, mentor.participant_id),
                    actions=[ProfileRecord.load.add(k)],
                    condition=(ProfileRecord.status == "available") & (ProfileRecord.load <= slots - k),
                    add_version_condition=False,
                )
                for person_id in match.member_person_ids:
                    tx.save(
                        MemberRecord.new_in(
                            match.tenant_id, f"{person_id}#{match.match_id}", match_id=match.match_id
                        )
                    )
        except TransactWriteError as exc:
            if condition_failed(exc):
                raise Conflict(
                    "Someone in this match was matched meanwhile, or the mentor is full.",
                    rule="already_matched",
                ) from exc
            raise

    def end_match(self, ended: Match) -> None:
        record = MatchRecord.new_in(ended.tenant_id, ended.match_id)
        document = ended.model_dump(mode="json")
        document["member_person_ids"] = ended.member_person_ids
        try:
            with transaction() as tx:
                tx.update(
                    record,
                    actions=[MatchRecord.status.set(ended.status), MatchRecord.document.set(document)],
                    condition=MatchRecord.status == "active",
                )
                for mentee_id in ended.mentee_ids:
                    tx.update(
                        ProfileRecord.in_transaction(ended.tenant_id, ended.programme_id, mentee_id),
                        actions=[ProfileRecord.status.set("available")],
                        add_version_condition=False,
                    )
                tx.update(
                    ProfileRecord.in_transaction(ended.tenant_id, ended.programme_id, ended.mentor_id),
                    actions=[ProfileRecord.load.add(-len(ended.mentee_ids))],
                    add_version_condition=False,
                )
        except TransactWriteError as exc:
            if condition_failed_at(exc, 0):
                raise Conflict("This match has ended already.", rule="already_ended") from exc
            raise

    def match(self, tenant_id: str, match_id: str) -> Match | None:
        record = MatchRecord.get_in(tenant_id, match_id, consistent_read=True)
        if record is None:
            return None
        return Match.model_validate(
            {**record.document, "member_person_ids": record.document.get("member_person_ids", [])}
        )

    def matches(self, tenant_id: str, programme_id: str | None) -> list[Match]:
        records: Any
        if programme_id:
            records = MatchRecord.query_under(tenant_id, programme_id)
        else:
            records = MatchRecord.query_in(tenant_id)
        return [
            Match.model_validate({**r.document, "member_person_ids": r.document.get("member_person_ids", [])})
            for r in records
        ]

    def matches_of_person(self, tenant_id: str, person_id: str) -> list[Match]:
        ids = [r.match_id for r in MemberRecord.query_in(tenant_id, sk_prefix=f"{person_id}#")]
        found = (self.match(tenant_id, match_id) for match_id in ids)
        return [m for m in found if m is not None]
