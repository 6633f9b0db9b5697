import io

import pytest
from django.core.management import call_command

from news.models import NewsArticlePage, NewsIndexPage, NewsTopic
from pages.models import ConditionPage, SpecialistPage

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", stdout=io.StringIO())


def test_seed_builds_latest_news_with_three_sample_articles(client):
    seed()

    index = NewsIndexPage.objects.get()
    assert index.url == "/news/" and index.show_in_menus and index.live
    articles = list(NewsArticlePage.objects.child_of(index).published().newest_first())
    assert [article.slug for article in articles] == [
        "compression-stockings-on-long-journeys",
        "new-deep-vein-stenting-assessment-clinic",
        "patient-guide-to-dvt-risk",
    ]
    for article in articles:
        assert "Sample content" in str(article.body), article.slug
        assert article.author_display_name and article.topics.exists()
        assert client.get(article.url).status_code == 200
    dvt = ConditionPage.objects.get(slug="deep-vein-thrombosis")
    assert set(dvt.news_articles.all()) == set(articles)
    assert articles[0].author == SpecialistPage.objects.get(slug="ian-franklin")
    assert "Latest News</h2>" in client.get("/").content.decode()


def test_seeding_news_twice_changes_nothing():
    seed()
    counts = (NewsArticlePage.objects.count(), NewsTopic.objects.count())
    seed()
    assert (NewsArticlePage.objects.count(), NewsTopic.objects.count()) == counts
