import datetime
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from news.models import NewsArticlePage, NewsIndexPage, NewsTopic
from pages.models import HomePage
from tests.factories import NewsArticlePageFactory, NewsIndexPageFactory, NewsTopicFactory

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def article_titles(html):
    """Titles of the article cards on a page, in order."""
    return re.findall(r'class="news-card__title"><a href="[^"]+">([^<]+)</a>', html)


def json_ld_nodes(html):
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(script.group(1))["@graph"]


def test_index_lists_only_live_public_articles_newest_first(client, news_index):
    NewsArticlePageFactory(parent=news_index, title="Older", publication_date=days_ago(10))
    NewsArticlePageFactory(parent=news_index, title="Newest", publication_date=days_ago(1))
    NewsArticlePageFactory(parent=news_index, title="Middle", publication_date=days_ago(5))
    NewsArticlePageFactory(parent=news_index, title="Draft", live=False)
    private = NewsArticlePageFactory(parent=news_index, title="Private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    html = client.get("/news/").content.decode()

    assert article_titles(html) == ["Newest", "Middle", "Older"]


def test_articles_under_a_private_news_index_are_not_published(news_index):
    NewsArticlePageFactory(parent=news_index, title="Members only")
    assert NewsArticlePage.objects.published().count() == 1

    PageViewRestriction.objects.create(page=news_index, restriction_type="login")

    assert not NewsArticlePage.objects.published().exists()


def test_same_day_articles_are_ordered_by_first_publication(news_index):
    first = NewsArticlePageFactory(parent=news_index, publication_date=days_ago(1))
    second = NewsArticlePageFactory(parent=news_index, publication_date=days_ago(1))
    NewsArticlePage.objects.filter(pk=first.pk).update(
        first_published_at=timezone.now() - datetime.timedelta(hours=2)
    )
    NewsArticlePage.objects.filter(pk=second.pk).update(first_published_at=timezone.now())

    assert list(NewsArticlePage.objects.published().newest_first()) == [second, first]


def test_publication_date_defaults_to_the_day_of_first_publication(news_index):
    article = NewsArticlePage(title="Undated", slug="undated", summary="Summary", body=[])
    news_index.add_child(instance=article)
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.publication_date == timezone.localdate(article.first_published_at)

    # An editor's own date is kept on later publishes.
    article.publication_date = days_ago(30)
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.publication_date == days_ago(30)


def test_draft_has_no_publication_date_until_published(news_index):
    draft = NewsArticlePageFactory(parent=news_index, live=False)
    assert draft.publication_date is None


def test_future_article_is_hidden_until_publish_scheduled_makes_it_live(
    client, news_index, monkeypatch
):
    article = NewsArticlePageFactory(parent=news_index, title="Coming soon", live=False)
    go_live_at = timezone.now() + datetime.timedelta(days=1)
    article.go_live_at = go_live_at
    article.save_revision().publish()

    assert "Coming soon" not in client.get("/news/").content.decode()
    assert "Coming soon" not in client.get("/").content.decode()
    assert client.get(article.url).status_code == 404
    call_command("publish_scheduled")
    assert "Coming soon" not in client.get("/news/").content.decode()

    # The go-live time passes, and the scheduler runs.
    later = go_live_at + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled")

    assert article_titles(client.get("/news/").content.decode()) == ["Coming soon"]
    assert "Coming soon" in client.get("/").content.decode()
    article.refresh_from_db()
    assert article.publication_date == timezone.localdate(later)


@pytest.mark.parametrize(
    ("page_param", "expected_page"),
    [("", 1), ("2", 2), ("3", 3), ("999", 3), ("0", 3), ("-1", 3), ("abc", 1), ("2.5", 1)],
)
def test_pagination_falls_back_gracefully_for_bad_page_numbers(
    client, news_index, page_param, expected_page
):
    for day in range(25):
        NewsArticlePageFactory(
            parent=news_index, title=f"Day {day}", publication_date=days_ago(day)
        )

    response = client.get("/news/", {"page": page_param} if page_param else {})

    assert response.status_code == 200
    html = response.content.decode()
    assert f"Page {expected_page} of 3" in html
    expected_count = 5 if expected_page == 3 else 10
    assert len(article_titles(html)) == expected_count
    assert article_titles(html)[0] == f"Day {(expected_page - 1) * 10}"


def test_pagination_links_keep_the_topic_filter(client, news_index):
    travel = NewsTopicFactory(name="Travel and DVT", slug="travel-and-dvt")
    for day in range(12):
        NewsArticlePageFactory(parent=news_index, publication_date=days_ago(day), topics=[travel])

    html = client.get("/news/", {"topic": "travel-and-dvt"}).content.decode()

    assert 'href="?topic=travel-and-dvt&amp;page=2"' in html
    assert "Page 1 of 2" in html


def test_single_page_of_articles_has_no_pagination(client, news_index):
    NewsArticlePageFactory(parent=news_index)
    assert 'class="pagination"' not in client.get("/news/").content.decode()


def test_topic_filter_lists_only_articles_on_that_topic(client, news_index):
    travel = NewsTopicFactory(name="Travel and DVT", slug="travel-and-dvt")
    clinic = NewsTopicFactory(name="Clinic news", slug="clinic-news")
    NewsTopicFactory(name="Unused topic", slug="unused")
    NewsArticlePageFactory(parent=news_index, title="Flying", topics=[travel])
    NewsArticlePageFactory(parent=news_index, title="New service", topics=[clinic])
    NewsArticlePageFactory(parent=news_index, title="Both", topics=[travel, clinic])

    html = client.get("/news/", {"topic": "travel-and-dvt"}).content.decode()

    assert sorted(article_titles(html)) == ["Both", "Flying"]
    assert 'href="/news/?topic=travel-and-dvt" aria-current="page">Travel and DVT</a>' in html
    assert "<title>Travel and DVT | Latest News" in html
    # Topics with no published articles are not offered as filters.
    assert "Unused topic" not in html


def test_unknown_topic_shows_all_news(client, news_index):
    NewsArticlePageFactory(parent=news_index, title="Flying", topics=[NewsTopicFactory()])
    html = client.get("/news/", {"topic": "no-such-topic"}).content.decode()
    assert article_titles(html) == ["Flying"]
    assert 'href="/news/" aria-current="page">All news</a>' in html


def test_empty_index_says_there_is_no_news_yet(client, news_index):
    NewsArticlePageFactory(parent=news_index, live=False)
    html = client.get("/news/").content.decode()
    assert "There is no news yet" in html
    assert 'class="news-list' not in html


def test_topic_without_live_articles_is_not_a_filter(client, news_index):
    travel = NewsTopicFactory(name="Travel and DVT", slug="travel-and-dvt")
    NewsArticlePageFactory(parent=news_index, title="Live, no topic")
    NewsArticlePageFactory(parent=news_index, live=False, topics=[travel])

    html = client.get("/news/", {"topic": "travel-and-dvt"}).content.decode()

    assert article_titles(html) == ["Live, no topic"]


def test_index_advertises_its_feed(client, news_index):
    html = client.get("/news/").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Latest News" '
        'href="/news/feed/">' in html
    )


def test_article_shows_date_author_topics_and_body(client, news_index, specialist):
    travel = NewsTopicFactory(name="Travel and DVT", slug="travel-and-dvt")
    article = NewsArticlePageFactory(
        parent=news_index,
        title="Flying and DVT",
        slug="flying-and-dvt",
        publication_date=datetime.date(2026, 11, 9),
        author=specialist,
        author_name="",
        topics=[travel],
    )

    html = client.get(article.url).content.decode()

    assert "<h1>Flying and DVT</h1>" in html
    assert '<time datetime="2026-11-09">9 November 2026</time>' in html
    assert f'By <a href="{specialist.url}">Ms Ada Lovelace</a>' in html
    assert 'href="/news/?topic=travel-and-dvt">Travel and DVT</a>' in html
    assert "<p>What you need to know.</p>" in html
    assert '<a href="/news/">Latest News</a>' in html  # breadcrumbs


def test_article_by_a_named_author_shows_the_name(client, news_index):
    article = NewsArticlePageFactory(parent=news_index, author_name="The clinic team")
    assert "By The clinic team" in client.get(article.url).content.decode()


def test_unpublished_specialist_is_named_without_a_link(client, news_index, specialist):
    article = NewsArticlePageFactory(parent=news_index, author=specialist, author_name="")
    specialist.unpublish()
    html = client.get(article.url).content.decode()
    assert "By Ms Ada Lovelace" not in html
    assert specialist.url not in html


def test_article_cannot_have_both_a_specialist_and_a_typed_author(news_index, specialist):
    article = NewsArticlePageFactory.build(author=specialist, author_name="Someone else")
    with pytest.raises(ValidationError, match="not both"):
        article.clean()


def test_article_suggests_more_news_on_the_same_topic_first(client, news_index):
    travel = NewsTopicFactory(slug="travel")
    article = NewsArticlePageFactory(parent=news_index, topics=[travel], title="This one")
    NewsArticlePageFactory(parent=news_index, title="Newest", publication_date=days_ago(0))
    NewsArticlePageFactory(parent=news_index, title="Newer", publication_date=days_ago(1))
    NewsArticlePageFactory(
        parent=news_index, title="Also travel", topics=[travel], publication_date=days_ago(9)
    )
    NewsArticlePageFactory(parent=news_index, title="Older", publication_date=days_ago(20))

    more_news = client.get(article.url).content.decode().split('id="more-news-heading"')[1]

    assert article_titles(more_news) == ["Also travel", "Newest", "Newer"]


def test_article_json_ld_is_a_news_article(client, news_index, specialist, image):
    article = NewsArticlePageFactory(
        parent=news_index,
        title="Flying & DVT </script>",
        summary="Who needs stockings.",
        publication_date=datetime.date(2026, 11, 9),
        author=specialist,
        author_name="",
        listing_image=image,
    )

    html = client.get(article.url).content.decode()
    nodes = json_ld_nodes(html)

    news_article = next(node for node in nodes if node["@type"] == "NewsArticle")
    assert news_article["headline"] == "Flying & DVT </script>"
    assert news_article["description"] == "Who needs stockings."
    assert news_article["datePublished"].startswith("2026-11-09")
    assert news_article["mainEntityOfPage"] == f"http://localhost{article.url}"
    assert news_article["author"]["@type"] == "Physician"
    assert news_article["author"]["name"] == "Ms Ada Lovelace"
    assert news_article["publisher"] == {"@type": "Organization", "name": "Test Vein Clinic"}
    assert news_article["image"][0].endswith(".jpg")
    assert any(node["@type"] == "BreadcrumbList" for node in nodes)
    # Editor text cannot close the script element early.
    assert "Flying &amp; DVT" in html and "DVT </script>" not in html.split("</title>")[1]


def test_sitemap_lists_live_articles_and_the_index_but_not_drafts(client, news_index):
    NewsArticlePageFactory(parent=news_index, slug="published-article")
    NewsArticlePageFactory(parent=news_index, slug="draft-article", live=False)

    xml = client.get("/sitemap.xml").content.decode()

    assert "<loc>http://localhost/news/published-article/</loc>" in xml
    assert "<loc>http://localhost/news/</loc>" in xml
    assert "draft-article" not in xml


def test_an_article_slug_cannot_hide_the_feed(client, news_index):
    NewsArticlePageFactory(parent=news_index, slug="feed", title="Unlucky slug")
    response = client.get("/news/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")


def test_news_page_tree_rules(home_page, news_index):
    assert NewsIndexPage.allowed_parent_page_models() == [HomePage]
    assert NewsIndexPage.allowed_subpage_models() == [NewsArticlePage]
    assert NewsArticlePage.allowed_parent_page_models() == [NewsIndexPage]
    assert NewsArticlePage.allowed_subpage_models() == []
    # One news index per site.
    assert not NewsIndexPage.can_create_at(home_page)
    assert not NewsArticlePage.can_create_at(home_page)
    assert NewsArticlePage.can_create_at(news_index)
    assert not NewsIndexPage.can_create_at(Page.get_first_root_node())


def test_second_site_gets_its_own_news_index(home_page, news_index):
    other_home = HomePage(title="Other", slug="other", hero_heading="Other", intro="Other")
    Page.get_first_root_node().add_child(instance=other_home)
    assert NewsIndexPage.can_create_at(other_home)
    NewsIndexPageFactory(parent=other_home, slug="news")
    assert not NewsIndexPage.can_create_at(other_home)


def test_editors_can_preview_the_index_and_a_draft_article(news_index):
    draft = NewsArticlePageFactory(parent=news_index, title="Draft for review", live=False)
    NewsArticlePageFactory(parent=news_index, title="Published")

    article_preview = draft.make_preview_request()
    index_preview = news_index.make_preview_request()

    assert article_preview.status_code == 200
    assert "Draft for review</h1>" in article_preview.content.decode()
    assert index_preview.status_code == 200
    assert article_titles(index_preview.content.decode()) == ["Published"]


def test_topic_slug_is_made_from_its_name_when_left_blank(home_page):
    topic = NewsTopic(name="Travel and DVT")
    topic.full_clean()
    assert topic.slug == "travel-and-dvt"
    topic.save()

    duplicate = NewsTopic(name="Travel and DVT!")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "slug" in error.value.message_dict


def test_articles_are_shared_as_articles(client, home_page):
    from tests.factories import NewsArticlePageFactory, NewsIndexPageFactory

    index = NewsIndexPageFactory(parent=home_page)
    NewsArticlePageFactory(parent=index, slug="shared")
    assert (
        '<meta property="og:type" content="article">'
        in client.get("/news/shared/").content.decode()
    )
    assert '<meta property="og:type" content="website">' in client.get("/news/").content.decode()
