import io
import re
from unittest import mock

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client

from benchmarks.management.commands.bench_pages import (
    CPU_ROWS,
    count_queries_and_round_trips,
    cpu_table,
    repeated,
    request_wsgi,
    wsgi_application,
)
from clinic_site.caching import purge_all
from news.models import NewsIndexPage
from pages.models import ConditionIndexPage
from tests.factories import ConditionPageFactory, NewsArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def connection_kept_between_requests():
    """As Django's test client does: the WSGI handler closes the database connection around
    each request, which would end the test's transaction (on PostgreSQL)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def test_bench_prints_status_queries_and_median_time_for_each_demo_page():
    call_command("seed_demo", stdout=io.StringIO())
    out = io.StringIO()

    call_command("bench_pages", runs=1, current_db=True, url=["/no-such-page/"], stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["page", "status", "queries", "median", "ms"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[1:]}
    status, queries, median = rows["/conditions/deep-vein-thrombosis/"]
    assert status == "200"
    # The seeded DVT page with its fragment caches off: the 10 of a condition page
    # (tests/pages/test_condition_query_counts.py) plus constant extras the demo now has: its
    # picture's renditions, the Latest News cards' pictures and the treatment pages it links to.
    assert 0 < int(queries) <= 13
    assert re.fullmatch(r"\d+\.\d", median)
    assert rows["/no-such-page/"][0] == "404"


# Queries per row of `make bench`'s table, in its state: page cache off, fragments warm.
QUERY_BUDGETS = {
    "home": 1,
    "DVT page": 1,
    "treatment page": 1,
    "news index": 0,
    "booking form": 0,
    'search "clot"': 2,
    "sitemap.xml": 2,
    "news feed": 2,
}


def queries_per_row(application):
    purge_all()  # as a publish does: every fragment is made again
    queries = {}
    for name, path in CPU_ROWS.items():
        assert request_wsgi(application, "localhost", path) == 200, path
        queries[name], _ = count_queries_and_round_trips(application, "localhost", path)
    return queries


def add_clot_content(count):
    """Conditions and articles that the search for "clot" finds, the sitemap and feed list."""
    conditions = ConditionIndexPage.objects.get()
    news = NewsIndexPage.objects.get()
    for number in range(count):
        ConditionPageFactory(parent=conditions, summary=f"Clot number {number}.")
        NewsArticlePageFactory(parent=news, summary=f"About clot {number}.")


def test_every_benchmark_row_keeps_its_query_budget_without_repeats_as_content_grows():
    assert QUERY_BUDGETS.keys() == CPU_ROWS.keys()
    call_command("seed_demo", stdout=io.StringIO())
    application = wsgi_application(PAGE_CACHE_SECONDS=0)
    seeded = queries_per_row(application)

    add_clot_content(30)
    grown = queries_per_row(application)

    for name, budget in QUERY_BUDGETS.items():
        assert len(grown[name]) == len(seeded[name]), (name, grown[name])
        assert len(grown[name]) <= budget, (name, grown[name])
        assert repeated(grown[name]) == 0, (name, grown[name])


def test_a_page_cache_hit_is_one_cache_round_trip_and_no_query():
    call_command("seed_demo", stdout=io.StringIO())
    application = wsgi_application(PAGE_CACHE_SECONDS=600)
    path = CPU_ROWS["DVT page"]
    request_wsgi(application, "localhost", path)  # stored

    queries, round_trips = count_queries_and_round_trips(application, "localhost", path)

    assert (len(queries), round_trips) == (0, 1)


def test_cpu_table_has_a_row_per_page_with_its_ratio_to_the_floor(settings):
    settings.ROOT_URLCONF = "benchmarks.urls"  # the floor's view
    call_command("seed_demo", stdout=io.StringIO())

    table = cpu_table("localhost", runs=1)

    rows = {
        line.split(" | ")[0].lstrip("| "): line.split(" | ")[1:]
        for line in table.splitlines()
        if line.startswith("| ") and "---" not in line
    }
    assert rows["floor"][:3] == ["200", rows["floor"][1], "1.0"]
    for name in [*CPU_ROWS, "DVT page, page cache hit"]:
        status, cpu_ms, ratio, wall_ms, queries, repeats, round_trips = rows[name]
        assert status == "200", name
        assert float(cpu_ms) > 0 and float(ratio) > 0, name
        assert float(wall_ms) >= float(cpu_ms) * 0.5, name  # waits add to the CPU, roughly


def test_the_booking_form_reads_wagtails_site_root_paths_once():
    """Every link on it (the form's own action, the privacy notice) is built with the request,
    where Wagtail keeps the site root paths once read: one cache round trip, not one per link."""
    call_command("seed_demo", stdout=io.StringIO())
    application = wsgi_application(PAGE_CACHE_SECONDS=0)
    path = CPU_ROWS["booking form"]
    request_wsgi(application, "localhost", path)  # fragments warm
    backend = caches["default"]
    read = []

    def get(key, *args, **kwargs):
        read.append(key)
        return original_get(key, *args, **kwargs)

    original_get = backend.get
    with mock.patch.object(backend, "get", get):
        request_wsgi(application, "localhost", path)

    assert read.count("wagtail_site_root_paths") == 1
    html = Client(HTTP_HOST="localhost").get(path).content.decode()
    assert '<a href="/privacy-notice/">privacy notice</a>' in html
