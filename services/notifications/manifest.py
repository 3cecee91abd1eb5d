from shared.manifest import DOCUMENT_TABLE_ACTIONS, ServiceSpec, Subscription, TableSpec

SERVICE = ServiceSpec(
    name="notifications",
    api_handler=None,
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
    ),
    tables=(TableSpec(logical_name="NotificationsTable", env_var="NOTIFICATIONS_TABLE_NAME"),),
    # Item reads and puts, queries; DeleteItem releases a claimed event id when handling fails.
    table_actions=DOCUMENT_TABLE_ACTIONS,
    sends_email=True,
    # The managers' hourly digest of new applications: one `at()` schedule per programme and hour.
    uses_scheduler=True,
)
