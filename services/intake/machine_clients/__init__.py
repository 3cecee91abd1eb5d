"""Machine clients (issue 16, Mentoring 2.0 / seed 001): a partner HR system creates and updates applicants
through the API with an app client of its own (Cognito client credentials), scoped to one municipality.

A manager (or the network admin, for a municipality) registers a partner system: intake creates its app
client in the user pool and keeps which municipality it acts for; the secret is answered once and never
kept. The partner's routes (`/v1/partner/...`) take only its access token. Its `routing.router` carries the
routes; intake's api.py loads `api` and `web` into it at the first request for their paths.
"""
