from shared.manifest import DOCUMENT_TABLE_ACTIONS, HttpRoute, NavEntry, ServiceSpec, Subscription, TableSpec

# The API has two parts, each a package of its own: `people` (preferences, the delivery log) and
# `partners` (subscriptions to events, replay, the public event catalogue). Each part declares its
# routes here, in its own tuple.

# --- people: preferences, the delivery log -------------------------------------------------------
PEOPLE_ROUTES: tuple[HttpRoute, ...] = (
    HttpRoute("/v1/me/preferences"),
    HttpRoute("/v1/notifications"),
    HttpRoute("/app/{tenant_slug}/preferences"),
    # The one-click unsubscribe link of every mail that is not transactional: anonymous, the token is the key.
    HttpRoute("/app/{tenant_slug}/unsubscribe"),
    HttpRoute("/app/{tenant_slug}/people/{person_id}/notifications"),
)
PEOPLE_NAV: tuple[NavEntry, ...] = (
    NavEntry(
        "preferences",
        (("en", "My messages"), ("de", "Meine Nachrichten"), ("pl", "Moje wiadomości")),
        ("manager", "trainer", "mentor", "mentee"),
        90,
    ),
)


# --- partners: subscriptions, deliveries, replay, the public catalogue ---------------------------
PARTNER_ROUTES: tuple[HttpRoute, ...] = ()


SERVICE = ServiceSpec(
    name="notifications",
    api_handler="services.notifications.api.handler",
    routes=PEOPLE_ROUTES + PARTNER_ROUTES,
    events_handler="services.notifications.events.handler",
    nav=PEOPLE_NAV,
    subscriptions=(
        Subscription(name="ContactDirectory", event_types=("ContactDetailsRecorded",)),
        # The municipality's name (the mails' sender), languages and time zone (SMS quiet hours).
        Subscription(name="Municipalities", event_types=("TenantCreated",)),
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
    # SMS about session changes to mentees who chose them (people/sms.py): SNS, to phone numbers only.
    sends_sms=True,
    # Delivery, bounce and complaint notices: the delivery log, and no more mail to a bounced address.
    receives_mail_feedback=True,
    # The managers' hourly digest of new applications: one `at()` schedule per programme and hour.
    uses_scheduler=True,
)
