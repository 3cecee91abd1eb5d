from shared.manifest import HttpRoute, ServiceSpec, Subscription, TableSpec

# Monitoring has two parts, each a package of its own: `questionnaires` (templates, assignments,
# answers, the reviews and outcomes) and `reports` (the programme's and the network's reports, their
# charts, and the risks). Each part declares its routes and subscriptions here, in its own tuple.

# --- questionnaires: templates, assignments, answers, mid-term and final reviews, outcomes ----------
QUESTIONNAIRE_ROUTES: tuple[HttpRoute, ...] = ()
QUESTIONNAIRE_SUBSCRIPTIONS: tuple[Subscription, ...] = ()


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
    table_actions=("dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem"),
)
