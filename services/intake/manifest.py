from shared.manifest import (
    DOCUMENT_TABLE_ACTIONS,
    GlobalIndex,
    HttpRoute,
    NavEntry,
    ServiceSpec,
    Subscription,
    TableSpec,
)

SERVICE = ServiceSpec(
    name="intake",
    api_handler="services.intake.api.handler",
    # Keeps who is matched (matching's MatchConfirmed / MatchEnded) for the manager's pages.
    events_handler="services.intake.events.handler",
    # The forms and the public API (ANONYMOUS_PREFIXES): a function of their own, with no user-pool rights.
    public_api_handler="services.intake.public_api.handler",
    seeder="services.intake.seed.seed",
    routes=(
        HttpRoute("/v1/tenants"),
        HttpRoute("/v1/tenants/{tenant_id}/audit"),
        HttpRoute("/v1/users"),
        HttpRoute("/v1/me/links"),
        HttpRoute("/v1/me/links/{link_id}/confirm"),
        HttpRoute("/v1/programmes"),
        HttpRoute("/v1/programmes/{programme_id}"),
        HttpRoute("/v1/public/{proxy+}"),
        HttpRoute("/forms/{proxy+}"),
        HttpRoute("/v1/applications"),
        HttpRoute("/v1/applications/{proxy+}"),
        HttpRoute("/v1/participants"),
        # Each path named (not {proxy+}): monitoring answers /v1/participants/{participant_id}/outcome.
        HttpRoute("/v1/participants/{participant_id}"),
        HttpRoute("/v1/participants/{participant_id}/training"),
        # The signed-in pages (services/intake/web): signing in, and `network` for the network admin.
        HttpRoute("/app"),
        HttpRoute("/app/{tenant_slug}"),
        HttpRoute("/app/{tenant_slug}/sign-in"),
        HttpRoute("/app/{tenant_slug}/sign-in/code"),
        HttpRoute("/app/{tenant_slug}/sign-out"),
        # The manager's pages (services/intake/web/manager.py and its neighbours) and the trainer's.
        HttpRoute("/app/{tenant_slug}/programmes"),
        HttpRoute("/app/{tenant_slug}/programmes/{programme_id}"),
        HttpRoute("/app/{tenant_slug}/programmes/{programme_id}/settings"),
        HttpRoute("/app/{tenant_slug}/programmes/{programme_id}/applications"),
        HttpRoute("/app/{tenant_slug}/programmes/{programme_id}/participants"),
        HttpRoute("/app/{tenant_slug}/applications/{proxy+}"),
        HttpRoute("/app/{tenant_slug}/participants"),
        HttpRoute("/app/{tenant_slug}/participants/{participant_id}"),
        # The network admin's pages (slug `network` only) and anyone's pending account links.
        HttpRoute("/app/{tenant_slug}/municipalities"),
        HttpRoute("/app/{tenant_slug}/municipalities/{tenant_id}"),
        HttpRoute("/app/{tenant_slug}/links"),
    ),
    subscriptions=(
        Subscription(name="MatchStates", event_types=("MatchConfirmed", "MatchEnded")),
        # The dashboard's count of relationships at risk (monitoring decides; intake counts).
        Subscription(name="RiskStates", event_types=("RiskFlagRaised", "RiskFlagCleared")),
    ),
    nav=(
        NavEntry(
            path="municipalities",
            labels=(("en", "Municipalities"), ("de", "Kommunen"), ("pl", "Gminy")),
            roles=("admin",),
            order=10,
        ),
        NavEntry(
            "programmes", (("en", "Programmes"), ("de", "Programme"), ("pl", "Programy")), ("manager",), 10
        ),
        NavEntry(
            "participants",
            (("en", "Participants"), ("de", "Teilnehmende"), ("pl", "Uczestnicy")),
            ("manager", "trainer"),
            20,
        ),
        NavEntry(
            "", (("en", "Overview"), ("de", "Übersicht"), ("pl", "Przegląd")), ("manager",), 10, "programme"
        ),
        NavEntry(
            "settings",
            (("en", "Settings"), ("de", "Einstellungen"), ("pl", "Ustawienia")),
            ("manager",),
            20,
            "programme",
        ),
        NavEntry(
            "applications",
            (("en", "Applications"), ("de", "Bewerbungen"), ("pl", "Zgłoszenia")),
            ("manager",),
            30,
            "programme",
        ),
        NavEntry(
            "participants",
            (("en", "Participants"), ("de", "Teilnehmende"), ("pl", "Uczestnicy")),
            ("manager",),
            40,
            "programme",
        ),
    ),
    tables=(
        TableSpec(
            logical_name="IntakeTable",
            env_var="INTAKE_TABLE_NAME",
            # Applications of one programme, newest first (the manager's screening list).
            indexes=(GlobalIndex(name="by_programme", partition_key="gsi1pk", sort_key="gsi1sk"),),
        ),
    ),
    # What services/intake calls: item reads, puts and updates (also inside transactions), queries.
    table_actions=DOCUMENT_TABLE_ACTIONS,
    # services/intake/directory.py; tests/unit/test_manifest_and_router.py keeps the two in step.
    user_pool_actions=(
        "cognito-idp:AdminAddUserToGroup",
        "cognito-idp:AdminCreateUser",
        "cognito-idp:AdminDeleteUser",
        "cognito-idp:AdminGetUser",
    ),
)
