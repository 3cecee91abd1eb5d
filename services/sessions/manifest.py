from shared.manifest import PERSON_RIGHTS, HttpRoute, NavEntry, ServiceSpec, Subscription, TableSpec

SERVICE = ServiceSpec(
    name="sessions",
    api_handler="services.sessions.api.handler",
    events_handler="services.sessions.events.handler",
    # The private calendar feeds (ANONYMOUS_PREFIXES): a function of their own, reached without an account.
    public_api_handler="services.sessions.public_api.handler",
    # The demo's relationships: matches published, agreements signed, goals, plans, a held session.
    seeder="services.sessions.seed.seed",
    routes=(
        # A relationship's agreement, goals, plan, feed and reflection: greedy; API Gateway (and infra/local's
        # router) prefer the literal paths matching (`end`) and monitoring (the reviews) declare beside it.
        HttpRoute("/v1/matches/{match_id}/{proxy+}"),
        # A programme's own code of ethics and terms, which its new agreements start from (managers).
        HttpRoute("/v1/programmes/{programme_id}/agreement-template"),
        # A session and its absence, attendance and diary: one greedy resource (the stack's 500-resource cap).
        HttpRoute("/v1/sessions/{proxy+}"),
        # The signed-in pages (services/sessions/web): a relationship's agreement, goals and plan, and one
        # session with its absence notice, attendance and diary. No nav entry: a member reaches them from
        # their home and match page, a manager from a programme's matches.
        # A relationship's pages: greedy, beside monitoring's literal review pages.
        HttpRoute("/app/{tenant_slug}/matches/{match_id}/{proxy+}"),
        HttpRoute("/app/{tenant_slug}/programmes/{programme_id}/agreement-template"),
        # A session's pages (the same cap).
        HttpRoute("/app/{tenant_slug}/sessions/{proxy+}"),
        HttpRoute("/v1/me/calendar-feed"),
        # A programme's peer-exchange board (seed 002): its mentors, trainers and managers.
        HttpRoute("/v1/programmes/{programme_id}/peer-board"),
        HttpRoute("/app/{tenant_slug}/programmes/{programme_id}/peer-board"),
        HttpRoute("/v1/public/calendars/{feed_file}"),
        # A linked employer (seed 002): their mentees, each one's progress and the goals they set (the list
        # page of their mentees, with names, is intake's `/app/{tenant_slug}/employer`).
        HttpRoute("/v1/employer/{proxy+}"),
        HttpRoute("/app/{tenant_slug}/employer/{proxy+}"),
    ),
    # The programme's own code of ethics: a tab of each programme, for its managers.
    nav=(
        NavEntry(
            "agreement-template",
            (("en", "Code of ethics"), ("de", "Ethikkodex"), ("pl", "Kodeks etyczny")),
            ("manager",),
            45,
            "programme",
        ),
        # The programme's peer-exchange board (seed 002): its mentors, trainers and managers.
        NavEntry(
            "peer-board",
            (("en", "Peer exchange"), ("de", "Austausch unter Mentor*innen"), ("pl", "Wymiana doświadczeń")),
            ("manager", "trainer", "mentor"),
            46,
            "programme",
        ),
    ),
    subscriptions=(
        Subscription(name="ProgrammeFacts", event_types=("ProgrammeOpened", "ProgrammeChanged")),
        Subscription(name="Participants", event_types=("ParticipantAccepted",)),
        Subscription(name="Relationships", event_types=("MatchConfirmed", "MatchEnded")),
        # The final review (monitoring) completes a relationship: closed as `completed`, not ended early.
        Subscription(name="Closures", event_types=("RelationshipClosed",)),
        # Seed 002: employers' links to mentees (intake) and the mid-term ratings (monitoring), in one rule.
        Subscription(
            name="EmployerView", event_types=("EmployerLinked", "EmployerLinkEnded", "MidtermReviewRecorded")
        ),
        PERSON_RIGHTS,
    ),
    export_parts=True,
    # Item reads and puts (a new session and its id's lookup in one transaction), queries of a
    # relationship's goals; DeleteItem releases a claimed event id when handling fails (shared/storage).
    # No UpdateItem: every document is written whole, guarded by its version.
    table_actions=("dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"),
    tables=(TableSpec(logical_name="SessionsTable", env_var="SESSIONS_TABLE_NAME"),),
)
