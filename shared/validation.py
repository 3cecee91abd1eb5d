"""Field types shared by request bodies and events."""

from __future__ import annotations

from functools import cache
from types import ModuleType
from typing import Annotated

from pydantic import AfterValidator


@cache
def _validator() -> ModuleType:
    """email_validator, imported at the first address checked: 20-30 ms no cold start needs to pay before
    (issue 15; every schema and event with an address is built at import)."""
    import email_validator

    # The local runtime's accounts live under `.local` (ARCHITECTURE.md); other special-use names stay
    # refused.
    if "local" in email_validator.SPECIAL_USE_DOMAIN_NAMES:
        email_validator.SPECIAL_USE_DOMAIN_NAMES.remove("local")
    return email_validator


def _email(value: str) -> str:
    validator = _validator()
    try:
        return str(validator.validate_email(value, check_deliverability=False).normalized)
    except validator.EmailNotValidError as exc:
        raise ValueError(f"not a valid e-mail address: {exc}") from None


EmailAddress = Annotated[str, AfterValidator(_email)]
