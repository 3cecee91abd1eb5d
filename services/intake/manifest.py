from shared.manifest import (
    DOCUMENT_TABLE_ACTIONS,
    PERSON_RIGHTS,
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
        # A municipality's audit trail and retention periods: one greedy resource (the stack's 500 cap).
        HttpRoute("/v1/tenants/{proxy+}"),
        HttpRoute("/v1/users"),
        HttpRoute("/v1/me/links"),
        HttpRoute("/v1/me/links/{proxy+}"),  # a link's confirmation (greedy: the 500 cap)
        HttpRoute("/v1/programmes"),
        HttpRoute("/v1/programme-presets"),
        HttpRoute("/v1/programmes/{programme_id}/assessments/{proxy+}"),
        # A programme's settings, applications, participants and assessments: greedy (the stack's 500-resource
        # cap); the other services' programme pages are literal paths beside it, which API Gateway prefers.
        HttpRoute("/app/{tenant_slug}/programmes/{programme_id}/{proxy+}"),
        HttpRoute("/v1/programmes/{programme_id}"),
        HttpRoute("/v1/public/{proxy+}"),
        HttpRoute("/forms/{proxy+}"),
        HttpRoute("/v1/applications"),
        HttpRoute("/v1/applications/{proxy+}"),
        HttpRoute("/v1/participants"),
        # Each path named (not {proxy+}): monitoring answers /v1/participants/{participant_id}/outcome.
        HttpRoute("/v1/participants/{participant_id}"),
        HttpRoute("/v1/participants/{participant_id}/training"),
        # An employer's links to a mentee (seed 002; services/intake/employers), and ending one.
        HttpRoute("/v1/participants/{participant_id}/employer-links"),
        HttpRoute("/v1/participants/{participant_id}/employer-links/{link_id}"),
        # The signed-in pages (services/intake/web): signing in, and `network` for the network admin.
        HttpRoute("/app"),
        HttpRoute("/app/{tenant_slug}"),
        HttpRoute("/app/{tenant_slug}/sign-in"),
        HttpRoute("/app/{tenant_slug}/sign-in/code"),
        HttpRoute("/app/{tenant_slug}/sign-out"),
        # The manager's pages (services/intake/web/manager.py and its neighbours) and the trainer's.
        HttpRoute("/app/{tenant_slug}/programmes"),
        HttpRoute("/app/{tenant_slug}/programmes/{programme_id}"),
        HttpRoute("/app/{tenant_slug}/applications/{proxy+}"),
        HttpRoute("/app/{tenant_slug}/participants"),
        HttpRoute("/app/{tenant_slug}/participants/{participant_id}"),
        # The network admin's pages (slug `network` only) and anyone's pending account links.
        HttpRoute("/app/{tenant_slug}/municipalities"),
        HttpRoute("/app/{tenant_slug}/municipalities/{tenant_id}"),
        HttpRoute("/app/{tenant_slug}/links"),
        # Privacy (issue 14): a participant's consents (services/intake/consents), the municipality's
        # retention periods (services/intake/retention).
        HttpRoute("/v1/me/consents"),
        # A participant's consents and privacy pages: greedy (the stack's 500-resource cap).
        HttpRoute("/app/{tenant_slug}/me/{proxy+}"),
        # The audit trail (services/intake/audit): the API and the participant's audit page.
        HttpRoute("/v1/audit"),
        HttpRoute("/v1/audit/network-admin"),
        # A participant's audit trail, export and erasure pages: greedy, beside monitoring's `outcome`.
        HttpRoute("/app/{tenant_slug}/participants/{participant_id}/{proxy+}"),
        # A person's export and erasure (services/intake/privacy), and their pages.
        # `{proxy+}`: a person's export and erasure, in two API Gateway resources instead of four (the stack
        # is near CloudFormation's 500 resources).
        HttpRoute("/v1/people/{proxy+}"),
        HttpRoute("/v1/me/export"),
        HttpRoute("/v1/exports/{export_id}"),
        HttpRoute("/v1/erasures/{erasure_id}"),
        HttpRoute("/app/{tenant_slug}/exports/{export_id}"),
        HttpRoute("/app/{tenant_slug}/erasures/{erasure_id}"),
        # Q-SER's archive of good practice (services/intake/archive): greedy, for the stack's resource count.
        HttpRoute("/v1/practice-cases"),
        HttpRoute("/v1/practice-cases/{proxy+}"),
        HttpRoute("/v1/practice-case-drafts"),
        HttpRoute("/app/{tenant_slug}/practice"),
        HttpRoute("/app/{tenant_slug}/practice/{proxy+}"),
        # Impulse workshops (services/intake/workshops): a programme's, one workshop's (greedy: sign-up,
        # cancel, attendance), and a participant's page of their upcoming ones. The manager's pages are
        # under the programme's greedy path above.
        HttpRoute("/v1/programmes/{programme_id}/workshops"),
        HttpRoute("/v1/workshops/{proxy+}"),
        HttpRoute("/app/{tenant_slug}/workshops"),
        # A linked employer's start page (seed 002): their mentees by name; each one's progress is sessions'.
        HttpRoute("/app/{tenant_slug}/employer"),
        # Partner systems (services/intake/machine_clients): a manager registers and revokes their app
        # clients; the partner routes take only a client's access token (shared/manifest.MACHINE_PREFIX).
        HttpRoute("/v1/machine-clients"),
        HttpRoute("/v1/machine-clients/{client_id}"),
        HttpRoute("/v1/partner/applicants"),
        HttpRoute("/v1/partner/applicants/{application_id}"),
        # The manager's page of their partner systems: register (the secret shown once), revoke.
        HttpRoute("/app/{tenant_slug}/partner-systems"),
        HttpRoute("/app/{tenant_slug}/partner-systems/{client_id}"),
    ),
    subscriptions=(
        Subscription(name="MatchStates", event_types=("MatchConfirmed", "MatchEnded")),
        # One rule for intake's privacy work (the stack is near CloudFormation's 500 resources): a
        # municipality joining schedules its daily retention sweep (intake/retention); every service's
        # reads and changes of personal data (shared/audit.py); a person's export and erasure: intake's own
        # share and every service's answer (intake/privacy).
        Subscription(
            name="Privacy",
            event_types=(
                "TenantCreated",
                "PersonalDataAccessed",
                *PERSON_RIGHTS.event_types,
                "PersonExportWritten",
                "PersonErased",
            ),
        ),
        # The dashboard's count of relationships at risk (monitoring decides; intake counts).
        Subscription(name="RiskStates", event_types=("RiskFlagRaised", "RiskFlagCleared")),
    ),
    # The daily retention sweep: a `rate(1 day)` schedule into intake's own queue.
    uses_scheduler=True,
    export_parts=True,
    assembles_exports=True,
    nav=(
        # Everyone's own data (services/intake/privacy): "Download my data".
        NavEntry(
            "me/privacy",
            (("en", "My data"), ("de", "Meine Daten"), ("pl", "Moje dane")),
            ("manager", "trainer", "mentor", "mentee"),
            90,
        ),
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
        # Q-SER's archive of good practice (services/intake/archive).
        NavEntry(
            "practice",
            (("en", "Good practice"), ("de", "Gute Praxis"), ("pl", "Dobre praktyki")),
            ("manager", "trainer", "mentor"),
            60,
        ),
        # Impulse workshops (services/intake/workshops): a programme's tab for its managers, and each
        # participant's upcoming workshops.
        NavEntry(
            "workshops",
            (("en", "Workshops"), ("de", "Workshops"), ("pl", "Warsztaty")),
            ("manager",),
            42,
            "programme",
        ),
        NavEntry(
            "workshops",
            (("en", "My workshops"), ("de", "Meine Workshops"), ("pl", "Moje warsztaty")),
            ("mentor", "mentee"),
            60,
        ),
        # A participant's consents (services/intake/consents), beside their messages' preferences.
        NavEntry(
            "me/consents",
            (("en", "My consents"), ("de", "Meine Einwilligungen"), ("pl", "Moje zgody")),
            ("mentor", "mentee"),
            95,
        ),
        # The manager's partner systems with API access (services/intake/machine_clients/web.py), beside
        # notifications' "Partner systems" (the ones that receive events).
        NavEntry(
            "partner-systems",
            (
                ("en", "Partner API access"),
                ("de", "API-Zugang für Partner"),
                ("pl", "Dostęp API dla partnerów"),
            ),
            ("manager",),
            81,
        ),
        # A linked employer's mentees (seed 002; services/intake/employers/web.py).
        NavEntry(
            "employer",
            (("en", "My mentees"), ("de", "Meine Mentees"), ("pl", "Moi podopieczni")),
            ("employer",),
            10,
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
        # services/intake/machine_clients/cognito.py: partner systems' app clients.
        "cognito-idp:CreateUserPoolClient",
        "cognito-idp:DeleteUserPoolClient",
    ),
)
