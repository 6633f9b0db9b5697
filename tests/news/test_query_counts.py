"""The news pages cost the same few queries with 3 articles as with 300 (a benchmark, not a timer)."""

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.models import NewsArticlePage
from tests.factories import NewsArticlePageFactory, NewsTopicFactory

from .conftest import days_ago

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]

# Wagtail's routing, the view-restriction check and the clinic settings take 6-7 of these on
# every page (the main menu comes from the cache). The index needs three of its own on top
# (topics, count, articles) and one for the listing images' renditions.
MAX_QUERIES = {"home": 10, "index": 10, "index_page_2": 10, "article": 10, "feed": 10}


def queries_for(client, url):
    client.get(url)  # the first view makes renditions and fills Wagtail's site cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured.captured_queries]


def add_articles(news_index, count, topics, image):
    articles = [
        NewsArticlePageFactory(
            parent=news_index, publication_date=days_ago(number % 300), listing_image=image
        )
        for number in range(count)
    ]
    # Tagged in bulk: saving each article again would double the test's set-up time.
    NewsArticlePage.topics.through.objects.bulk_create(
        NewsArticlePage.topics.through(newsarticlepage=article, newstopic=topic)
        for article in articles
        for topic in topics
    )
    return articles


def test_home_index_and_article_use_few_unrepeated_queries_for_3_or_300_articles(
    client, news_index, image
):
    topics = [NewsTopicFactory(), NewsTopicFactory()]
    article = add_articles(news_index, 3, topics, image)[0]
    urls = {
        "home": "/",
        "index": "/news/",
        "index_page_2": f"/news/?page=2&topic={topics[0].slug}",
        "article": article.url,
        "feed": "/news/feed/",
    }
    with_3 = {name: queries_for(client, url) for name, url in urls.items()}

    add_articles(news_index, 297, topics, image)
    with_300 = {name: queries_for(client, url) for name, url in urls.items()}

    for name in urls:
        assert len(with_300[name]) == len(with_3[name]), name
        assert len(with_300[name]) <= MAX_QUERIES[name], (name, with_300[name])
        repeated = [sql for sql, times in Counter(with_300[name]).items() if times > 1]
        assert not repeated, (name, repeated)
