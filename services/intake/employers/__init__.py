"""The employer's link to a mentee (seed 002, work-based learning): a manager links an employer's account
to a mentee who consented to share progress with that employer; the link ends at once when the consent is
withdrawn (in the same transaction as the consent change). `router` (routing.py) carries the API, which
intake's api.py loads at its first request; the manager's participant page shows the links (employers/web.py).
"""

from __future__ import annotations
