"""Monitoring's functions read their table's and bus's names at import (as in the cloud). These are the
names the local runtime gives, so a runtime started later in the same test session (the e2e tests) finds
every module imported here as it would have made it: a unit test's own names would stay in the process
(matching's settings, for one, are imported once) and send the runtime's events to a bus that is not there."""

import os

from infra.local.cloud import BUS

os.environ.setdefault("MONITORING_TABLE_NAME", "tandem-local-monitoring-MonitoringTable")
os.environ.setdefault("EVENT_BUS_NAME", BUS)
