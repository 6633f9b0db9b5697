"""What a CDN in front may keep: shared headers and ETags on anonymous pages, private elsewhere."""

import pytest
from django.test import Client

from pages.models import ClinicSettings
from tests.factories import (
    ConditionPageFactory,
    ConsultationFormPageFactory,
    NewsArticlePageFactory,
    NewsIndexPageFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db

SHARED = "public, max-age=60, s-maxage=300, stale-while-revalidate=30"


def cache_control(response):
    return ", ".join(sorted(part.strip() for part in response["Cache-Control"].split(",")))


def assert_shared(response):
    assert cache_control(response) == cache_control({"Cache-Control": SHARED})
    assert "Cookie" in response["Vary"]
    assert response["ETag"].startswith('"')
    assert not response.cookies


def assert_private(response):
    assert {"private", "no-store"} <= {p.strip() for p in response["Cache-Control"].split(",")}
    assert "ETag" not in response


def test_anonymous_pages_are_shared_with_an_etag_on_a_miss_and_a_hit(client, home_page):
    miss = client.get("/")
    hit = client.get("/")
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert_shared(miss)
    assert_shared(hit)
    assert hit["ETag"] == miss["ETag"]


def test_a_matching_if_none_match_gets_304_from_the_cache_without_queries(
    client, home_page, django_assert_num_queries
):
    etag = client.get("/")["ETag"]
    with django_assert_num_queries(0):
        response = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert_shared(response)
    assert client.get("/", HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_the_etag_changes_when_the_page_does(client, home_page):
    about = StandardPageFactory(parent=home_page, title="About", slug="about")
    before = client.get("/about/")["ETag"]
    about.title = "About the clinic"
    about.save_revision().publish()
    response = client.get("/about/", HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200
    assert response["ETag"] != before


def test_treatment_and_news_pages_with_the_feedback_form_are_shared(client, home_page):
    article = NewsArticlePageFactory(parent=NewsIndexPageFactory(parent=home_page))
    assert_shared(client.get(article.url))
    assert_shared(client.get("/news/"))


def test_the_sitemap_and_the_feed_are_shared(client, home_page):
    NewsArticlePageFactory(parent=NewsIndexPageFactory(parent=home_page))
    assert_shared(client.get("/sitemap.xml"))
    assert_shared(client.get("/news/feed/"))


def test_a_page_embedding_the_booking_form_is_private_but_still_page_cached(
    client, condition_index, specialist
):
    clinic = ClinicSettings.objects.get()
    clinic.booking_page = ConsultationFormPageFactory(parent=condition_index.get_parent())
    clinic.save()
    dvt = ConditionPageFactory(parent=condition_index, slug="dvt", reviewed_by=specialist)
    first = client.get(dvt.url)
    assert 'name="csrfmiddlewaretoken"' in first.content.decode()
    assert_private(first)
    second = Client().get(dvt.url)
    assert second["X-Page-Cache"] == "hit"
    assert_private(second)


def test_the_booking_form_itself_is_private(client, home_page):
    form_page = ConsultationFormPageFactory(parent=home_page)
    assert_private(client.get(form_page.url))


def test_visitors_with_a_session_get_private_pages(client, home_page, admin_user):
    client.force_login(admin_user)
    assert_private(client.get("/"))


@pytest.mark.parametrize("path", ["/search/?query=vein", "/no-such-page/", "/feedback/more/"])
def test_search_404s_and_feedback_are_private(client, home_page, path):
    assert_private(client.get(path))


def test_the_admin_keeps_its_own_never_cache(client, home_page, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert "no-cache" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
