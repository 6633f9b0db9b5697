"""The HTTP benchmark (`make bench`): production behaviour (DEBUG off, hashed static files,
whitenoise) on plain HTTP at 127.0.0.1, plus the bare "floor" view to compare against.

Benchmark and load tooling is a Django app of its own, installed only here, in
render_settings.py and in the test settings: production's `manage.py help` lists none of it.
"""

import os

from clinic_site.settings.base import *  # noqa: F403
from clinic_site.settings.base import BASE_DIR, INSTALLED_APPS, LOGGING

INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks"]
SECRET_KEY = "benchmark-only-key-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "benchmarks.urls"
STATIC_ROOT = BASE_DIR / ".bench" / "static"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING["loggers"]["django.server"]["level"] = "WARNING"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
