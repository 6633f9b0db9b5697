"""The HTTP benchmark (`make bench`): production behaviour (DEBUG off, hashed static files,
whitenoise) on plain HTTP at 127.0.0.1, plus the bare "floor" view to compare against."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "benchmark-only-key-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "clinic_site.bench_urls"
STATIC_ROOT = BASE_DIR / ".bench" / "static"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Rate limits would turn a load test into a test of the rate limiter.
ENQUIRY_RATE_LIMIT_DISABLED = True
LOGGING["loggers"]["django.server"]["level"] = "WARNING"  # noqa: F405
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
