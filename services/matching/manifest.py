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
    name="matching",
    api_handler="services.matching.api.handler",
    events_handler="services.matching.events.handler",
    # The consumer solves runs (numpy, scipy); the API scores the candidates of one mentee and a manual
    # match (numpy), imported only by those routes, so its cold start does not pay for it.
    scientific_functions=("api", "events"),
    routes=(
        HttpRoute("/v1/programmes/{programme_id}/matching-runs"),
        HttpRoute("/v1/programmes/{programme_id}/candidates"),
        HttpRoute("/v1/programmes/{programme_id}/exclusions"),
        # A run and its publishing: one greedy resource (the stack's 500-resource cap).
        HttpRoute("/v1/matching-runs/{proxy+}"),
        HttpRoute("/v1/matches"),
        HttpRoute("/v1/matches/{match_id}"),
        HttpRoute("/v1/matches/{match_id}/end"),
        # The signed-in pages (services/matching/web): runs, manual matching, matches, a participant's home.
        HttpRoute("/app/{tenant_slug}/programmes/{programme_id}/matching"),
        # A run, a mentee's candidates, the exclusions: one greedy resource (the stack's 500-resource cap).
        HttpRoute("/app/{tenant_slug}/programmes/{programme_id}/matching/{proxy+}"),
        HttpRoute("/app/{tenant_slug}/programmes/{programme_id}/matches"),
        HttpRoute("/app/{tenant_slug}/matches/{match_id}"),
        HttpRoute("/app/{tenant_slug}/home"),
    ),
    nav=(
        NavEntry(
            path="home",
            labels=(("en", "Home"), ("de", "Startseite"), ("pl", "Strona główna")),
            roles=("mentor", "mentee"),
            order=10,
        ),
        NavEntry(
            path="matching",
            labels=(("en", "Matching"), ("de", "Matching"), ("pl", "Dobieranie par")),
            roles=("manager",),
            order=40,
            scope="programme",
        ),
        NavEntry(
            path="matches",
            labels=(("en", "Matches"), ("de", "Tandems"), ("pl", "Pary")),
            roles=("manager",),
            order=45,
            scope="programme",
        ),
    ),
    subscriptions=(
        Subscription(name="ProgrammeSettings", event_types=("ProgrammeOpened", "ProgrammeChanged")),
        Subscription(name="Participants", event_types=("ParticipantAccepted", "MentorQualified")),
        Subscription(name="Runs", event_types=("MatchingRunRequested",)),
        # Names only (an internal event): managers see people by name, members each other's first names.
        Subscription(name="Names", event_types=("ContactDetailsRecorded",)),
        # The final review (monitoring) completes a match: `completed`, not ended early.
        Subscription(name="Closures", event_types=("RelationshipClosed",)),
        PERSON_RIGHTS,
    ),
    export_parts=True,
    # Item reads and writes (also in transactions), queries, a batch write of a run's parts; DeleteItem
    # releases a claimed event id when handling fails (shared/storage.py).
    table_actions=(*DOCUMENT_TABLE_ACTIONS, "dynamodb:BatchWriteItem"),
    tables=(
        TableSpec(
            logical_name="MatchingTable",
            env_var="MATCHING_TABLE_NAME",
            # Matches of one programme (the manager's list).
            indexes=(GlobalIndex(name="by_programme", partition_key="gsi1pk", sort_key="gsi1sk"),),
        ),
    ),
)
