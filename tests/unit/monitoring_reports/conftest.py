"""Monitoring's functions read their table's and bus's names at import (as in the cloud)."""

import os

os.environ.setdefault("MONITORING_TABLE_NAME", "tandem-unit-monitoring")
os.environ.setdefault("EVENT_BUS_NAME", "tandem-unit-bus")
