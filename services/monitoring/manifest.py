from shared.manifest import PERSON_RIGHTS, HttpRoute, NavEntry, ServiceSpec, Subscription, TableSpec

# Monitoring has two parts, each a package of its own: `questionnaires` (templates, assignments,
# answers, the reviews and outcomes) and `reports` (the programme's and the network's reports, their
# charts, and the risks). Each part declares its routes and subscriptions here, in its own tuple.

# --- questionnaires: templates, assignments, answers, mid-term and final reviews, outcomes ----------
QUESTIONNAIRE_ROUTES: tuple[HttpRoute, ...] = (
    # A programme's questionnaire templates, report, charts and risks: greedy (the stack's 500-resource cap);
    # the other services' programme paths are literal beside it, which API Gateway prefers.
    HttpRoute("/v1/programmes/{programme_id}/{proxy+}"),
    HttpRoute("/v1/me/questionnaires"),
    # A questionnaire and its responses: one greedy resource (the stack's 500-resource cap).
    HttpRoute("/v1/questionnaires/{proxy+}"),
    HttpRoute("/v1/matches/{match_id}/midterm-review"),
    HttpRoute("/v1/matches/{match_id}/final-review"),
    HttpRoute("/v1/participants/{participant_id}/outcome"),
    # The pages (services/monitoring/questionnaires/web): a person's questionnaires (the mail's link is
    # `/app/{slug}/questionnaires/{assignment_id}`), the manager's reviews and a participant's outcome.
    HttpRoute("/app/{tenant_slug}/questionnaires"),
    HttpRoute("/app/{tenant_slug}/questionnaires/{assignment_id}"),
    HttpRoute("/app/{tenant_slug}/matches/{match_id}/midterm-review"),
    HttpRoute("/app/{tenant_slug}/matches/{match_id}/final-review"),
    HttpRoute("/app/{tenant_slug}/participants/{participant_id}/outcome"),
)
QUESTIONNAIRE_SUBSCRIPTIONS: tuple[Subscription, ...] = (
    Subscription(name="QuestionnaireProgrammes", event_types=("ProgrammeOpened", "ProgrammeChanged")),
    Subscription(name="QuestionnaireParticipants", event_types=("ParticipantAccepted",)),
    Subscription(name="QuestionnaireRelationships", event_types=("MatchConfirmed", "MatchEnded")),
    Subscription(name="QuestionnaireAgreements", event_types=("AgreementSigned",)),
    # How many goals each mentee has: the mid-term review rates them one by one.
    Subscription(name="QuestionnaireGoals", event_types=("GoalsSet",)),
)
QUESTIONNAIRE_NAV: tuple[NavEntry, ...] = (
    NavEntry(
        "questionnaires",
        (("en", "Questionnaires"), ("de", "Fragebögen"), ("pl", "Ankiety")),
        ("mentor", "mentee"),
        30,
    ),
)


# --- reports: the programme's report and charts, the network report, the risks ----------------------
REPORT_ROUTES: tuple[HttpRoute, ...] = (
    # The report's charts (the same cap).
    HttpRoute("/v1/network/report"),
    # The pages: a programme's report (its charts as images of the page's own) and risks; the network's.
    HttpRoute("/app/{tenant_slug}/programmes/{programme_id}/report"),
    HttpRoute("/app/{tenant_slug}/programmes/{programme_id}/report/{chart_file}"),
    HttpRoute("/app/{tenant_slug}/programmes/{programme_id}/risks"),
    HttpRoute("/app/{tenant_slug}/report"),
)
# The reports' projections (services/monitoring/reports/models.py): every fact a report counts.
REPORT_SUBSCRIPTIONS: tuple[Subscription, ...] = (
    Subscription(
        name="ReportRegistry",
        event_types=(
            "TenantCreated",
            "ProgrammeOpened",
            "ProgrammeChanged",
            "ApplicationSubmitted",
            "ApplicationDecided",
            "ParticipantAccepted",
        ),
    ),
    Subscription(name="ReportRelationships", event_types=("MatchConfirmed", "MatchEnded", "AgreementSigned")),
    Subscription(
        name="ReportSessions",
        event_types=(
            "SessionScheduled",
            "SessionRescheduled",
            "SessionCancelled",
            "AbsenceNoticed",
            "SessionHeld",
            "DiaryEntrySubmitted",
        ),
    ),
    Subscription(
        name="ReportMonitoring",
        event_types=(
            "QuestionnaireAssigned",
            "QuestionnaireSubmitted",
            "MidtermReviewRecorded",
            "RelationshipClosed",
            "OutcomeRecorded",
        ),
    ),
)

REPORT_NAV: tuple[NavEntry, ...] = (
    NavEntry(
        "report", (("en", "Report"), ("de", "Bericht"), ("pl", "Raport")), ("manager",), 60, "programme"
    ),
    NavEntry(
        "risks",
        (("en", "Risks"), ("de", "Gefährdungen"), ("pl", "Zagrożenia")),
        ("manager",),
        61,
        "programme",
    ),
    NavEntry(
        "report",
        (("en", "Network report"), ("de", "Netzwerkbericht"), ("pl", "Raport sieci")),
        ("admin",),
        20,
    ),
)


SERVICE = ServiceSpec(
    name="monitoring",
    api_handler="services.monitoring.api.handler",
    events_handler="services.monitoring.events.handler",
    routes=QUESTIONNAIRE_ROUTES + REPORT_ROUTES,
    subscriptions=(*QUESTIONNAIRE_SUBSCRIPTIONS, *REPORT_SUBSCRIPTIONS, PERSON_RIGHTS),
    export_parts=True,
    nav=QUESTIONNAIRE_NAV + REPORT_NAV,
    tables=(TableSpec(logical_name="MonitoringTable", env_var="MONITORING_TABLE_NAME"),),
    # Each part adds what its store calls (a test holds the grant to exactly that): the consumer's claims
    # of event ids; questionnaires query a person's questionnaires; reports read, query and put documents
    # (an event's change is one transaction: TransactWriteItems needs only the item actions).
    table_actions=("dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"),
    # The questionnaires' timers: a relationship's midpoint and its final week (one `at()` schedule each).
    uses_scheduler=True,
    # The demo's relationships: each mentee's initial questionnaire answered (their baseline).
    seeder="services.monitoring.questionnaires.seed.seed",
)
