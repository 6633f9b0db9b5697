"""The two-node test's gunicorn servers: production settings, with static files served unhashed
because a test does not run collectstatic. Everything else comes from the environment."""

from clinic_site.settings.production import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
