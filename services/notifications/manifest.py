from shared.manifest import DOCUMENT_TABLE_ACTIONS, HttpRoute, ServiceSpec, Subscription, TableSpec

# The API has two parts, each a package of its own: `people` (preferences, the delivery log) and
# `partners` (subscriptions to events, replay, the public event catalogue). Each part declares its
# routes here, in its own tuple.

# --- people: preferences, the delivery log -------------------------------------------------------
PEOPLE_ROUTES: tuple[HttpRoute, ...] = ()


# --- partners: subscriptions, deliveries, replay, the public catalogue ---------------------------
PARTNER_ROUTES: tuple[HttpRoute, ...] = ()


SERVICE = ServiceSpec(
    name="notifications",
    api_handler="services.notifications.api.handler",
    routes=PEOPLE_ROUTES + PARTNER_ROUTES,
    events_handler="services.notifications.events.handler",
    subscriptions=(
        Subscription(name="ContactDirectory", event_types=("ContactDetailsRecorded",)),
        Subscription(name="ProgrammeAnnouncements", event_types=("ProgrammeOpened",)),
        Subscription(name="ApplicationMail", event_types=("ApplicationSubmitted", "ApplicationDecided")),
        Subscription(name="ManagerNotices", event_types=("ManagerAdded",)),
        # The welcome for an account made through POST /v1/users (an accepted applicant's is the decision).
        Subscription(name="AccountWelcome", event_types=("AccountCreated",)),
        # Who is in a relationship (whose account each participant is), for the sessions' mail.
        Subscription(name="Relationships", event_types=("ParticipantAccepted", "MatchConfirmed")),
        Subscription(
            name="SessionsMail",
            event_types=(
                "AgreementChanged",
                "AgreementSigned",
                "SessionScheduled",
                "SessionRescheduled",
                "SessionCancelled",
                "AbsenceNoticed",
                "DiaryEntrySubmitted",
            ),
        ),
        # A programme's new name or zone (its sessions' times are told in the municipality's zone).
        Subscription(name="ProgrammeChanges", event_types=("ProgrammeChanged",)),
        # A relationship's closure, told to its members once (MatchEnded, also when completed); goals written
        # (to the mentor, or the group's to the mentees); a held session (the diary's writer: their turn).
        Subscription(name="RelationshipSteps", event_types=("MatchEnded", "GoalsSet", "SessionHeld")),
        # Reminders (issue 13): questionnaires assigned and submitted, relationships newly at risk (a held
        # session and an ended relationship arrive with RelationshipSteps).
        Subscription(
            name="Reminders",
            event_types=("QuestionnaireAssigned", "QuestionnaireSubmitted", "RiskFlagRaised"),
        ),
    ),
    tables=(TableSpec(logical_name="NotificationsTable", env_var="NOTIFICATIONS_TABLE_NAME"),),
    # Item reads and puts, queries; DeleteItem releases a claimed event id when handling fails.
    table_actions=DOCUMENT_TABLE_ACTIONS,
    sends_email=True,
    # The managers' hourly digest of new applications: one `at()` schedule per programme and hour; reminders
    # (sessions, diaries, questionnaires) and the weekly and risk digests: one `at()` schedule each.
    uses_scheduler=True,
)
