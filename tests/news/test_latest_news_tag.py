import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from wagtail.models import PageViewRestriction

from tests.factories import ConditionPageFactory, NewsArticlePageFactory

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def latest_news_titles(html):
    section = html.split('id="latest-news-heading"')[1].split("</section>")[0]
    return re.findall(r'class="news-card__title"><a href="[^"]+">([^<]+)</a>', section)


def render_latest_news(condition=None):
    template = Template("{% load news_tags %}{% latest_news condition=condition %}")
    request = RequestFactory().get("/")
    return template.render(Context({"request": request, "condition": condition}))


def test_home_page_shows_the_three_newest_articles_under_latest_news(client, news_index):
    for day, title in enumerate(["Newest", "Second", "Third", "Fourth"]):
        NewsArticlePageFactory(parent=news_index, title=title, publication_date=days_ago(day))
    NewsArticlePageFactory(parent=news_index, title="Draft", live=False)
    private = NewsArticlePageFactory(parent=news_index, title="Private")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")

    html = client.get("/").content.decode()

    assert '<h2 id="latest-news-heading">Latest News</h2>' in html
    assert latest_news_titles(html) == ["Newest", "Second", "Third"]
    assert '<a class="latest-news__all" href="/news/">All news</a>' in html


def test_latest_news_is_left_out_when_there_is_no_news(client, news_index):
    NewsArticlePageFactory(parent=news_index, live=False)
    assert "Latest News</h2>" not in client.get("/").content.decode()
    assert render_latest_news().strip() == ""


def test_condition_prefers_its_related_articles_then_the_newest(condition_index, news_index):
    dvt = ConditionPageFactory(parent=condition_index, title="Deep vein thrombosis")
    varicose = ConditionPageFactory(parent=condition_index, title="Varicose veins")
    NewsArticlePageFactory(parent=news_index, title="Newest", publication_date=days_ago(0))
    NewsArticlePageFactory(
        parent=news_index, title="Old DVT", publication_date=days_ago(30), related_conditions=[dvt]
    )
    NewsArticlePageFactory(
        parent=news_index,
        title="Older DVT",
        publication_date=days_ago(60),
        related_conditions=[dvt, varicose],
    )
    NewsArticlePageFactory(parent=news_index, title="Second newest", publication_date=days_ago(1))
    NewsArticlePageFactory(
        parent=news_index,
        title="Varicose only",
        publication_date=days_ago(2),
        related_conditions=[varicose],
    )
    NewsArticlePageFactory(
        parent=news_index, title="Draft DVT", live=False, related_conditions=[dvt]
    )

    assert latest_news_titles(render_latest_news(dvt)) == ["Old DVT", "Older DVT", "Newest"]
    assert latest_news_titles(render_latest_news(varicose)) == [
        "Varicose only",
        "Older DVT",
        "Newest",
    ]


def test_condition_with_many_related_articles_shows_three_without_duplicates(
    condition_index, news_index
):
    dvt = ConditionPageFactory(parent=condition_index)
    for day in range(5):
        NewsArticlePageFactory(
            parent=news_index,
            title=f"DVT {day}",
            publication_date=days_ago(day),
            related_conditions=[dvt],
        )

    assert latest_news_titles(render_latest_news(dvt)) == ["DVT 0", "DVT 1", "DVT 2"]


def test_condition_without_related_articles_shows_the_newest(condition_index, news_index):
    dvt = ConditionPageFactory(parent=condition_index)
    for day in range(4):
        NewsArticlePageFactory(
            parent=news_index, title=f"Day {day}", publication_date=days_ago(day)
        )

    assert latest_news_titles(render_latest_news(dvt)) == ["Day 0", "Day 1", "Day 2"]


def test_unsaved_condition_in_preview_gets_the_newest(news_index):
    NewsArticlePageFactory(parent=news_index, title="Newest")
    unsaved = ConditionPageFactory.build(title="New condition")
    assert latest_news_titles(render_latest_news(unsaved)) == ["Newest"]


def test_pages_app_does_not_import_news():
    """Dependencies run one way: the home page shows news through the template tag only."""
    from pathlib import Path

    import pages

    sources = Path(pages.__file__).parent.rglob("*.py")
    assert not [
        path for path in sources if re.search(r"^\s*(from|import) news\b", path.read_text(), re.M)
    ]
