"""What the signed-in web pages (`/app/**`) share: layout, navigation, i18n, session, CSRF, flash, errors.

Each service renders its own pages over its own data with a `shared.web.pages.WebPages`; see `pages.py`
for the shape of a route, `session.py` for the cookies, `identity.py` for passwordless sign-in. Nothing is
imported here, so a function that serves no page never loads Jinja.
"""
