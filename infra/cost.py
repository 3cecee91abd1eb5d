"""The monthly cost of one deployment, from the synthesized template's resources and AWS list prices.

`make cost` (python -m infra.cost) writes docs/cost.md. The resource counts the figures rest on are
`TEMPLATE`; tests/infra/test_cost.py checks them against a fresh synth, and that docs/cost.md is what
this module writes, so neither drifts. Usage per participant-month is `USAGE`: assumptions, stated.

Prices are AWS on-demand list prices for eu-central-1 (Frankfurt) in USD, without free tiers (except
Cognito's 10,000 free monthly active users, which is not a trial) and without tax.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DOC = Path(__file__).resolve().parents[1] / "docs" / "cost.md"

PRICE_DATE = "2025-06"
#: USD, eu-central-1, on-demand list prices as published on the AWS pricing pages (PRICE_DATE).
PRICES: dict[str, float] = {
    "lambda_gb_second_arm": 0.0000133334,
    "lambda_request": 0.20 / 1e6,
    "apigw_rest_request": 3.70 / 1e6,  # first 333 million a month
    "waf_web_acl_month": 5.00,
    "waf_rule_month": 1.00,
    "waf_request": 0.60 / 1e6,
    "dynamodb_write_unit": 0.7625 / 1e6,  # on-demand write request unit
    "dynamodb_read_unit": 0.1525 / 1e6,  # on-demand read request unit
    "dynamodb_gb_month": 0.306,
    "dynamodb_pitr_gb_month": 0.2448,
    "eventbridge_event": 1.00 / 1e6,
    "eventbridge_archive_gb": 0.10,
    "pipes_request": 0.40 / 1e6,  # requests left after the Pipe's filter
    "dynamodb_stream_read": 0.0228 / 1e5,  # stream read request units
    "sqs_request": 0.40 / 1e6,
    "cognito_essentials_mau": 0.015,  # beyond 10,000 monthly active users
    "ses_email": 0.10 / 1000,
    "sns_sms_germany": 0.0925,
    "scheduler_invocation": 1.00 / 1e6,
    "kms_key_month": 1.00,
    "kms_request": 0.03 / 10_000,
    "logs_ingest_gb": 0.63,
    "logs_store_gb_month": 0.0324,
    "cloudwatch_alarm_month": 0.10,
    "cloudwatch_metric_month": 0.30,
    "xray_trace": 5.00 / 1e6,
}
COGNITO_FREE_MAU = 10_000


@dataclass(frozen=True)
class Usage:
    """What one participant (mentee or mentor) causes in a month, on average over a programme's life."""

    api_requests: float = 40  # pages and API calls, signed-in and public forms
    lambda_ms_per_request: float = 120  # warm, 1,024 MB (cold starts add ~1 in 50 requests ~0.5 s)
    events: float = 8  # events published
    deliveries_per_event: float = 2.5  # consumer queues an event reaches
    writes: float = 20  # DynamoDB write units (items x their indexes)
    reads: float = 150  # DynamoDB read units
    stored_kb: float = 60  # items kept: application, profile, sessions, questionnaires, notifications
    sign_in_share: float = 0.6  # participants who sign in in a month (Cognito monthly active users)
    emails: float = 5  # sign-in codes, reminders, digests
    sms: float = 0.3  # reminders to those who chose SMS
    schedules: float = 2  # one-off reminders fired by EventBridge Scheduler
    log_kb_per_invocation: float = 1.5
    traced_share: float = 0.06  # X-Ray's default sampling: 1 request a second plus 5%
    matching_runs_per_municipality: float = 2  # whole runs, ~1 GB-s per 100 mentees
    archive_kb_per_event: float = 1.0


USAGE = Usage()

#: What the figures assume of the synthesized template (tests/infra/test_cost.py compares).
TEMPLATE: dict[str, int] = {
    "AWS::Lambda::Function": 14,
    "lambda_memory_mb": 1024,
    "AWS::DynamoDB::Table": 5,
    "AWS::SQS::Queue": 16,
    "AWS::CloudWatch::Alarm": 36,
    "AWS::Logs::MetricFilter": 5,
    "AWS::KMS::Key": 1,
    "AWS::WAFv2::WebACL": 1,
    "waf_rules": 5,
    "AWS::Cognito::UserPool": 1,
    "AWS::Events::Archive": 1,
    "AWS::Pipes::Pipe": 5,  # the outbox: one per table, stream → bus
    "dynamodb_streams": 5,
    "log_retention_days": 90,
}
#: Business metrics written as EMF lines (shared/observability.count), each a custom metric per service.
EMF_METRICS = 12

SIZES: tuple[tuple[int, int], ...] = ((10, 100), (200, 500), (2_000, 1_000))


def template_counts(template: Mapping[str, Any]) -> dict[str, int]:
    """The counts of `TEMPLATE`, read from a synthesized template."""
    resources = template["Resources"].values()
    types = Counter(r["Type"] for r in resources)
    functions = [r["Properties"] for r in resources if r["Type"] == "AWS::Lambda::Function"]
    acls = [r["Properties"] for r in resources if r["Type"] == "AWS::WAFv2::WebACL"]
    logs = [r["Properties"] for r in resources if r["Type"] == "AWS::Logs::LogGroup"]
    counts = {key: types.get(key, 0) for key in TEMPLATE if key.startswith("AWS::")}
    counts["lambda_memory_mb"] = max(f.get("MemorySize", 128) for f in functions)
    counts["waf_rules"] = sum(len(a.get("Rules", [])) for a in acls)
    counts["log_retention_days"] = max(g.get("RetentionInDays", 0) for g in logs)
    tables = [r["Properties"] for r in resources if r["Type"] == "AWS::DynamoDB::Table"]
    counts["dynamodb_streams"] = sum(1 for t in tables if t.get("StreamSpecification"))
    return counts


@dataclass(frozen=True)
class Item:
    name: str
    fixed: float  # per month, whatever the size
    per_participant: float  # per participant-month at this size
    cut: str  # what would make it cheaper


def items(
    participants: int, municipalities: int, usage: Usage = USAGE, t: Mapping[str, int] = TEMPLATE
) -> list[Item]:
    p, u = PRICES, usage
    gb = t["lambda_memory_mb"] / 1024
    deliveries = u.events * u.deliveries_per_event
    invocations = u.api_requests + deliveries / 10 * 2  # SQS batches of up to 10; ~2 per 10 deliveries
    matching_gb_s = (
        u.matching_runs_per_municipality * municipalities * (participants / municipalities / 2) / 100
    )
    lambda_per = (
        invocations * p["lambda_request"]
        + (u.api_requests * u.lambda_ms_per_request / 1000 + deliveries * 0.05)
        * gb
        * p["lambda_gb_second_arm"]
    )
    lambda_per += matching_gb_s * p["lambda_gb_second_arm"] / max(1, participants)
    log_gb = invocations * u.log_kb_per_invocation / 2**20
    retained_months = t["log_retention_days"] / 30
    mau_paid = max(0.0, participants * u.sign_in_share - COGNITO_FREE_MAU)
    custom_metrics = t["AWS::Logs::MetricFilter"] + EMF_METRICS
    return [
        Item(
            "Cognito (Essentials, sign-in by e-mail code)",
            0.0,
            mau_paid * p["cognito_essentials_mau"] / participants,
            "Lite tier for people who sign in with a password or a magic link; Essentials only for staff",
        ),
        Item(
            "SMS reminders (SNS, Germany)",
            0.0,
            u.sms * p["sns_sms_germany"],
            "e-mail or app push by default, SMS only on request; one SMS per session, not per reminder",
        ),
        Item(
            "DynamoDB (on-demand requests, storage, point-in-time recovery)",
            0.0,
            u.writes * p["dynamodb_write_unit"]
            + u.reads * p["dynamodb_read_unit"]
            + u.stored_kb / 2**20 * (p["dynamodb_gb_month"] + p["dynamodb_pitr_gb_month"]),
            "expire finished programmes' items (TTL) after their retention period; fewer indexes per item",
        ),
        Item(
            "API Gateway REST + WAF",
            t["AWS::WAFv2::WebACL"] * p["waf_web_acl_month"] + t["waf_rules"] * p["waf_rule_month"],
            u.api_requests * (p["apigw_rest_request"] + p["waf_request"]),
            "HTTP API ($1.20 per million in Frankfurt) where a REST feature is not needed",
        ),
        Item(
            "Lambda (arm64, 1,024 MB)",
            0.0,
            lambda_per,
            "512 MB for the API functions (they wait on DynamoDB, not the CPU)",
        ),
        Item(
            "CloudWatch (logs, alarms, custom metrics)",
            t["AWS::CloudWatch::Alarm"] * p["cloudwatch_alarm_month"]
            + custom_metrics * p["cloudwatch_metric_month"],
            log_gb * (p["logs_ingest_gb"] + retained_months * p["logs_store_gb_month"]),
            "log at WARNING in production; 30 days' retention for debug-level groups",
        ),
        Item(
            "SES e-mail",
            0.0,
            u.emails * p["ses_email"],
            "weekly digests instead of single notifications",
        ),
        Item(
            "EventBridge, the outbox (item write, stream, Pipe), SQS, Scheduler",
            0.0,
            u.events * (p["eventbridge_event"] + u.archive_kb_per_event / 2**20 * p["eventbridge_archive_gb"])
            + u.events * (p["dynamodb_write_unit"] + p["dynamodb_stream_read"] + p["pipes_request"])
            + deliveries * 3 * p["sqs_request"]
            + u.schedules * p["scheduler_invocation"],
            "long polling is already on; batch events per request",
        ),
        Item(
            "X-Ray traces",
            0.0,
            invocations * u.traced_share * p["xray_trace"],
            "tracing only on the API functions, or a lower sampling rate",
        ),
        Item(
            "KMS (one customer-managed key)",
            t["AWS::KMS::Key"] * p["kms_key_month"],
            (u.writes + u.reads) / 50 * p["kms_request"],  # DynamoDB caches data keys
            "an AWS-owned key (no monthly fee) if a customer-managed key is not required",
        ),
    ]


def totals(participants: int, municipalities: int) -> tuple[float, float]:
    """(fixed per month, variable per month) at a size."""
    found = items(participants, municipalities)
    return sum(i.fixed for i in found), sum(i.per_participant for i in found) * participants


def render() -> str:
    u = USAGE
    lines = [
        "# What one deployment costs a month",
        "",
        "Generated by `make cost` (`python -m infra.cost`) from `infra/cost.py`; do not edit by hand.",
        f"Prices: AWS on-demand list prices for **eu-central-1 (Frankfurt)**, USD, as of **{PRICE_DATE}**,",
        "without tax and without free tiers (except Cognito's standing 10,000 free monthly active users).",
        "They were written down from memory of the price lists, not read off the pricing pages (this machine",
        "has no internet): check every one on the AWS pricing pages before quoting a figure.",
        "",
        "## The template it rests on",
        "",
        "tests/infra/test_cost.py synthesizes the stack and checks these counts; a change to the stack that",
        "moves one fails it until `TEMPLATE` (and this page) follow.",
        "",
        "| resource | count |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in TEMPLATE.items()],
        "",
        "## Usage per participant-month (assumptions)",
        "",
        "| assumption | value |",
        "|---|---|",
        *[f"| {k.replace('_', ' ')} | {v:g} |" for k, v in vars(u).items()],
        "",
        "## Prices used",
        "",
        "| price | USD |",
        "|---|---|",
        *[f"| {k.replace('_', ' ')} | {v:.10g} |" for k, v in PRICES.items()],
        "",
        "## Monthly cost at three sizes",
        "",
        "| size | participants | fixed / month | variable / month | total / month | per participant-month |",
        "|---|---|---|---|---|---|",
    ]
    for municipalities, each in SIZES:
        n = municipalities * each
        fixed, variable = totals(n, municipalities)
        lines.append(
            f"| {municipalities:,} municipalities x {each:,} | {n:,} | ${fixed:,.2f} | ${variable:,.2f}"
            f" | ${fixed + variable:,.2f} | ${(fixed + variable) / n:.4f} |"
        )
    for municipalities, each in SIZES:
        n = municipalities * each
        found = sorted(items(n, municipalities), key=lambda i: -(i.fixed + i.per_participant * n))
        lines += [
            "",
            f"### {municipalities:,} x {each:,} ({n:,} participants), by item",
            "",
            "| item | fixed | per participant-month | month |",
            "|---|---|---|---|",
            *[
                f"| {i.name} | ${i.fixed:,.2f} | ${i.per_participant:.5f}"
                f" | ${i.fixed + i.per_participant * n:,.2f} |"
                for i in found
            ],
        ]
    municipalities, each = SIZES[-1]
    n = municipalities * each
    biggest = sorted(items(n, municipalities), key=lambda i: -(i.fixed + i.per_participant * n))[:3]
    lines += ["", "## The three biggest items, and what would cut them", ""]
    lines += [
        f"{k}. **{i.name}** (${i.fixed + i.per_participant * n:,.0f} a month at {n:,} participants): {i.cut}."
        for k, i in enumerate(biggest, 1)
    ]
    small_n = SIZES[0][0] * SIZES[0][1]
    small_fixed, small_variable = totals(small_n, SIZES[0][0])
    share = small_fixed / (small_fixed + small_variable)
    lines += [
        "",
        f"The fixed part (${small_fixed:,.2f} a month: WAF, alarms, custom metrics, the key) is"
        f" {100 * share:.0f}% of the bill at {small_n:,} participants and vanishes at scale; from then on",
        "messages (SMS, e-mail) and sign-ins dominate, and the compute and storage behind them stay small.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.cost", description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/cost.md is not current")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        return 0 if DOC.exists() and DOC.read_text() == text else 1
    DOC.write_text(text)
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
