from shared.manifest import (
    DOCUMENT_TABLE_ACTIONS,
    PERSON_RIGHTS,
    HttpRoute,
    NavEntry,
    ServiceSpec,
    Subscription,
    TableSpec,
)

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
PARTNER_ROUTES: tuple[HttpRoute, ...] = (
    HttpRoute("/v1/subscriptions"),
    # A subscription and its replay: one greedy resource (the stack's 500-resource cap).
    HttpRoute("/v1/subscriptions/{proxy+}"),
    # Anonymous (ANONYMOUS_PREFIXES): served by the public function, which has no rights beyond its logs.
    HttpRoute("/v1/public/events/catalog"),
    # The manager's subscriptions pages: add, see deliveries, replay, delete.
    HttpRoute("/app/{tenant_slug}/subscriptions"),
    HttpRoute("/app/{tenant_slug}/subscriptions/{subscription_id}"),
)
PARTNER_NAV: tuple[NavEntry, ...] = (
    NavEntry(
        path="subscriptions",
        labels=(("en", "Partner systems"), ("de", "Partnersysteme"), ("pl", "Systemy partnerów")),
        roles=("manager",),
        order=80,
    ),
)


SERVICE = ServiceSpec(
    name="notifications",
    api_handler="services.notifications.api.handler",
    # The public event catalogue for partners (ANONYMOUS_PREFIXES), a function of its own.
    public_api_handler="services.notifications.partners.public_api.handler",
    routes=PEOPLE_ROUTES + PARTNER_ROUTES,
    events_handler="services.notifications.events.handler",
    nav=PEOPLE_NAV + PARTNER_NAV,
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
        # A programme's new name or zone (its sessions' times are told in the municipality's zone).
        Subscription(name="ProgrammeChanges", event_types=("ProgrammeChanged",)),
        # Consent (issue 14): e-mail and SMS consent cap the preferences; a withdrawn processing consent
        # is told to the municipality's managers.
        Subscription(name="Consents", event_types=("ConsentChanged", "ProcessingConsentWithdrawn")),
        # A relationship's closure, told to its members once (MatchEnded, also when completed); goals written
        # (to the mentor, or the group's to the mentees); a held session (the diary's writer: their turn).
        Subscription(name="RelationshipSteps", event_types=("MatchEnded", "GoalsSet", "SessionHeld")),
        # Reminders (issue 13): questionnaires assigned and submitted, relationships newly at risk (a held
        # session and an ended relationship arrive with RelationshipSteps).
        Subscription(
            name="Reminders",
            event_types=("QuestionnaireAssigned", "QuestionnaireSubmitted", "RiskFlagRaised"),
        ),
        PERSON_RIGHTS,
    ),
    export_parts=True,
    tables=(TableSpec(logical_name="NotificationsTable", env_var="NOTIFICATIONS_TABLE_NAME"),),
    # Item reads and puts, queries; DeleteItem releases a claimed event id when handling fails.
    table_actions=DOCUMENT_TABLE_ACTIONS,
    sends_email=True,
    # SMS about session changes to mentees who chose them (people/sms.py): SNS, to phone numbers only.
    sends_sms=True,
    # Delivery, bounce and complaint notices: the delivery log, and no more mail to a bounced address.
    receives_mail_feedback=True,
    # The managers' hourly digest of new applications: one `at()` schedule per programme and hour; reminders
    # (sessions, diaries, questionnaires) and the weekly and risk digests: one `at()` schedule each.
    uses_scheduler=True,
    # Partner subscriptions: EventBridge rules, connections and API destinations made by the API function.
    routes_partner_events=True,
)
