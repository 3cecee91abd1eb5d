"""Where a sign-in may lead afterwards: only the municipality's own pages (no open redirect)."""

from __future__ import annotations

import pytest

from shared.web.pages import safe_next, sign_in_path


@pytest.mark.parametrize(
    ("value", "slug"),
    [
        ("/app/demo", "demo"),
        ("/app/demo/programmes", "demo"),
        ("/app/demo/programmes/prg_1/applications?status=waiting&page=2", "demo"),
        ("/app/demo/programmes#top", "demo"),
        ("/app/network/municipalities", None),
        ("/app/demo/a%20b", "demo"),
    ],
)
def test_the_municipalitys_own_pages_are_kept(value: str, slug: str | None) -> None:
    assert safe_next(value, slug) == value


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "https://evil.example",
        "https://evil.example/app/demo",
        "//evil.example",
        "//evil.example/app/demo",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "app/demo",
        "/app/other-town/programmes",
        "/app/demox",
        "/app/demo-other/programmes",
        "/app/network/municipalities",
        "/app",
        "/forms/demo/prg_1",
        "/app/demo/../other-town/programmes",
        "/app/demo/%2e%2e/other-town/programmes",
        "/app/demo/%2E%2E/other-town",
        "/app/demo/./x",
        "/app/demo\r\nSet-Cookie: x=1",
        "/app/demo/%0d%0aLocation:%20https://evil.example",
        "/app/demo/%09x",
        "/app/demo/\tx",
        "/app/demo/" + "x" * 2000,
        " /app/demo",
    ],
)
def test_anything_else_is_ignored(value: str | None) -> None:
    assert safe_next(value, "demo") is None


def test_the_network_admins_pages_are_the_networks_own() -> None:
    assert safe_next("/app/demo/programmes", None) is None
    assert safe_next("/app/network", None) == "/app/network"


def test_the_sign_in_path_carries_next_encoded() -> None:
    assert sign_in_path("demo") == "/app/demo/sign-in"
    assert sign_in_path(None) == "/app/network/sign-in"
    assert (
        sign_in_path("demo", "/app/demo/x?a=1&b=2")
        == "/app/demo/sign-in?next=%2Fapp%2Fdemo%2Fx%3Fa%3D1%26b%3D2"
    )
