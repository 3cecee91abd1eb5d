"""What a service is to the outside: read by infra/ (the cloud) and by infra/local (this machine).

Each service declares one `SERVICE = ServiceSpec(...)` in its `manifest.py`. Nothing about a service's
routes, subscriptions, tables or environment is written anywhere else.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field

# Named here too: infra and the docs know them as the manifest's.
from shared.paths import ANONYMOUS_PREFIXES as ANONYMOUS_PREFIXES
from shared.paths import MACHINE_PREFIX as MACHINE_PREFIX
from shared.paths import WEB_PREFIX as WEB_PREFIX
from shared.paths import is_anonymous_path as is_anonymous_path
from shared.paths import is_machine_path as is_machine_path
from shared.paths import is_web_path as is_web_path

SERVICE_NAMES: tuple[str, ...] = ("intake", "matching", "sessions", "monitoring", "notifications")

_SEGMENT = re.compile(r"^([A-Za-z0-9._-]+|\{[a-z_]+\}|\{proxy\+\})$")


@dataclass(frozen=True)
class HttpRoute:
    """An API Gateway resource path routed (any method) to the service's API function.

    Segments are literals, `{name}` variables, or a final `{proxy+}` for a whole subtree.
    """

    path: str

    def __post_init__(self) -> None:
        segments = self.segments
        if not self.path.startswith("/") or not segments:
            raise ValueError(f"route {self.path!r} must start with / and have a segment")
        for i, seg in enumerate(segments):
            if not _SEGMENT.match(seg):
                raise ValueError(f"route {self.path!r}: bad segment {seg!r}")
            if seg == "{proxy+}" and i != len(segments) - 1:
                raise ValueError(f"route {self.path!r}: {{proxy+}} must be last")

    @property
    def segments(self) -> list[str]:
        return [s for s in self.path.split("/") if s]

    @property
    def anonymous(self) -> bool:
        return is_anonymous_path(self.path)

    @property
    def web(self) -> bool:
        """A signed-in page: no authorizer in front; the function checks the session cookie."""
        return is_web_path(self.path)

    @property
    def machine(self) -> bool:
        """A partner system's route: the authorizer wants an access token with the machine scope."""
        return is_machine_path(self.path)


@dataclass(frozen=True)
class NavEntry:
    """A link in the signed-in pages' navigation, declared by the service that renders its page.

    `path` is relative to `/app/{slug}/` (scope "tenant") or to `/app/{slug}/programmes/{programme_id}/`
    (scope "programme": a tab on a programme's pages); "" is the scope's own page. `labels` holds the
    link text per language (English required); `roles` who sees it; `order` where it stands.
    """

    path: str
    labels: tuple[tuple[str, str], ...]
    roles: tuple[str, ...]
    order: int = 50
    scope: str = "tenant"

    def __post_init__(self) -> None:
        if self.scope not in ("tenant", "programme"):
            raise ValueError(f"nav entry {self.path!r}: scope must be tenant or programme")
        if "en" not in dict(self.labels):
            raise ValueError(f"nav entry {self.path!r} needs an English label")

    def label(self, lang: str) -> str:
        labels = dict(self.labels)
        return labels.get(lang) or labels["en"]


@dataclass(frozen=True)
class Subscription:
    """An EventBridge rule on the bus that feeds the service's queue: these event types (detail-type)."""

    name: str
    event_types: tuple[str, ...]

    def pattern(self) -> dict[str, list[str]]:
        """Detail-type AND source: an event type is accepted only from the service the catalogue names."""
        from shared.events.publisher import sources_of  # imports the catalogue (pydantic): only when asked

        return {
            "source": sorted({s for t in self.event_types for s in sources_of(t)}),
            "detail-type": list(self.event_types),
        }


@dataclass(frozen=True)
class GlobalIndex:
    name: str
    partition_key: str
    sort_key: str | None = None


@dataclass(frozen=True)
class TableSpec:
    """A DynamoDB table with string keys `pk`/`sk`; its name reaches the code through `env_var`."""

    logical_name: str
    env_var: str
    indexes: tuple[GlobalIndex, ...] = ()
    partition_key: str = "pk"
    sort_key: str = "sk"
    ttl_attribute: str = "ttl"


#: The DynamoDB actions a manifest may declare. A transaction (TransactWriteItems) is authorised per item
#: as PutItem/UpdateItem/DeleteItem/ConditionCheckItem. Scan is not among them: every read is by key.
DYNAMODB_ACTIONS: frozenset[str] = frozenset(
    {
        "dynamodb:BatchGetItem",
        "dynamodb:BatchWriteItem",
        "dynamodb:ConditionCheckItem",
        "dynamodb:DeleteItem",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:Query",
        "dynamodb:UpdateItem",
    }
)

#: What a service that keeps documents by key calls: item reads, puts, updates and deletes (also inside
#: transactions), and queries. A manifest adds what else its code calls (a batch write, say).
DOCUMENT_TABLE_ACTIONS: tuple[str, ...] = (
    "dynamodb:DeleteItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:UpdateItem",
)


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    api_handler: str | None
    events_handler: str | None
    #: Serves the routes under ANONYMOUS_PREFIXES from a function of its own, whose role has no user-pool
    #: rights at all (a flaw in a public form cannot reach accounts). None: the API function serves them.
    public_api_handler: str | None = None
    routes: tuple[HttpRoute, ...] = ()
    subscriptions: tuple[Subscription, ...] = ()
    tables: tuple[TableSpec, ...] = ()
    #: Environment beyond the shared variables (bus, user pool, tables) that every function gets.
    environment: dict[str, str] = field(default_factory=dict)
    #: The DynamoDB actions the service's code calls on its own tables (nothing is granted beyond these;
    #: no Scan: every read is a key lookup or a Query). tests/unit/test_manifest_and_router.py checks them.
    table_actions: tuple[str, ...] = ()
    #: The user-pool actions the API function calls ("cognito-idp:AdminCreateUser", ...); the public and
    #: events functions get none. A test compares them with the boto3 calls in the service's code.
    user_pool_actions: tuple[str, ...] = ()
    #: Extra AWS capabilities the functions need, beyond their tables and PutEvents on the bus.
    sends_email: bool = False
    sends_sms: bool = False
    #: SES feedback (delivery, bounce, complaint) from the mail configuration set's topic into the
    #: service's queue (its events handler tells it from the bus's events).
    receives_mail_feedback: bool = False
    uses_scheduler: bool = False
    #: The API function makes partner subscriptions: EventBridge rules on the bus targeting API destinations
    #: (their connections keep the API keys in Secrets Manager) or partners' buses, and replays them.
    routes_partner_events: bool = False
    #: Receives before a message moves to the DLQ.
    max_receive_count: int = 5
    #: Concurrent executions reserved for (and capping) the public function: a flood of anonymous requests
    #: cannot starve the signed-in API or run up the bill beyond this.
    public_reserved_concurrency: int = 10
    #: The demo data `make run` starts with: the dotted path of a `seed(client, context) -> dict`
    #: (shared/seeding.py), called in the manifests' order. Never part of what a function runs.
    seeder: str | None = None
    #: The service's entries in the signed-in pages' navigation (shared/web builds it from every manifest).
    nav: tuple[NavEntry, ...] = ()
    #: The functions ("api", "events", "public") that load numpy and scipy: only they get the scientific
    #: layer (~180 MB); every function gets the core layer.
    scientific_functions: tuple[str, ...] = ()
    #: The events function writes its part of a person's export to the export bucket (every service that
    #: holds something about a person: issue 14). infra grants it PutObject there, nothing else.
    export_parts: bool = False
    #: Also reads the parts and assembles the export (events function: read, write, delete an erased
    #: person's exports) and signs download links (API function: read). Intake only.
    assembles_exports: bool = False

    def __post_init__(self) -> None:
        unknown = set(self.table_actions) - DYNAMODB_ACTIONS
        if unknown:
            raise ValueError(f"{self.name}: table actions {sorted(unknown)} are not allowed (no Scan)")
        if any(not a.startswith("cognito-idp:") or "*" in a for a in self.user_pool_actions):
            raise ValueError(f"{self.name}: user-pool actions must be named cognito-idp actions")

    @property
    def uses_user_pool(self) -> bool:
        return bool(self.user_pool_actions)

    @property
    def consumed_event_types(self) -> tuple[str, ...]:
        return tuple(t for s in self.subscriptions for t in s.event_types)

    def handler_for(self, path: str) -> str | None:
        """The function that answers `path`: the public one for anonymous paths when there is one."""
        if self.public_api_handler and is_anonymous_path(path):
            return self.public_api_handler
        return self.api_handler


def load_services() -> list[ServiceSpec]:
    """Every service's manifest, in a fixed order."""
    specs = []
    for name in SERVICE_NAMES:
        module = importlib.import_module(f"services.{name}.manifest")
        spec = module.SERVICE
        if spec.name != name:
            raise ValueError(f"services/{name}/manifest.py declares {spec.name!r}")
        specs.append(spec)
    return specs


#: What every service that holds something about a person subscribes to (issue 14): it exports or erases
#: its share, then answers PersonExportWritten / PersonErased.
PERSON_RIGHTS = Subscription(
    name="PersonRights", event_types=("PersonExportRequested", "PersonErasureRequested")
)
