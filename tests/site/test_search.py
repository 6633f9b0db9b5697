import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import PageViewRestriction

from tests.factories import (
    ConditionPageFactory,
    NewsArticlePageFactory,
    NewsIndexPageFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def searchable_pages(home_page):
    compression = StandardPageFactory(
        parent=home_page,
        title="Compression stockings",
        slug="compression-stockings",
        intro="Graduated compression stockings reduce the risk of a blood clot on long journeys.",
    )
    StandardPageFactory(parent=home_page, title="Parking", intro="Where to park near the clinic.")
    StandardPageFactory(
        parent=home_page, title="Draft about stockings", intro="Stockings draft.", live=False
    )
    return compression


def test_search_finds_live_pages_by_words_in_their_content(client, searchable_pages):
    response = client.get("/search/", {"query": "stockings"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Compression stockings" in html
    assert "<p>Graduated compression stockings reduce the risk" in html  # its description
    assert "Draft about stockings" not in html
    assert "Parking" not in html.split('class="search-results"')[1]


def test_search_also_answers_the_habitual_q_parameter(client, searchable_pages):
    html = client.get("/search/", {"q": "stockings"}).content.decode()
    assert "Compression stockings" in html
    assert 'value="stockings"' in html  # the box shows what was searched for


def test_promoted_results_come_first(client, searchable_pages, home_page):
    parking = StandardPageFactory(parent=home_page, title="Travel advice", slug="travel")
    promotion_query = Query.get("stockings")
    SearchPromotion.objects.create(
        query=promotion_query, page=parking, description="Advice for long journeys."
    )
    html = client.get("/search/", {"query": "stockings"}).content.decode()
    results = html.split('class="search-results"')[1]
    assert results.index("Travel advice") < results.index("Compression stockings")
    assert "Recommended" in results


def test_no_results_shows_an_empty_state_with_next_steps(client, searchable_pages):
    html = client.get("/search/", {"query": "zebrafish"}).content.decode()
    assert "No results for “zebrafish”" in html
    assert "Check the spelling" in html


def test_empty_query_shows_the_form_without_results(client, home_page):
    html = client.get("/search/").content.decode()
    assert "Search for a condition" in html
    assert "search-results" not in html


def test_pagination_keeps_the_query_and_copes_with_bad_page_numbers(client, home_page):
    for number in range(12):
        StandardPageFactory(parent=home_page, title=f"Vein leaflet {number}", intro="Veins.")
    first = client.get("/search/", {"query": "leaflet"}).content.decode()
    assert "Page 1 of 2" in first
    assert 'href="?query=leaflet&amp;page=2"' in first
    second = client.get("/search/", {"query": "leaflet", "page": "2"}).content.decode()
    assert "Page 2 of 2" in second
    assert "12 results" in second
    assert second.count('class="search-result"') == 2
    # Django's Paginator.get_page() rules: past the end or below 1 is the last page, not a
    # whole number is the first.
    for bad_page, shown in (("999", "Page 2 of 2"), ("abc", "Page 1 of 2"), ("-1", "Page 2 of 2")):
        response = client.get("/search/", {"query": "leaflet", "page": bad_page})
        assert response.status_code == 200
        assert shown in response.content.decode(), bad_page


def test_search_query_is_escaped_and_length_limited(client, home_page):
    payload = '<script>alert("x")</script>' + "a" * 200
    html = client.get("/search/", {"query": payload}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert Query.objects.get().query_string == payload.lower()[:100].strip()


def test_search_queries_do_not_grow_with_the_number_of_results(client, home_page):
    def queries_for_search():
        cache.clear()  # the factories create pages without publishing, which would purge
        client.get("/search/", {"query": "leaflet"})  # the search term is recorded once
        with CaptureQueriesContext(connection) as context:
            client.get("/search/", {"query": "leaflet", "page": "1"})
        return len(context.captured_queries)

    StandardPageFactory(parent=home_page, title="Vein leaflet", intro="Veins.")
    with_one_result = queries_for_search()
    for number in range(15):
        StandardPageFactory(parent=home_page, title=f"Vein leaflet {number}", intro="Veins.")
    assert queries_for_search() == with_one_result


@pytest.mark.parametrize("query", ["DVT", "clot", "deep vein thrombosis"])
def test_search_finds_the_seeded_dvt_page(client, query):
    call_command("seed_demo", stdout=io.StringIO())
    html = client.get("/search/", {"query": query}).content.decode()
    results = html.split('class="search-results"')[1]
    assert 'href="/conditions/deep-vein-thrombosis/"' in results


def test_pages_behind_a_view_restriction_are_not_found(client, home_page):
    leaflets = StandardPageFactory(parent=home_page, title="Staff leaflets", intro="Private.")
    StandardPageFactory(parent=leaflets, title="Staff rota leaflet", intro="Private.")
    StandardPageFactory(parent=home_page, title="Patient leaflet", intro="Public.")
    PageViewRestriction.objects.create(
        page=leaflets, restriction_type=PageViewRestriction.PASSWORD, password="staff"
    )

    html = client.get("/search/", {"query": "leaflet"}).content.decode()

    results = html.split('class="search-results"')[1]
    assert "Patient leaflet" in results
    assert "Staff" not in results  # neither the restricted page nor its child


def test_each_page_type_shows_its_own_description(client, home_page, condition_index):
    ConditionPageFactory(
        parent=condition_index, title="Thrombosis", summary="A clot in a deep vein of the leg."
    )
    news = NewsIndexPageFactory(parent=home_page)
    NewsArticlePageFactory(
        parent=news, title="Thrombosis on long flights", summary="Who needs stockings."
    )
    StandardPageFactory(parent=home_page, title="Thrombosis leaflet", intro="Print it at home.")

    results = client.get("/search/", {"query": "thrombosis"}).content.decode()

    for description in ("A clot in a deep vein of the leg.", "Who needs stockings.", "Print it"):
        assert f"<p>{description}" in results, description


def test_every_search_is_counted_for_the_popular_searches_report(client, home_page):
    for typed in ("Clot", "clot ", "CLOT", "stockings"):
        client.get("/search/", {"query": typed})
    today = timezone.now().date()
    hits = {
        row.query.query_string: row.hits
        for row in QueryDailyHits.objects.filter(date=today).select_related("query")
    }
    assert hits == {"clot": 3, "stockings": 1}


def test_a_promotion_shows_from_the_next_search_and_goes_when_deleted(
    client, searchable_pages, home_page
):
    travel = StandardPageFactory(parent=home_page, title="Travel advice", slug="travel")
    assert "Recommended" not in client.get("/search/", {"query": "stockings"}).content.decode()

    promotion = SearchPromotion.objects.create(
        query=Query.get("stockings"), page=travel, description="Advice for long journeys."
    )
    html = client.get("/search/", {"query": "stockings"}).content.decode()
    assert "Recommended" in html and "Advice for long journeys." in html

    promotion.delete()
    assert "Recommended" not in client.get("/search/", {"query": "stockings"}).content.decode()


def test_searches_without_promotions_make_no_query_for_them(client, searchable_pages):
    client.get("/search/", {"query": "stockings"})
    with CaptureQueriesContext(connection) as context:
        client.get("/search/", {"query": "stockings"})
    assert not [
        q for q in context.captured_queries if "wagtailsearchpromotions_searchpromotion" in q["sql"]
    ]


def test_a_page_made_private_leaves_the_results_at_once(client, home_page):
    leaflets = StandardPageFactory(parent=home_page, title="Staff leaflets", intro="Rota.")
    assert "Staff leaflets" in client.get("/search/", {"query": "leaflets"}).content.decode()

    restriction = PageViewRestriction.objects.create(
        page=leaflets, restriction_type=PageViewRestriction.LOGIN
    )
    assert "Staff leaflets" not in client.get("/search/", {"query": "leaflets"}).content.decode()

    restriction.delete()
    assert "Staff leaflets" in client.get("/search/", {"query": "leaflets"}).content.decode()
