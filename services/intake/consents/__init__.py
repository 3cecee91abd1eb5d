"""Intake's consents part: `router` (routing.py) carries its API routes and page; intake's
api.py loads them at their first request, so importing `logic` (tests) needs no settings.
"""

from __future__ import annotations
