"""Which endpoints a partner may give: decided from the resolver's answer, before anything is dialled."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from services.notifications.partners.endpoints import check_endpoint, is_public_address
from shared.errors import RuleViolation

PUBLIC = "93.184.215.14"


def resolving(table: dict[str, Sequence[str]]):
    """A resolver that answers from the table and records what it was asked (it never dials)."""
    asked: list[tuple[str, int]] = []

    def resolve(host: str, port: int) -> Sequence[str]:
        asked.append((host, port))
        if host not in table:
            raise OSError("Name or service not known")
        return table[host]

    resolve.asked = asked  # type: ignore[attr-defined]
    return resolve


def refused(endpoint: str, resolver=None, mode: str = "cloud") -> str:
    with pytest.raises(RuleViolation) as caught:
        check_endpoint(endpoint, mode=mode, resolver=resolver or resolving({}))  # type: ignore[arg-type]
    assert caught.value.extensions["rule"] == "endpoint_not_allowed"
    return caught.value.detail


def test_an_https_endpoint_whose_every_address_is_public_is_accepted():
    resolver = resolving({"hooks.partner.example": [PUBLIC, "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]})
    check_endpoint("https://hooks.partner.example/tandem", mode="cloud", resolver=resolver)
    assert resolver.asked == [("hooks.partner.example", 443)]


@pytest.mark.parametrize(
    "address",
    [
        "10.1.2.3",
        "192.168.0.10",
        "172.16.5.4",
        "127.0.0.1",
        "169.254.169.254",
        "::1",
        "fd00::1",
        "fe80::1",
        "224.0.0.1",
        "240.0.0.1",
        "0.0.0.0",
        "100.64.0.1",
        "::ffff:10.0.0.1",
    ],
)
def test_a_name_resolving_to_an_address_inside_any_network_is_refused(address: str):
    detail = refused("https://innocent.example/hook", resolving({"innocent.example": [address]}))
    assert "not public" in detail and address in detail


def test_one_private_address_among_public_ones_is_enough_to_refuse():
    detail = refused("https://mixed.example/", resolving({"mixed.example": [PUBLIC, "10.0.0.7"]}))
    assert "10.0.0.7" in detail


@pytest.mark.parametrize(
    ("endpoint", "host"),
    [
        ("https://10.0.0.1/", "10.0.0.1"),
        ("https://[::1]:8443/", "::1"),
        ("https://169.254.169.254/x", "169.254.169.254"),
    ],
)
def test_an_address_literal_is_checked_like_a_name(endpoint: str, host: str):
    refused(endpoint, resolving({host: [host]}))


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://hooks.partner.example/",
        "ftp://hooks.partner.example/",
        "hooks.partner.example",
        "https://user:pw@hooks.partner.example/",
        "https:///nohost",
        "https://hooks.partner.example:99999/",
    ],
)
def test_anything_but_plain_https_is_refused_before_resolving(endpoint: str):
    resolver = resolving({"hooks.partner.example": [PUBLIC]})
    refused(endpoint, resolver)
    assert resolver.asked == []


def test_a_name_that_does_not_resolve_is_refused():
    assert "could not be resolved" in refused("https://nowhere.example/")


def test_a_partners_event_bus_arn_is_accepted_in_the_cloud_only():
    arn = "arn:aws:events:eu-central-1:123456789012:event-bus/partner-bus"
    check_endpoint(arn, mode="cloud", resolver=resolving({}))
    refused(arn, mode="local")
    refused("arn:aws:sqs:eu-central-1:123456789012:queue")


def test_on_this_machine_only_127_0_0_1_with_a_port_is_accepted_and_nothing_is_resolved():
    resolver = resolving({"partner.example": [PUBLIC]})
    check_endpoint("http://127.0.0.1:8123/hook", mode="local", resolver=resolver)
    for endpoint in (
        "https://partner.example/",
        "http://localhost:8123/",
        "http://127.0.0.1/",
        "http://10.0.0.1:80/",
    ):
        refused(endpoint, resolver, mode="local")
    assert resolver.asked == []


def test_in_the_cloud_127_0_0_1_is_refused_like_any_loopback():
    refused("http://127.0.0.1:8123/hook")
    refused("https://127.0.0.1:8123/hook", resolving({"127.0.0.1": ["127.0.0.1"]}))


def test_public_addresses():
    assert is_public_address(PUBLIC) and not is_public_address("not-an-ip")


@pytest.mark.parametrize("endpoint", ["https://hooks.partner.example/ä", "https://hooks.partner.example/a b"])
def test_only_printable_ascii_urls_are_accepted_as_eventbridge_requires(endpoint: str):
    resolver = resolving({"hooks.partner.example": [PUBLIC]})
    refused(endpoint, resolver)
    assert resolver.asked == []
