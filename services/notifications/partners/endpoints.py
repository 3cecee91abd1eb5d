"""Which endpoints a partner may give, decided before any connection is made.

In the cloud an endpoint is `https` to a host whose every address is public: a name that resolves to a
private, loopback, link-local, multicast or reserved address would let a subscription reach inside the
network (the instance metadata at 169.254.169.254, say), so it is refused here, from the resolver's
answer, without dialling. The resolver is passed in so tests can answer with addresses nobody dials.
On this machine only `http://127.0.0.1:<port>` is accepted: nothing local ever dials out.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Sequence
from typing import Literal
from urllib.parse import urlsplit

from shared.errors import RuleViolation

#: host, port → every address the name resolves to (as `socket.getaddrinfo`'s sockaddr[0]).
Resolver = Callable[[str, int], Sequence[str]]
#: A partner's own event bus on AWS (a cross-account target): `arn:aws:events:<region>:<acct>:event-bus/<n>`.
EVENT_BUS_ARN = re.compile(r"^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus/[A-Za-z0-9._/-]{1,256}$")
LOCAL_HOST = "127.0.0.1"
#: What EventBridge accepts as an API destination's endpoint (an IDN is given in its punycode form).
PRINTABLE_URL = re.compile(r"[\x21-\x7e]{1,2048}")


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the host resolves to (IPv4 and IPv6), from the system's resolver; nothing is dialled."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _refuse(detail: str) -> RuleViolation:
    return RuleViolation(detail, rule="endpoint_not_allowed", field="endpoint")


def is_public_address(address: str) -> bool:
    """False for anything that is not on the public internet (and for what cannot be parsed)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # a scoped IPv6 address ("fe80::1%eth0")
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def endpoint_kind(endpoint: str) -> Literal["https", "event_bus"]:
    return "event_bus" if endpoint.startswith("arn:") else "https"


def check_endpoint(endpoint: str, *, mode: Literal["cloud", "local"], resolver: Resolver) -> None:
    """Raises a 422 naming why the endpoint is refused; returns when it may be subscribed."""
    if endpoint.startswith("arn:"):
        if mode == "local":
            raise _refuse("On this machine events are delivered only to http://127.0.0.1:<port>.")
        if not EVENT_BUS_ARN.match(endpoint):
            raise _refuse("An ARN endpoint must be an EventBridge event bus ARN.")
        return
    if not PRINTABLE_URL.fullmatch(endpoint):
        raise _refuse("The endpoint must be a URL of printable ASCII characters, without spaces.")
    try:
        parts = urlsplit(endpoint)
        port = parts.port
    except ValueError as exc:
        raise _refuse("The endpoint is not a valid URL.") from exc
    host = parts.hostname or ""
    if parts.username or parts.password:
        raise _refuse("Credentials go in api_key, not in the endpoint's URL.")
    if mode == "local":
        if parts.scheme not in ("http", "https") or host != LOCAL_HOST or port is None:
            raise _refuse("On this machine events are delivered only to http://127.0.0.1:<port>.")
        return
    if parts.scheme != "https":
        raise _refuse("The endpoint must use https.")
    if not host:
        raise _refuse("The endpoint has no host.")
    try:
        addresses = list(resolver(host, port or 443))
    except (OSError, UnicodeError) as exc:
        raise _refuse(f"The endpoint's host {host!r} could not be resolved.") from exc
    if not addresses:
        raise _refuse(f"The endpoint's host {host!r} could not be resolved.")
    inside = sorted({a for a in addresses if not is_public_address(a)})
    if inside:
        raise _refuse(
            f"The endpoint's host {host!r} resolves to an address that is not public ({', '.join(inside)})."
        )
