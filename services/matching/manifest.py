from shared.manifest import (
    DOCUMENT_TABLE_ACTIONS,
    GlobalIndex,
    HttpRoute,
    ServiceSpec,
    Subscription,
    TableSpec,
)

SERVICE = ServiceSpec(
    name="matching",
    api_handler="services.matching.api.handler",
    events_handler="services.matching.events.handler",
    routes=(
        HttpRoute("/v1/programmes/{programme_id}/matching-runs"),
        HttpRoute("/v1/programmes/{programme_id}/candidates"),
        HttpRoute("/v1/programmes/{programme_id}/exclusions"),
        HttpRoute("/v1/matching-runs/{run_id}"),
        HttpRoute("/v1/matching-runs/{run_id}/publish"),
        HttpRoute("/v1/matches"),
        HttpRoute("/v1/matches/{match_id}"),
        HttpRoute("/v1/matches/{match_id}/end"),
    ),
    subscriptions=(
        Subscription(name="ProgrammeSettings", event_types=("ProgrammeOpened", "ProgrammeChanged")),
        Subscription(name="Participants", event_types=("ParticipantAccepted", "MentorQualified")),
        Subscription(name="Runs", event_types=("MatchingRunRequested",)),
    ),
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
