"""Tests: like dev, with a fast password hasher and plain static files.

DATABASE_URL and REDIS_URL are honoured, so CI runs the suite on PostgreSQL and Redis too.
"""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS

# The benchmark tooling (tools/benchmarks, on pytest's pythonpath) has tests of its own.
INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks"]

SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Static files come straight from site/static/ (no collectstatic outside production).
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
