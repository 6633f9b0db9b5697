import datetime
import xml.etree.ElementTree as ET

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import NewsArticlePageFactory, NewsTopicFactory

from .conftest import days_ago

pytestmark = pytest.mark.django_db

ATOM = {"atom": "http://www.w3.org/2005/Atom"}


def get_feed(client):
    response = client.get("/news/feed/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)  # noqa: S314 - our own test response


def test_feed_is_atom_xml_listing_published_articles_newest_first(client, news_index):
    NewsArticlePageFactory(parent=news_index, title="Older", publication_date=days_ago(9))
    NewsArticlePageFactory(parent=news_index, title="Newest", publication_date=days_ago(1))
    NewsArticlePageFactory(parent=news_index, title="Draft", live=False)
    private = NewsArticlePageFactory(parent=news_index, title="Private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    feed = get_feed(client)

    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert feed.findtext("atom:title", namespaces=ATOM) == "Latest News"
    titles = [
        entry.findtext("atom:title", namespaces=ATOM) for entry in feed.findall("atom:entry", ATOM)
    ]
    assert titles == ["Newest", "Older"]


def test_feed_entries_link_to_articles_with_summary_author_and_topics(client, news_index):
    travel = NewsTopicFactory(name="Travel and DVT", slug="travel-and-dvt")
    NewsArticlePageFactory(
        parent=news_index,
        slug="flying",
        summary="Who needs stockings.",
        author_name="The clinic team",
        publication_date=datetime.date(2026, 11, 9),
        topics=[travel],
    )

    entry = get_feed(client).find("atom:entry", ATOM)

    assert entry.find("atom:link", ATOM).get("href") == "http://localhost/news/flying/"
    assert entry.findtext("atom:summary", namespaces=ATOM) == "Who needs stockings."
    assert entry.findtext("atom:author/atom:name", namespaces=ATOM) == "The clinic team"
    assert entry.find("atom:category", ATOM).get("term") == "Travel and DVT"
    assert entry.findtext("atom:published", namespaces=ATOM).startswith("2026-11-09")


def test_feed_links_to_itself_and_the_index(client, news_index):
    feed = get_feed(client)
    links = {link.get("rel"): link.get("href") for link in feed.findall("atom:link", ATOM)}
    assert links == {
        "alternate": "http://localhost/news/",
        "self": "http://localhost/news/feed/",
    }


def test_feed_holds_the_twenty_newest_articles(client, news_index):
    for day in range(25):
        NewsArticlePageFactory(
            parent=news_index, title=f"Day {day}", publication_date=days_ago(day)
        )

    entries = get_feed(client).findall("atom:entry", ATOM)

    assert len(entries) == 20
    assert entries[0].findtext("atom:title", namespaces=ATOM) == "Day 0"
    assert entries[-1].findtext("atom:title", namespaces=ATOM) == "Day 19"


def test_empty_feed_is_still_valid_atom(client, news_index):
    feed = get_feed(client)
    assert feed.findall("atom:entry", ATOM) == []
    assert feed.findtext("atom:id", namespaces=ATOM)
