"""The base of every pydantic model in Tandem: its validation schema is built at first use, not at import.

pydantic builds a model's core schema when the class statement runs. An API function defines dozens of
request, answer and event models, and any one request uses a few; building all of them cost 50 to 90 ms of
every cold start (measured with `tests/bench/test_cold_start.py`). With `defer_build` a model's schema is
built the first time it validates, serializes or describes itself, and then kept, so a warm function pays
nothing and a cold one pays only for the models its request touches.

Every model in `shared/` and `services/` derives from this class (ruff's banned-api rule keeps
`pydantic.BaseModel` out of them); a model's own `model_config` merges with this one.
"""

from __future__ import annotations

import pydantic


class BaseModel(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(defer_build=True)
