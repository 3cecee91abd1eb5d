from shared.manifest import HttpRoute, NavEntry, ServiceSpec, Subscription, TableSpec

# Monitoring has two parts, each a package of its own: `questionnaires` (templates, assignments,
# answers, the reviews and outcomes) and `reports` (the programme's and the network's reports, their
# charts, and the risks). Each part declares its routes and subscriptions here, in its own tuple.

# --- questionnaires: templates, assignments, answers, mid-term and final reviews, outcomes ----------
QUESTIONNAIRE_ROUTES: tuple[HttpRoute, ...] = (
    HttpRoute("/v1/programmes/{programme_id}/questionnaire-templates"),
    HttpRoute("/v1/programmes/{programme_id}/questionnaire-templates/{kind}"),
    HttpRoute("/v1/me/questionnaires"),
    HttpRoute("/v1/questionnaires/{assignment_id}"),
    HttpRoute("/v1/questionnaires/{assignment_id}/responses"),
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
REPORT_ROUTES: tuple[HttpRoute, ...] = ()
REPORT_SUBSCRIPTIONS: tuple[Subscription, ...] = ()


SERVICE = ServiceSpec(
    name="monitoring",
    api_handler="services.monitoring.api.handler",
    events_handler="services.monitoring.events.handler",
    routes=QUESTIONNAIRE_ROUTES + REPORT_ROUTES,
    subscriptions=QUESTIONNAIRE_SUBSCRIPTIONS + REPORT_SUBSCRIPTIONS,
    tables=(TableSpec(logical_name="MonitoringTable", env_var="MONITORING_TABLE_NAME"),),
    # Each part adds what its store calls (a test holds the grant to exactly that); today only the
    # consumer's claims of event ids.
    # The questionnaires add Query (a person's questionnaires); their new items are written with a
    # condition, alone or in a transaction (TransactWriteItems needs only the item actions).
    table_actions=("dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"),
    # The questionnaires' timers: a relationship's midpoint and its final week (one `at()` schedule each).
    uses_scheduler=True,
    # The demo's relationships: each mentee's initial questionnaire answered (their baseline).
    seeder="services.monitoring.questionnaires.seed.seed",
    nav=QUESTIONNAIRE_NAV,
)
