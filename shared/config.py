"""Configuration: one settings model per function, read from the environment and checked at cold start.

A missing or malformed variable fails the import with its name, not the first request.
"""

from __future__ import annotations

import os
from functools import cache
from typing import TypeVar

from pydantic import ConfigDict, ValidationError

from shared.model import BaseModel

# Variables every function gets, in the cloud (infra/) and on this machine (infra/local).
EVENT_BUS_NAME = "EVENT_BUS_NAME"
USER_POOL_ID = "USER_POOL_ID"
USER_POOL_CLIENT_ID = "USER_POOL_CLIENT_ID"
SENDER_EMAIL = "SENDER_EMAIL"
PUBLIC_BASE_URL = "PUBLIC_BASE_URL"
STAGE = "STAGE"
#: Where a partner system asks for an access token (the user pool domain's `/oauth2/token`).
OAUTH_TOKEN_URL = "OAUTH_TOKEN_URL"  # noqa: S105 - the variable's name, not a secret


class Settings(BaseModel):
    """Base for a function's settings; fields are named after their variables, lower-cased."""

    model_config = ConfigDict(frozen=True, extra="ignore")


class ConfigurationError(RuntimeError):
    pass


S = TypeVar("S", bound=Settings)


@cache
def load_settings(model: type[S]) -> S:
    env = {k.lower(): v for k, v in os.environ.items()}
    try:
        return model.model_validate(env)
    except ValidationError as exc:
        missing = ", ".join(str(e["loc"][0]).upper() for e in exc.errors())
        raise ConfigurationError(f"{model.__name__}: missing or invalid environment: {missing}") from exc
