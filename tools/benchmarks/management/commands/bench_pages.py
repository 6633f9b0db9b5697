"""Render the demo pages a number of times and print queries and median render time per page.

    python manage.py bench_pages              # a throw-away database, seeded with seed_demo
    python manage.py bench_pages --current-db  # the configured database, as it is

Figures to compare between changes, not assertions: the query budget is asserted in tests.
Add a page to BENCH_URLS when you add a page type to the demo content.

cpu_table() is the other in-process measure (CPU per request against a floor, DEBUG off):
bench_http prints it, with production-like settings, before its gunicorn runs.
"""

import contextlib
import io
import statistics
import time
from unittest import mock

from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client, RequestFactory, override_settings

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


# The issue-15 method: each row's median process CPU per request, in-process through the WSGI
# application, against a floor measured in the same run, interleaved request by request.
CPU_ROWS = {
    "home": "/",
    "DVT page": "/conditions/deep-vein-thrombosis/",
    "treatment page": "/treatments/deep-vein-stenting/",
    "news index": "/news/",
    "booking form": "/book-a-consultation/",
    'search "clot"': "/search/?query=clot",
    "sitemap.xml": "/sitemap.xml",
    "news feed": "/news/feed/",
}
CACHED_ROWS = ["home", "DVT page", "news index", "booking form"]
FLOOR_PATH = "/bench-floor/"
# What `django-admin startproject` writes: the floor's middleware.
STARTPROJECT_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
# The cache operations that are one round trip each to Redis (get_or_set is a get, or a
# get, an add and a get on a miss: it is counted through them).
CACHE_ROUND_TRIPS = (
    "get",
    "set",
    "add",
    "touch",
    "delete",
    "get_many",
    "set_many",
    "delete_many",
    "has_key",
    "incr",
)


def cpu_table(host, runs):
    """The issue's table, as Markdown: CPU ms, × floor, SQL queries and repeated queries.

    Page cache off, fragment caches warm: each page is requested once before timing, so every
    fragment it shares with other pages (menus, footer, Latest News) and its own are in the
    cache, and no whole page is. That is the first visitor of a page after a publish once the
    site's fragments have been rebuilt, or any visitor with a session. The page-cache-hit rows
    (page cache on, warmed) count the cache round trips a hit costs.
    """
    floor = wsgi_application(MIDDLEWARE=STARTPROJECT_MIDDLEWARE)
    miss = wsgi_application(PAGE_CACHE_SECONDS=0)
    hit = wsgi_application(PAGE_CACHE_SECONDS=600)
    rows = [("floor", floor, FLOOR_PATH)]
    rows += [(name, miss, path) for name, path in CPU_ROWS.items()]
    rows += [(f"{name}, page cache hit", hit, CPU_ROWS[name]) for name in CACHED_ROWS]
    counts = {}
    for name, application, path in rows:
        status = request_wsgi(application, host, path)  # warm
        queries, round_trips = count_queries_and_round_trips(application, host, path)
        counts[name] = (status, queries, round_trips)
    timings = {name: [] for name, _, _ in rows}
    wall_times = {name: [] for name, _, _ in rows}
    for _ in range(runs):
        for name, application, path in rows:
            start, wall_start = time.process_time(), time.perf_counter()
            request_wsgi(application, host, path)
            timings[name].append((time.process_time() - start) * 1000)
            wall_times[name].append((time.perf_counter() - wall_start) * 1000)
    floor_ms = statistics.median(timings["floor"])
    lines = [
        f"In-process CPU per request (median of {runs}, DEBUG off, page cache off unless a hit, "
        "fragment caches warm). Wall ms adds what the process waits for: PostgreSQL's and "
        "Redis's own work (a bad query plan shows there, not in CPU ms) and the machine's load.",
        "",
        "| page | status | CPU ms | × floor | wall ms | SQL queries | repeated | cache round trips |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, _, _ in rows:
        status, queries, round_trips = counts[name]
        median = statistics.median(timings[name])
        lines.append(
            f"| {name} | {status} | {median:.2f} | {median / floor_ms:.1f} | "
            f"{statistics.median(wall_times[name]):.2f} | {len(queries)} | "
            f"{repeated(queries)} | {round_trips} |"
        )
    return "\n".join(lines)


def wsgi_application(**settings_overrides):
    """A WSGI handler whose middleware is built under these settings (it reads them once)."""
    with override_settings(**settings_overrides):
        return WSGIHandler()


def request_wsgi(application, host, path):
    """One GET through the WSGI interface, body consumed and closed as a server would."""
    environ = RequestFactory(HTTP_HOST=host).get(path).environ
    statuses = []
    response = application(environ, lambda status, headers: statuses.append(status))
    try:
        for _ in response:
            pass
    finally:
        response.close()
    return int(statuses[0].split()[0])


def count_queries_and_round_trips(application, host, path):
    """The SQL (with parameters) and the cache round trips of one request."""
    queries = []
    round_trips = 0
    backend = caches["default"]

    def record(execute, sql, params, many, context):
        queries.append((sql, repr(params)))
        return execute(sql, params, many, context)

    depth = 0

    def counted(operation):
        # Only the outermost call: local memory's get_many() is a get() per key, Redis's one MGET.
        def call(*args, **kwargs):
            nonlocal round_trips, depth
            round_trips += depth == 0
            depth += 1
            try:
                return operation(*args, **kwargs)
            finally:
                depth -= 1

        return call

    with contextlib.ExitStack() as stack:
        for name in CACHE_ROUND_TRIPS:
            stack.enter_context(mock.patch.object(backend, name, counted(getattr(backend, name))))
        stack.enter_context(connection.execute_wrapper(record))
        request_wsgi(application, host, path)
    return queries, round_trips


def repeated(queries):
    """How many queries repeat one already made in the same request (same SQL and values)."""
    return len(queries) - len(set(queries))
