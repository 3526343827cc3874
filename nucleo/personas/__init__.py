"""People managed in the app: invitations, roles, deactivation, sign-in with ClaveÚnica.

The same shape as an app: permissions, selectors, services, forms, views, urls, tasks.
"""
