import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from pages.models import ConditionPage

pytestmark = pytest.mark.django_db
DVT = "/conditions/deep-vein-thrombosis/"


@pytest.fixture
def seeded_site_without_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0
    call_command("seed_demo", stdout=io.StringIO())


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


def test_condition_article_is_rendered_once_then_served_from_the_fragment_cache(
    client, seeded_site_without_page_cache
):
    cold_queries, cold_html = count_queries(client, DVT)
    warm_queries, warm_html = count_queries(client, DVT)
    assert warm_queries < cold_queries
    # Only the per-visitor forms (page feedback, then consultation) differ between the two.
    before_form = cold_html.split('<section class="feedback"')[0]
    assert warm_html.split('<section class="feedback"')[0] == before_form
    assert "Pain, swelling and tenderness in one leg" in warm_html


def test_publishing_a_condition_replaces_its_cached_article_at_once(
    client, seeded_site_without_page_cache
):
    client.get(DVT)
    page = ConditionPage.objects.get(slug="deep-vein-thrombosis")
    page.summary = "A clot in a deep vein, most often in the calf."
    page.save_revision().publish()
    assert "A clot in a deep vein, most often in the calf." in client.get(DVT).content.decode()


def test_previews_never_read_or_fill_the_fragment_cache():
    template = Template(
        "{% load content_cache_tags %}"
        '{% cache_until_content_changes "demo" %}{{ text }}{% end_cache_until_content_changes %}'
    )
    request = RequestFactory().get("/")
    assert template.render(Context({"request": request, "text": "published"})) == "published"
    assert template.render(Context({"request": request, "text": "changed"})) == "published"
    request.is_preview = True
    assert template.render(Context({"request": request, "text": "draft"})) == "draft"
