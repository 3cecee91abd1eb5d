"""Reminders and the managers' digests (issue 13): one-time schedules made, moved and deleted as sessions and
questionnaires change, and what each sends when it fires, decided from the state then.

- `schedules`: the names, the times and the arming and disarming of schedules;
- `plan`: the consumers of sessions', matching's and monitoring's events that arm and disarm them;
- `sending`: what a fired reminder sends (nothing, when what it was for is gone);
- `digests`: the weekly digest per municipality and the daily mail of relationships newly at risk.
"""
