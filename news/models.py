"""Latest News: one index per site, articles beneath it, and the topics that group them."""

import datetime
import hashlib
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from clinic_site.images import SHARE_IMAGE_SPEC
from clinic_site.routing import (
    OneQueryViewRestrictionsMixin,
    SpecificChildRouteMixin,
    breadcrumb_pages,
)
from pages import structured_data
from pages.blocks import StandardBodyBlock
from pages.clinic.models import ClinicSettings, HomePage, StructuralPageMixin
from pages.conditions.models import ConditionPage

from .feeds import NewsFeed

ARTICLES_PER_PAGE = 10


@register_snippet
class NewsTopic(models.Model):
    """A topic editors pick from a fixed list, so one subject never splits into near-duplicates."""

    name = models.CharField(max_length=60, unique=True, help_text="For example 'Travel and DVT'.")
    slug = models.SlugField(
        max_length=60,
        unique=True,
        blank=True,
        help_text="Used in the address of the topic's list of articles, e.g. travel-and-dvt. "
        "Leave blank to make it from the name.",
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = "news topic"

    def __str__(self):
        return self.name

    def clean(self):
        if not self.slug:
            self.slug = slugify(self.name)


class NewsArticleQuerySet(PageQuerySet):
    def published(self):
        """Live articles that anyone may read (scheduled ones only become live when due).

        Like Wagtail's `public()`, but as a subquery: `public()` runs a query of its own on every
        call, which the main menu already makes on each page.
        """
        restricted_ancestor = PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, F("page__depth") * Page.steplen)
        )
        return self.live().exclude(Exists(restricted_ancestor))

    def newest_first(self):
        return self.order_by("-publication_date", "-first_published_at", "-pk")

    def for_listing(self):
        """Everything an article card shows, in one extra query (the image's renditions)."""
        return (
            self.defer_streamfields()
            .select_related("listing_image")
            .prefetch_related("listing_image__renditions")
        )

    def preferring(self, **lookups):
        """Newest first, but articles matching `lookups` (e.g. a condition) come before the rest."""
        preferred = self.model.objects.filter(pk=OuterRef("pk"), **lookups)
        return self.annotate(preferred=Exists(preferred)).order_by(
            "-preferred", "-publication_date", "-first_published_at", "-pk"
        )


NewsArticleManager = PageManager.from_queryset(NewsArticleQuerySet)


class NewsIndexPage(
    StructuralPageMixin,
    RoutablePageMixin,
    OneQueryViewRestrictionsMixin,
    SpecificChildRouteMixin,
    Page,
):
    """'Latest News': the site's articles, newest first, with a topic filter and an Atom feed."""

    intro = models.TextField(
        max_length=400,
        blank=True,
        help_text="A sentence under the title, e.g. 'News and advice from our vein specialists.'",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["news.NewsArticlePage"]
    # One per site: each site has one home page, and one news index under it.
    max_count_per_parent = 1

    # Routes (feed/) are tried first, then articles are fetched in one query with their image.
    child_model = "news.NewsArticlePage"
    child_select_related = ("listing_image", "author")

    class Meta:
        verbose_name = "news index page"

    def articles(self):
        return NewsArticlePage.objects.child_of(self).published().newest_first()

    @property
    def feed_url(self):
        return self.url + self.reverse_subpage("feed")

    @path("feed/")
    def feed(self, request):
        return NewsFeed()(request, index_page=self)

    def get_cached_paths(self):
        """What a CDN purge of this index covers: the feed, each topic and each page of the list.

        Every article counts, drafts and private ones too: a copy made before an article was
        unpublished or made private still lists it under its topics and on its page.
        """
        articles = NewsArticlePage.objects.child_of(self).order_by("pk")
        topics = NewsTopic.objects.filter(Exists(articles.filter(topics=OuterRef("pk")).order_by()))
        pages = Paginator(articles, ARTICLES_PER_PAGE).num_pages
        return [
            "/",
            self.reverse_subpage("feed"),
            *(f"?{urlencode({'topic': slug})}" for slug in topics.values_list("slug", flat=True)),
            *(f"?page={number}" for number in range(2, pages + 1)),
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = breadcrumb_pages(self)
        context["listing"] = NewsListing(self, request)
        return context


class NewsListing:
    """What the index shows for one request: the topics, the chosen one, a page of articles.

    Its queries run only when the template's fragments for this topic and page number are not
    in the cache (news_index_page.html), hence properties computed on first use.
    """

    def __init__(self, index_page, request):
        self.index_page = index_page
        self.requested_topic = request.GET.get("topic", "")
        self.requested_page = request.GET.get("page", "")

    @property
    def cache_key(self):
        """The request's topic and page number as they were typed (any text: hashed)."""
        typed = f"{self.requested_topic}\n{self.requested_page}".encode()
        return hashlib.sha256(typed).hexdigest()[:32]

    @cached_property
    def topics(self):
        """Only topics with published articles are offered; any other ?topic= shows all news."""
        articles = self.index_page.articles()
        return list(
            NewsTopic.objects.filter(Exists(articles.filter(topics=OuterRef("pk")).order_by()))
        )

    @cached_property
    def topic(self):
        return next((t for t in self.topics if t.slug == self.requested_topic), None)

    @property
    def pagination_query(self):
        return urlencode({"topic": self.topic.slug}) if self.topic else ""

    @cached_property
    def articles(self):
        articles = self.index_page.articles()
        if self.topic:
            articles = articles.filter(topics=self.topic)
        paginator = Paginator(articles.for_listing(), ARTICLES_PER_PAGE)
        return paginator.get_page(self.requested_page)


class NewsArticlePage(OneQueryViewRestrictionsMixin, Page):
    publication_date = models.DateField(
        null=True,
        blank=True,
        help_text="Shown on the article and used to order the news. Leave blank to use the "
        "day it is first published.",
    )
    author = models.ForeignKey(
        "pages.SpecialistPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_articles",
        help_text="The specialist who wrote it; the article links to their profile.",
    )
    author_name = models.CharField(
        max_length=120,
        blank=True,
        help_text="Or, when the author has no profile, their name, e.g. 'The clinic team'.",
    )
    summary = models.TextField(
        max_length=300,
        help_text="One or two sentences shown in lists of articles, in the feed and to search "
        "engines.",
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in lists of articles and at the top of the article (landscape works best).",
    )
    body = StreamField(StandardBodyBlock(), help_text="The article itself.")
    topics = ParentalManyToManyField(
        NewsTopic,
        blank=True,
        related_name="articles",
        help_text="Readers can list all the articles on a topic. Add a topic under Snippets → News topics.",
    )
    related_conditions = ParentalManyToManyField(
        "pages.ConditionPage",
        blank=True,
        related_name="news_articles",
        help_text="Condition pages that show this article first under 'Latest News'.",
    )

    objects = NewsArticleManager()

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("publication_date"),
                FieldPanel("author"),
                FieldPanel("author_name"),
            ],
            heading="Date and author",
        ),
        FieldPanel("summary"),
        FieldPanel("listing_image"),
        FieldPanel("body"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("related_conditions", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("publication_date"),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "news article"

    def save(self, *args, **kwargs):
        # "Defaults to the first publish": filled in the moment the article goes live.
        if self.publication_date is None and self.live:
            self.publication_date = timezone.localdate(self.first_published_at or timezone.now())
        return super().save(*args, **kwargs)

    @property
    def display_date(self):
        """The publication date, or today for a draft being previewed."""
        return self.publication_date or timezone.localdate()

    @property
    def published_at(self):
        """A moment for the feed and structured data: the first publish, if it fell on that day."""
        first = self.first_published_at
        if first and timezone.localdate(first) == self.display_date:
            return first
        return timezone.make_aware(datetime.datetime.combine(self.display_date, datetime.time()))

    def get_index_url(self, request=None):
        """The news index's URL without fetching it: an article's URL is always its index's URL
        followed by the article's slug."""
        url = self.get_url(request)
        return url[: url.rstrip("/").rfind("/") + 1]

    @property
    def live_author(self):
        """The specialist, when their profile is published (its link would 404 otherwise)."""
        author = self.author
        return author if author is not None and author.live else None

    @property
    def author_display_name(self):
        author = self.live_author
        return author.full_name if author else self.author_name

    def clean(self):
        super().clean()
        if self.author_id and self.author_name:
            raise ValidationError({"author_name": "Choose a specialist or type a name, not both."})

    @cached_property
    def topic_list(self):
        return list(self.topics.all())

    def more_news(self, count=3):
        """Other articles from the same index: those sharing a topic first, then the newest.

        Shown as text only, so the article page needs no query for their images.
        """
        topic_ids = [topic.pk for topic in self.topic_list]
        return list(
            NewsArticlePage.objects.sibling_of(self, inclusive=False)
            .published()
            .preferring(topics__in=topic_ids)
            .defer_streamfields()[:count]
        )

    def pages_showing_this(self):
        """Pages besides its index that list this article, for the CDN purge (site/caching.py):
        Latest News on the home page and on every condition page, and "more news" on the
        other articles."""
        return Page.objects.live().type(HomePage, ConditionPage) | Page.objects.live().sibling_of(
            self, inclusive=False
        )

    def structured_data(self, request, breadcrumbs):
        """schema.org NewsArticle and breadcrumbs, rendered as JSON-LD in the page head."""
        url = self.get_full_url(request)
        article = {
            "@type": "NewsArticle",
            "@id": url,
            "url": url,
            "mainEntityOfPage": url,
            "headline": self.title,
            "description": self.summary,
            "datePublished": self.published_at.isoformat(),
            "dateModified": (self.last_published_at or self.published_at).isoformat(),
            "publisher": {
                "@type": "Organization",
                "name": ClinicSettings.for_request(request).clinic_name,
            },
        }
        if author := self.live_author:
            article["author"] = structured_data.physician(author, request)
        elif self.author_name:
            article["author"] = {"@type": "Person", "name": self.author_name}
        if self.listing_image:
            article["image"] = [self.listing_image.get_rendition(SHARE_IMAGE_SPEC).full_url]
        if topics := self.topic_list:
            article["keywords"] = [topic.name for topic in topics]
        return structured_data.graph(
            article, structured_data.breadcrumb_list(request, [*breadcrumbs, self])
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        breadcrumbs = breadcrumb_pages(self)
        context["breadcrumbs"] = breadcrumbs
        context["index_page"] = self.get_parent()  # cached by the index's route(): no query
        context["more_news"] = self.more_news()
        context["structured_data"] = self.structured_data(request, breadcrumbs)
        return context
