"""Specialist profiles and the index that lists them."""

from django.apps import apps
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from clinic_site.routing import (
    OneQueryViewRestrictionsMixin,
    SpecificChildRouteMixin,
    breadcrumb_pages,
)

from .. import structured_data
from ..clinic.models import StructuralPageMixin
from ..panels import NamedRichTextPanel

GMC_NUMBER_VALIDATOR = RegexValidator(
    r"^[0-9]{7}$", "A GMC reference number is exactly 7 digits, for example 1234567."
)
GMC_REGISTER_URL = "https://www.gmc-uk.org/doctors/{}"
HONORIFIC_CHOICES = [
    ("Mr", "Mr"),
    ("Mrs", "Mrs"),
    ("Ms", "Ms"),
    ("Miss", "Miss"),
    ("Dr", "Dr"),
    ("Professor", "Professor"),
]


class SpecialistIndexPage(
    StructuralPageMixin, OneQueryViewRestrictionsMixin, SpecificChildRouteMixin, Page
):
    """'Our specialists': lists the specialist profiles below it, in the order editors set."""

    intro = models.TextField(
        max_length=400, blank=True, help_text="A sentence or two shown above the list."
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.SpecialistPage"]
    max_count = 1

    child_model = "pages.SpecialistPage"
    child_select_related = ("photo",)

    class Meta:
        verbose_name = "specialist index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Pages with their own view restriction stay out of the list; this page's own
        # restrictions (if any) the visitor has already passed to see it.
        context["specialists"] = (
            SpecialistPage.objects.child_of(self)
            .live()
            .filter(view_restrictions__isnull=True)
            .select_related("photo")
            .prefetch_related("photo__renditions")
            .order_by("path")
        )
        context["breadcrumbs"] = breadcrumb_pages(self)
        context["structured_data"] = structured_data.listing_page(
            self, request, context["breadcrumbs"]
        )
        return context


class SpecialistPage(OneQueryViewRestrictionsMixin, Page):
    """A specialist's public profile. The page title is the person's name, without honorific."""

    honorific = models.CharField(
        max_length=20,
        choices=HONORIFIC_CHOICES,
        blank=True,
        help_text="Surgeons in the UK are usually 'Mr' or 'Ms' rather than 'Dr'.",
    )
    role = models.CharField(max_length=120, help_text="For example 'Consultant vascular surgeon'.")
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A head-and-shoulders photograph, at least 480 pixels square.",
    )
    gmc_number = models.CharField(
        "GMC reference number",
        max_length=7,
        blank=True,
        validators=[GMC_NUMBER_VALIDATOR],
        help_text="The 7-digit number on the General Medical Council's register. "
        "The page links to the public register entry.",
    )
    qualifications = models.CharField(
        max_length=255, blank=True, help_text="Letters after the name, e.g. 'MB BS, MS, FRCS'."
    )
    specialties = models.TextField(
        max_length=1000,
        blank=True,
        help_text="One per line, e.g. 'Deep vein thrombosis' or 'Endovascular surgery'.",
    )
    biography = RichTextField(
        features=["bold", "italic", "link", "ol", "ul"],
        blank=True,
        help_text="Training, experience and interests, in the third person.",
    )

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="specialist_profile",
        verbose_name="staff account",
        help_text="The staff account that signs off reviews: when this person approves a "
        "condition page in clinical review, the page names them as its reviewer. Not shown "
        "on the site.",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("honorific"),
                FieldPanel("role"),
                FieldPanel("qualifications"),
                FieldPanel("photo"),
            ],
            heading="Who they are",
        ),
        FieldPanel("gmc_number"),
        FieldPanel("specialties"),
        NamedRichTextPanel("biography"),
        FieldPanel("user"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("role"),
        index.SearchField("specialties"),
        index.SearchField("biography"),
    ]

    parent_page_types = ["pages.SpecialistIndexPage"]
    subpage_types = []
    # One account signs off as one specialist; a copied profile starts without it.
    exclude_fields_in_copy = ["user"]

    class Meta:
        verbose_name = "specialist page"

    @property
    def full_name(self):
        return f"{self.honorific} {self.title}".strip()

    @property
    def specialty_list(self):
        return [line.strip() for line in self.specialties.splitlines() if line.strip()]

    @property
    def gmc_register_url(self):
        return GMC_REGISTER_URL.format(self.gmc_number) if self.gmc_number else ""

    def conditions_treated(self):
        """Live condition pages that name this specialist, A to Z."""
        # A lazy model reference, as the condition models use for specialists: no import cycle.
        return (
            apps.get_model("pages", "ConditionPage")
            .objects.live()
            .filter(specialist_placements__specialist=self, view_restrictions__isnull=True)
            .distinct()
            .order_by("title")
        )

    def treatments_provided(self):
        """Live public treatment pages that name this specialist, A to Z."""
        return (
            apps.get_model("pages", "TreatmentPage")
            .objects.live()
            .filter(specialist_placements__specialist=self, view_restrictions__isnull=True)
            .distinct()
            .order_by("title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["conditions_treated"] = list(self.conditions_treated())
        context["treatments_provided"] = list(self.treatments_provided())
        context["breadcrumbs"] = breadcrumb_pages(self)
        context["structured_data"] = structured_data.specialist_page(
            self, request, context["breadcrumbs"]
        )
        return context
