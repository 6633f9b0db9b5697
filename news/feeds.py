"""The Atom feed of Latest News, served by NewsIndexPage at <index>/feed/."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

FEED_LENGTH = 20


class NewsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, index_page):
        # One Feed instance per request (see NewsIndexPage.feed), so keeping the request is safe.
        self.request = request
        return index_page

    def title(self, index_page):
        return index_page.title

    def subtitle(self, index_page):
        return index_page.intro

    def link(self, index_page):
        return index_page.get_full_url(self.request)

    def feed_url(self, index_page):
        return index_page.get_full_url(self.request) + index_page.reverse_subpage("feed")

    def items(self, index_page):
        # The author's name and the topics of every item, without a query per item.
        articles = index_page.articles().defer_streamfields().select_related("author")
        return articles.prefetch_related("topics")[:FEED_LENGTH]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.summary

    def item_link(self, article):
        return article.get_full_url(self.request)

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.last_published_at or article.published_at

    def item_author_name(self, article):
        return article.author_display_name or None

    def item_categories(self, article):
        return [topic.name for topic in article.topics.all()]
