"""The machine clients' router: the managers' registration routes and the partner systems' routes."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from shared.auth import Principal

router = APIGatewayRouter()


def caller() -> Principal:
    """A person with an id token (registering, listing, revoking partner systems)."""
    return Principal.from_event(router.current_event.raw_event)


def authorizer_claims() -> dict[str, str]:
    """The claims API Gateway's authorizer verified (on the partner routes: a client's access token)."""
    context = router.current_event.raw_event.get("requestContext") or {}
    return dict((context.get("authorizer") or {}).get("claims") or {})
