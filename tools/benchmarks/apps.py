from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """Benchmarks and load tests: `make bench` and tests install this app, production never does."""

    name = "benchmarks"
