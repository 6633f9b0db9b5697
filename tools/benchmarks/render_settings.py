"""The render benchmark (`manage.py bench_pages`) and the load test: development settings."""

from clinic_site.settings.dev import *  # noqa: F403
from clinic_site.settings.dev import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks"]
