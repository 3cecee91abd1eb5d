"""Logger, Tracer and Metrics, created once per service and shared by its functions.

Log with keyword fields (ids, counts, codes). Never log what a person wrote or their contact details.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit

if TYPE_CHECKING:
    from aws_lambda_powertools import Tracer

NAMESPACE = "Tandem"

#: The AWS SDK, the table library and Powertools' resolver log every request's parameters at DEBUG (the items
#: written, the parsed bodies): what a person wrote. They stay at WARNING whatever level the function's root
#: logger is given (a debugging session turning on DEBUG must not write diaries into CloudWatch). The
#: services' own loggers are named by the service, so they are not among these.
QUIET_LIBRARIES = ("botocore", "boto3", "pynamodb", "urllib3", "s3transfer", "aws_lambda_powertools")


def quiet_libraries() -> None:
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)


@cache
def logger_for(service: str) -> Logger:
    quiet_libraries()
    return Logger(service=service, log_uncaught_exceptions=True)


Handler = Callable[..., Any]


class HandlerTracer(Protocol):
    def capture_lambda_handler(
        self, lambda_handler: Handler | None = None, capture_response: bool | None = None
    ) -> Any: ...


class _Untraced:
    """Where tracing is off: handlers run as they are. Powertools' Tracer would import the X-Ray SDK in
    its constructor even when disabled, ~60-100 ms of every cold start for nothing."""

    def capture_lambda_handler(
        self, lambda_handler: Handler | None = None, capture_response: bool | None = None
    ) -> Any:
        return lambda_handler if lambda_handler is not None else (lambda handler: handler)


def tracing_on() -> bool:
    """In a Lambda function (the cloud turns active tracing on for every function) unless switched off."""
    disabled = os.environ.get("POWERTOOLS_TRACE_DISABLED", "").strip().lower() in {"1", "true", "yes"}
    return bool(os.environ.get("AWS_LAMBDA_FUNCTION_NAME")) and not disabled


@cache
def tracer_for(service: str) -> HandlerTracer:
    if not tracing_on():
        return _Untraced()
    from aws_lambda_powertools import Tracer  # imports the X-Ray SDK: only where it will send traces

    tracer: Tracer = Tracer(service=service)
    return tracer


@cache
def metrics_for(service: str) -> Metrics:
    return Metrics(namespace=NAMESPACE, service=service)


def count(service: str, name: str, value: int = 1) -> None:
    """`value` business events of one use case, written at once as one EMF line (handlers are not wrapped in
    log_metrics). The only dimension is the service: a tenant or person id would say who did what."""
    if value <= 0:
        return
    metrics = metrics_for(service)
    metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)
    metrics.flush_metrics()
    # flush_metrics clears only when metrics are enabled: where they are off (locally) the set would grow.
    metrics.clear_metrics()
