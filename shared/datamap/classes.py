"""The data classes and retention of every field Tandem stores or sends (issue 14, "data map as code").

A field's class comes from its name (`FIELDS`, then the suffix rules), unless the owner's override
(`OVERRIDES`, "Owner.path") says the name means something else there. Retention is per owner: an item
of a table, or an event. `python -m shared.datamap` writes docs/data-map.md from these and fails when a
field has no class; tests/unit/test_datamap.py runs it.
"""

from __future__ import annotations

from typing import Literal, get_args

DataClass = Literal["identifier", "contact", "profile", "free_text", "special_category", "statistic"]
DATA_CLASSES: tuple[DataClass, ...] = get_args(DataClass)

#: What each class means, for the map's readers (a municipality's data-protection officer).
MEANING: dict[DataClass, str] = {
    "identifier": "ids, keys, tokens, hashes: they point at a person or an item, saying nothing themselves",
    "contact": "how to reach a person: name, e-mail, phone, language, and their contact choices",
    "profile": "what a person chose or was rated on: roles, skills, interests, wishes, ratings, training",
    "free_text": "what a person wrote in their own words: applications, diaries, goals, notes, answers",
    "special_category": "GDPR Art. 9 and comparable: migration and refugee experience, health",
    "statistic": "facts that say nothing of a person by themselves: dates, states, counts, settings",
}

_FREE_TEXT = """
motivation expectations needs text summary learned next_steps topic topics improvements conclusion answer
answers terms communication_rules decision_reason end_reason title tasks location competences
mentoring_experience topics_until_end comments comment note notes situation what_worked tags department
return_reason terms
keep change replies
"""
_CONTACT = """
email phone given_name family_name language preferred_language to_masked contact_email contact_sms
preferred_email preferred_sms email_bounced consent_email consent_sms
"""
_PROFILE = """
birth_year gender postcode languages interests industry education values communication_style availability
preferred_mode skills capacity mentor_gender mentor_age_range role eligible module assessment_passed
rating_start rating_now ratings scale_answers motivation_level growth_start growth_end secures_living
breakdown score reasons pairs_with training required_training_modules shared_with_trainer present late
signed ethics value baseline achievable measurable relevant specific time_bound decision status_of_person
flagged noticed reason stage load matched snapshot weight points combined_score dimension option passed
qualified goal_ratings at_risk
usefulness author_role
skill_ratings personality tipi_1 tipi_2 tipi_3 tipi_4 tipi_5 tipi_6 tipi_7 tipi_8 tipi_9 tipi_10
extraversion agreeableness conscientiousness emotional_stability openness
"""
_SPECIAL = "life_experience"
_IDENTIFIER = """
slug tenant_slug username token_hash secret hash previous_hash last_hash link_path provider_message_id
log_sk persons member_person_ids challenge body_hash api_key_header api_key_hint owner_tenant_id
tenant_id_of account_link mentor mentees manager relationship position sequence entries written_by members
requested_by approved_by
"""
_STATISTIC = """
action kind status channel template template_version version revision programme_version agreement_version
goals_version entry_version goal_count counters histogram total_score min_score top3_share matched
compute_seconds objective grouping weights max min max_group_size cadence_days meeting_every_days
duration_minutes session_reminder_hours hour day month week_of reference_year timezone default_language
mode name label hint question_id required in_use known expected sessions_attended sessions_expected
diaries_written missed_in_a_row late_mentor_absences questionnaires_assigned questionnaires_submitted
open_questionnaires scheduled sent submitted completed granted processing_covers privacy_notice_version
fallback failure_reason cause event_types endpoint intake_open mentor_training_required unmatched
published_proposals service actor_role wrong_codes diary_written signatures_cleared rematch
account_link_pending opened_by created_by recorded_by author_id shared diary source mentee_id at
target_date form_links preset pass_mark purpose counts size objective_value bound gap method team_weight
team_age_spread as_of goal goals rejected_applications_months programme_data_months delivery_log_months
export_days event_type attempts last_status_code replayed error_code first_approval length
period done task_count done_count
linked_at linked_by ended_at active employer_name set_by
skill_matrix personality_assessment personality_traits
"""
#: An assessment's questions and options are the programme's training content (a trainer wrote them);
#: they say nothing of a person.
_CONTENT = "prompt options correct"
#: Impulse workshops (intake) and trainers' replies (sessions): a workshop's facts, who signed up and
#: attended (participant ids), and the replies' words.
_WORKSHOPS: dict[str, DataClass] = {
    "audience": "statistic",
    "online": "statistic",
    "place": "free_text",
    "planned_by": "identifier",
    "sign_ups": "identifier",
    "signed_up": "identifier",
    "attendance": "profile",
    "attended": "identifier",
    "absent": "identifier",
    "mark": "profile",
    "replies": "free_text",
}

#: Partner systems' machine clients (intake): who registered or revoked one, which parts of an applicant
#: a partner changed (names of parts, not their content).
_MACHINE_CLIENTS: dict[str, DataClass] = {
    "registered_by": "identifier",
    "revoked_by": "identifier",
    "changed": "statistic",
}

FIELDS: dict[str, DataClass] = {
    **{n: "free_text" for n in _FREE_TEXT.split()},
    **{n: "contact" for n in _CONTACT.split()},
    **{n: "profile" for n in _PROFILE.split()},
    **{n: "special_category" for n in _SPECIAL.split()},
    **{n: "identifier" for n in _IDENTIFIER.split()},
    **{n: "statistic" for n in _STATISTIC.split()},
    **{n: "statistic" for n in _CONTENT.split()},
    **_WORKSHOPS,
    **_MACHINE_CLIENTS,
}

#: Where a name means something else: "<owner>.<dotted field>" (owner as the map shows it).
OVERRIDES: dict[str, DataClass] = {
    # A case of good practice's language is the language of its text, not how to reach anyone.
    "PracticeCaseRecord (PRACTICE_CASE) → PracticeCase.language": "statistic",
    "PublishedCaseRecord (PRACTICE_PUBLISHED) → PublishedCase.language": "statistic",
}

#: Suffixes that decide a name the vocabulary does not list.
SUFFIXES: tuple[tuple[str, DataClass], ...] = (
    ("_id", "identifier"),
    ("_ids", "identifier"),
    ("_at", "statistic"),
    ("_on", "statistic"),
    ("_version", "statistic"),
)


def classify(owner: str, path: str) -> DataClass | None:
    """The class of `path` (dotted) in `owner`; None when the map does not know it (a finding)."""
    if f"{owner}.{path}" in OVERRIDES:
        return OVERRIDES[f"{owner}.{path}"]
    name = path.rsplit(".", 1)[-1]
    if name in FIELDS:
        return FIELDS[name]
    return next((cls for suffix, cls in SUFFIXES if name.endswith(suffix)), None)


# --- retention --------------------------------------------------------------------------------------

#: The retention rules, by name: what the map says and where it is enforced.
RULES: dict[str, str] = {
    "application": "730 days after submission (INTAKE application_retention_days, a TTL); erased on request",
    "participation": "while the person takes part; then the municipality's retention period after the "
    "programme's end (issue 14, retention); erased on request",
    "account": "while the account exists; erased with the person",
    "network": "while the municipality is in the network",
    "relationship": "while the relationship's programme runs; then as its participants' data",
    "projection": "as the data it copies: removed when the source publishes the end or the erasure",
    "contact_directory": "730 days after the last change (NOTIFICATIONS contact_retention_days, a TTL)",
    "delivery_log": "365 days after sending (a TTL); addresses are masked",
    "sign_in": "until the code expires, plus one hour (a TTL)",
    "reminder": "until it fires, plus two days (a TTL)",
    "idempotency": "24 hours (a TTL)",
    "processed_events": "14 days (a TTL)",
    "audit_trail": "3 years after the entry (a TTL); ids only, so an erasure leaves it as evidence",
    "reports": "aggregates stay (they count, they do not name); person rows are pseudonymised",
    "settings": "while the programme or subscription exists",
    "export": "the files 7 days (the export bucket's lifecycle rule); the status item (ids and states) stays",
    "erasure_ledger": "kept: ids, reason code and time only, so a restored table can be erased again",
    "event": "on the bus: the archive keeps events 30 days; dead letters 4 days",
    "partner_failures": "30 days after the failure (a TTL), as long as the archive can replay the event",
    "practice_archive": "while the municipality keeps its archive of good practice: checked to name nobody "
    "when written and approved; an erased author's or approver's id is replaced, their unapproved cases go",
    "machine_client": "while the partner system is registered: revoking deletes it (no secret is kept)",
}

#: Per owner ("<service>.<Item class>" or "event"): the rule; a service's default is "<service>.*".
RETENTION: dict[str, str] = {
    "intake.*": "participation",
    "intake.TenantRecord": "network",
    "intake.SlugClaim": "network",
    "intake.UserRecord": "account",
    "intake.AccountClaim": "account",
    "intake.AuditRecord": "audit_trail",
    "intake.ProgrammeRecord": "settings",
    "intake.AssessmentRecord": "settings",
    "intake.ExportRecord": "export",
    "intake.ErasureRecord": "erasure_ledger",
    "intake.LedgerRecord": "erasure_ledger",
    "intake.ApplicationRecord": "application",
    "intake.ApplicantClaim": "application",
    "intake.NoteRecord": "application",
    "intake.IdempotencyRecord": "idempotency",
    "intake.SignInRecord": "sign_in",
    "intake.MatchStateRecord": "projection",
    "intake.TrailHead": "audit_trail",
    "intake.TrailRecord": "audit_trail",
    "intake.AdminTrailRecord": "audit_trail",
    "intake.PracticeCaseRecord": "practice_archive",
    "intake.PublishedCaseRecord": "practice_archive",
    # Seed 002: who may see a mentee's progress, until when and why it ended (erased with the mentee).
    "intake.EmployerLinkRecord": "participation",
    "intake.MachineClientRecord": "machine_client",
    "intake.MachineClientOwner": "machine_client",
    "matching.*": "projection",
    "matching.ProgrammeRecord": "settings",
    "matching.ExclusionRecord": "participation",
    "matching.RunRecord": "participation",
    "matching.RunPartRecord": "participation",
    "matching.RunningRunRecord": "participation",
    "matching.MatchRecord": "relationship",
    "matching.MemberRecord": "relationship",
    "sessions.*": "relationship",
    "sessions.ProgrammeRecord": "settings",
    "sessions.AgreementTemplateRecord": "settings",
    "sessions.ParticipantRecord": "projection",
    "sessions.FeedTokenRecord": "account",
    "sessions.PersonFeedRecord": "account",
    # A programme's peer board: its mentors' words while they take part (erased with the writer).
    "sessions.PeerPostRecord": "participation",
    # Seed 002: intake's employer links as sessions learns them; the mid-term ratings' numbers over time.
    "sessions.EmployerLinkRecord": "projection",
    "sessions.MidtermRecord": "relationship",
    "monitoring.*": "relationship",
    "monitoring.ProgrammeRecord": "settings",
    "monitoring.TemplateRecord": "settings",
    "monitoring.TemplateUseRecord": "settings",
    "monitoring.ParticipantRecord": "projection",
    "monitoring.OutcomeRecord": "participation",
    "monitoring.ReportRecord": "reports",
    "notifications.*": "projection",
    "notifications.ContactRecord": "contact_directory",
    "notifications.DeliveryRecord": "delivery_log",
    "notifications.DeliveryLogRecord": "delivery_log",
    "notifications.MessageRecord": "delivery_log",
    "notifications.KeyRecord": "settings",
    "notifications.SubscriptionRecord": "settings",
    "notifications.SubscriptionAnswer": "idempotency",
    "notifications.FailedDeliveryRecord": "partner_failures",
    "notifications.ErasedRecord": "erasure_ledger",
    "notifications.ReminderRecord": "reminder",
    "shared.*": "processed_events",
    "event": "event",
}


def retention_of(owner: str, path: str) -> str:
    """The retention rule's name for an owner ("<service>.<Item>" or "event"); its service's default."""
    del path  # one rule per owner today: its items expire, or are erased, whole
    if owner in RETENTION:
        return RETENTION[owner]
    return RETENTION.get(f"{owner.split('.', 1)[0]}.*", "")
