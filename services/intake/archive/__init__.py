"""Q-SER's archive of good practice (issue 16, seed 004): cases written by a municipality's mentors and
managers (title, situation, what worked, tags, department, language), checked to name no participant and
no contact details, approved by a manager before anyone else reads them, and found by a full-text search
across the municipality's departments. `router` (routing.py) carries the routes and the pages, which
intake's api.py loads at their first request."""

from __future__ import annotations
