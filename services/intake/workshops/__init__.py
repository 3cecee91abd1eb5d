"""Impulse workshops (seed 000, socialmentoring): a manager plans workshops in a programme, separately for
its mentors and for its mentees; the programme's participants of that audience see the upcoming ones, sign
up and withdraw; after a workshop the manager records who attended. A mentor's attendance completes the
programme's `impulse_workshop` training module where the programme requires it. `router` (routing.py)
carries the API and the pages, which intake's api.py loads at their first request.
"""

from __future__ import annotations
