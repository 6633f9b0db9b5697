"""Render the demo pages a number of times and print queries and median render time per page.

    python manage.py bench_pages              # a throw-away database, seeded with seed_demo
    python manage.py bench_pages --current-db  # the configured database, as it is

Figures to compare between changes, not assertions: the query budget is asserted in tests.
Add a page to BENCH_URLS when you add a page type to the demo content.
"""

import io
import statistics
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client, override_settings

BENCH_URLS = [
    "/",
    "/why-choose-us/",
    "/conditions/",
    "/conditions/deep-vein-thrombosis/",
    "/our-specialists/",
    "/our-specialists/ian-franklin/",
    "/news/",
    "/news/?topic=travel-and-dvt",
    "/news/compression-stockings-on-long-journeys/",
    "/news/feed/",
]


class Command(BaseCommand):
    help = "Print queries and median render time for each demo page (a benchmark, not a test)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20, help="Renders per page (default 20).")
        parser.add_argument(
            "--current-db",
            action="store_true",
            help="Use the configured database as it is, instead of a seeded throw-away one.",
        )
        parser.add_argument(
            "--url", action="append", default=[], help="Another path to time (repeatable)."
        )

    def handle(self, *args, runs, current_db, url, **options):
        urls = BENCH_URLS + url
        if current_db:
            self.bench(urls, runs)
            return
        # The test framework's database creation gives a throw-away copy (in memory on SQLite).
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            call_command("seed_demo", stdout=io.StringIO())
            self.bench(urls, runs)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)

    # Rendering is what is measured here: the page and fragment caches would answer from memory.
    @override_settings(PAGE_CACHE_SECONDS=0, FRAGMENT_CACHE_SECONDS=0)
    def bench(self, urls, runs):
        client = Client(HTTP_HOST="localhost")
        self.stdout.write(f"{'page':<40} {'status':>6} {'queries':>7} {'median ms':>10}")
        for path in urls:
            response = client.get(path)  # warm caches, as a running site has them
            queries = count_queries(client, path)
            timings = []
            for _ in range(runs):
                start = time.perf_counter()
                client.get(path)
                timings.append((time.perf_counter() - start) * 1000)
            self.stdout.write(
                f"{path:<40} {response.status_code:>6} {queries:>7} "
                f"{statistics.median(timings):>10.1f}"
            )


def count_queries(client, path):
    """Queries for one request. An execute wrapper, because each request resets the query log."""
    queries = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        client.get(path)
    return len(queries)
