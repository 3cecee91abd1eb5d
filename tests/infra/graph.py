"""Reading a synthesized CloudFormation template as a graph: what routes to whom, which role reaches what.

Everything here works on the template alone (logical ids, Ref/GetAtt and the `Tandem` metadata the
constructs write), so it checks what would be deployed, not what the CDK code meant.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from shared.manifest import is_web_path

Template = dict[str, Any]
EVERY_TABLE = "<every table>"
ACTION_PREFIXES_TOUCHING_TABLES = ("dynamodb:",)


def resources_of(template: Template, type_: str) -> dict[str, dict[str, Any]]:
    return {lid: r for lid, r in template["Resources"].items() if r["Type"] == type_}


def tandem(resource: dict[str, Any]) -> dict[str, str]:
    return dict(resource.get("Metadata", {}).get("Tandem", {}))


def refs(expression: Any) -> set[str]:
    """Logical ids an expression points at through Ref or Fn::GetAtt (pseudo parameters excluded)."""
    found: set[str] = set()
    if isinstance(expression, dict):
        for key, value in expression.items():
            if key == "Ref" and isinstance(value, str) and not value.startswith("AWS::"):
                found.add(value)
            elif key == "Fn::GetAtt":
                target = value[0] if isinstance(value, list) else str(value).split(".")[0]
                found.add(target)
            else:
                found |= refs(value)
    elif isinstance(expression, list):
        for item in expression:
            found |= refs(item)
    return found


def literals(expression: Any) -> list[str]:
    if isinstance(expression, str):
        return [expression]
    if isinstance(expression, dict):
        return [s for value in expression.values() for s in literals(value)]
    if isinstance(expression, list):
        return [s for item in expression for s in literals(item)]
    return []


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


# --- HTTP ------------------------------------------------------------------------------------------


def api_paths(template: Template) -> dict[str, str]:
    """Resource logical id -> its full path template, from PathPart and ParentId."""
    resources = resources_of(template, "AWS::ApiGateway::Resource")

    def path_of(lid: str) -> str:
        props = resources[lid]["Properties"]
        parents = refs(props["ParentId"]) & resources.keys()
        prefix = path_of(parents.pop()) if parents else ""  # else: GetAtt RestApi.RootResourceId
        return f"{prefix}/{props['PathPart']}"

    return {lid: path_of(lid) for lid in resources}


@dataclass(frozen=True)
class RoutedMethod:
    path: str
    http_method: str
    authorization: str
    authorizer: str | None
    function: str
    service: str
    handler: str


def routed_methods(template: Template) -> list[RoutedMethod]:
    paths = api_paths(template)
    functions = resources_of(template, "AWS::Lambda::Function")
    methods = []
    for method in resources_of(template, "AWS::ApiGateway::Method").values():
        props = method["Properties"]
        [resource] = refs(props["ResourceId"]) & paths.keys()
        [function] = refs(props["Integration"]["Uri"]) & functions.keys()
        authorizers = refs(props.get("AuthorizerId", {}))
        methods.append(
            RoutedMethod(
                path=paths[resource],
                http_method=props["HttpMethod"],
                authorization=props.get("AuthorizationType", "NONE"),
                authorizer=authorizers.pop() if authorizers else None,
                function=function,
                service=tandem(functions[function])["service"],
                handler=functions[function]["Properties"]["Handler"],
            )
        )
    return methods


def routes(template: Template) -> dict[str, tuple[str, bool]]:
    """Path template -> (service, anonymous): the shape `infra.local.wiring` describes.

    The signed-in pages (`/app/**`) have no authorizer either, but are not anonymous: their function
    verifies the session cookie (tests/infra/test_cloud_wiring.py checks them apart).
    """
    return {
        m.path: (m.service, m.authorization == "NONE" and not is_web_path(m.path))
        for m in routed_methods(template)
    }


def route_handlers(template: Template) -> dict[str, str]:
    """Path template -> the handler of the function its method invokes."""
    return {m.path: m.handler for m in routed_methods(template)}


# --- events ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Subscribed:
    service: str
    subscription: str
    event_types: frozenset[str]
    queue: str
    rule: dict[str, Any]
    sources: frozenset[str] = frozenset()


def subscribed(template: Template) -> list[Subscribed]:
    queues = resources_of(template, "AWS::SQS::Queue")
    found = []
    for rule in resources_of(template, "AWS::Events::Rule").values():
        [target] = rule["Properties"]["Targets"]
        [queue] = refs(target["Arn"]) & queues.keys()
        found.append(
            Subscribed(
                service=tandem(queues[queue])["service"],
                subscription=tandem(rule)["subscription"],
                event_types=frozenset(rule["Properties"]["EventPattern"]["detail-type"]),
                queue=queue,
                rule=rule,
                sources=frozenset(rule["Properties"]["EventPattern"].get("source", ())),
            )
        )
    return found


def subscriptions(template: Template) -> dict[tuple[str, str], frozenset[str]]:
    return {(s.service, s.subscription): s.event_types for s in subscribed(template)}


def subscription_sources(template: Template) -> dict[tuple[str, str], frozenset[str]]:
    return {(s.service, s.subscription): s.sources for s in subscribed(template)}


# --- IAM -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GrantedStatement:
    policy: str
    roles: frozenset[str]
    statement: dict[str, Any]


def identity_statements(template: Template) -> Iterator[GrantedStatement]:
    """Every statement of every identity policy, with the roles it is attached to."""
    for lid, resource in template["Resources"].items():
        props = resource.get("Properties", {})
        if resource["Type"] in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
            roles = frozenset(refs(props.get("Roles", [])))
            for statement in as_list(props["PolicyDocument"]["Statement"]):
                yield GrantedStatement(lid, roles, statement)
        elif resource["Type"] == "AWS::IAM::Role":
            for policy in props.get("Policies", []):
                for statement in as_list(policy["PolicyDocument"]["Statement"]):
                    yield GrantedStatement(lid, frozenset({lid}), statement)


def role_services(template: Template) -> dict[str, str]:
    """Role logical id -> the service whose function assumes it."""
    owners = {}
    for function in resources_of(template, "AWS::Lambda::Function").values():
        service = tandem(function).get("service")
        for role in refs(function["Properties"]["Role"]):
            owners[role] = service
    # The outbox's Pipe reads its own service's table stream (infra/cloud/outbox.py).
    for pipe in resources_of(template, "AWS::Pipes::Pipe").values():
        for role in refs(pipe["Properties"]["RoleArn"]):
            owners[role] = tandem(pipe).get("service")
    return owners


def table_services(template: Template) -> dict[str, str]:
    return {lid: tandem(r)["service"] for lid, r in resources_of(template, "AWS::DynamoDB::Table").items()}


def tables_reached(statement: dict[str, Any], tables: set[str]) -> set[str]:
    """The tables an Allow statement's DynamoDB actions can touch; EVERY_TABLE when not pinned down."""
    if statement.get("Effect") != "Allow":
        return set()
    if "NotAction" in statement or "NotResource" in statement:
        return {EVERY_TABLE}
    actions = [str(a) for a in as_list(statement.get("Action", []))]
    if not any(a == "*" or a.startswith(ACTION_PREFIXES_TOUCHING_TABLES) for a in actions):
        return set()
    reached: set[str] = set()
    for resource in as_list(statement.get("Resource", [])):
        named = refs(resource) & tables
        if named:
            reached |= named
        elif any("*" in s or "dynamodb" in s or ":table/" in s for s in literals(resource)):
            reached.add(EVERY_TABLE)
    return reached


def table_access_violations(template: Template) -> list[str]:
    """Every grant by which a role reaches a table its service does not own (or any table, for others)."""
    tables = table_services(template)
    owners = role_services(template)
    violations = []
    for granted in identity_statements(template):
        reached = tables_reached(granted.statement, set(tables))
        for role in sorted(granted.roles):
            service = owners.get(role)
            foreign = sorted(t for t in reached if t == EVERY_TABLE or tables[t] != service)
            if foreign:
                violations.append(f"{granted.policy} lets {role} ({service or 'no service'}) reach {foreign}")
    return violations
