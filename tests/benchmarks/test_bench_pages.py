import io
import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


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
