from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import StandardBodyBlock


class HomePage(Page):
    hero_heading = models.CharField(
        max_length=120,
        help_text="The main heading visitors see first, e.g. 'Specialist vein care in London'.",
    )
    intro = models.TextField(
        max_length=400,
        help_text="One or two sentences under the heading that say what the clinic does.",
    )
    hero_cta_label = models.CharField(
        "call to action label",
        max_length=40,
        default="Book a consultation",
        help_text="The text of the button under the introduction.",
    )
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="call to action page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where the button leads; usually the booking page.",
    )
    body = StreamField(
        StandardBodyBlock(),
        blank=True,
        help_text="Sections below the introduction: reasons to choose the clinic, quotes, images.",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("intro"),
                FieldPanel("hero_cta_label"),
                PageChooserPanel("hero_cta_page"),
            ],
            heading="Hero",
        ),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "home page"


class StandardPage(Page):
    """General content: 'Why choose us', 'Privacy notice', 'About'."""

    intro = models.TextField(
        max_length=400,
        blank=True,
        help_text="A short summary shown under the title and in listings.",
    )
    body = StreamField(StandardBodyBlock(), blank=True, help_text="The page's content.")

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = ["pages.StandardPage"]

    class Meta:
        verbose_name = "standard page"
