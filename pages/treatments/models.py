"""Treatment pages (what it is, who it is for, how it is done, ...) and the index that lists them.

Treatment pages carry clinical content, so they share the condition pages' publish rule and
Clinical review (ClinicallyReviewedPage): a reviewer is needed to go live.
"""

from functools import partial

from django.db import models
from django.utils.functional import SimpleLazyObject
from modelcluster.fields import ParentalKey
from modelcluster.queryset import FakeQuerySet
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from clinic_site.routing import (
    OneQueryViewRestrictionsMixin,
    SpecificChildRouteMixin,
    breadcrumb_pages,
)

from .. import structured_data
from ..conditions.models import ClinicalIndexPermissionTester, ClinicallyReviewedPage
from ..panels import NamedRichTextPanel

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]

# (field, the heading patients see). The page shows them in this order, each as an h2 with the
# field's name as its anchor, and lists them under "On this page".
TREATMENT_SECTIONS = [
    ("what_it_is", "What it is"),
    ("who_it_is_for", "Who it is for"),
    ("how_it_is_done", "How it is done"),
    ("risks", "Risks and side effects"),
    ("recovery", "Recovery"),
    ("alternatives", "Alternatives"),
]


class TreatmentSection:
    def __init__(self, anchor, heading, text):
        self.anchor = anchor
        self.heading = heading
        self.text = text


class TreatmentIndexPage(OneQueryViewRestrictionsMixin, SpecificChildRouteMixin, Page):
    """'Treatments': the live treatment pages below it, A to Z."""

    intro = models.TextField(
        max_length=400, blank=True, help_text="A sentence or two shown above the list."
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.TreatmentPage"]
    max_count = 1
    child_model = "pages.TreatmentPage"

    class Meta:
        verbose_name = "treatment index page"

    def treatments(self):
        return (
            TreatmentPage.objects.child_of(self)
            .live()
            .filter(view_restrictions__isnull=True)
            .only("id", "title", "slug", "url_path", "path", "depth", "summary", "also_known_as")
            .order_by("title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["treatments"] = self.treatments()
        context["breadcrumbs"] = breadcrumb_pages(self)
        context["structured_data"] = structured_data.listing_page(
            self, request, context["breadcrumbs"]
        )
        return context

    def permissions_for_user(self, user):
        return ClinicalIndexPermissionTester(user, self)


class TreatmentPage(ClinicallyReviewedPage):
    THERAPY = "MedicalTherapy"
    PROCEDURE = "MedicalProcedure"
    KIND_CHOICES = [
        (THERAPY, "A therapy (medicines, compression, ...)"),
        (PROCEDURE, "A procedure (surgery, stenting, ...)"),
    ]

    summary = models.TextField(
        max_length=300,
        help_text="One or two plain sentences: what the treatment is. Shown in the list of "
        "treatments, in search results and as the meta description.",
    )
    also_known_as = models.CharField(
        "also known as",
        max_length=255,
        blank=True,
        help_text="Other names patients search for, separated by commas, e.g. 'thrombectomy'.",
    )
    kind = models.CharField(
        max_length=20,
        choices=KIND_CHOICES,
        default=THERAPY,
        help_text="Tells search engines whether this is a therapy or a procedure.",
    )
    what_it_is = RichTextField(
        features=RICH_TEXT_FEATURES, help_text="What the treatment is and what it does."
    )
    who_it_is_for = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Who it suits, and when a specialist would suggest it.",
    )
    how_it_is_done = RichTextField(
        features=RICH_TEXT_FEATURES, blank=True, help_text="What happens, step by step."
    )
    risks = RichTextField(
        "risks and side effects",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Common and serious risks, in plain language.",
    )
    recovery = RichTextField(
        features=RICH_TEXT_FEATURES, blank=True, help_text="What to expect afterwards."
    )
    alternatives = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Other options, including doing nothing where that is one.",
    )
    reviewed_by = models.ForeignKey(
        "pages.SpecialistPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_treatments",
        help_text="The specialist who checked this page is clinically accurate.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("also_known_as"),
        FieldPanel("kind"),
        MultiFieldPanel(
            [NamedRichTextPanel(field, heading=heading) for field, heading in TREATMENT_SECTIONS],
            heading="About the treatment",
        ),
        InlinePanel("condition_links", label="Condition it treats"),
        InlinePanel("specialist_placements", label="Specialist who provides it"),
        ClinicallyReviewedPage.review_panel(),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("also_known_as", boost=3),
        index.AutocompleteField("also_known_as"),
        index.SearchField("summary", boost=2),
        *(index.SearchField(field) for field, _heading in TREATMENT_SECTIONS),
    ]

    parent_page_types = ["pages.TreatmentIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "treatment page"

    @property
    def alternate_names(self):
        return [name.strip() for name in self.also_known_as.split(",") if name.strip()]

    @property
    def sections(self):
        """The sections with text, in the patient's order: the page and its contents list."""
        return [
            TreatmentSection(field.replace("_", "-"), heading, getattr(self, field))
            for field, heading in TREATMENT_SECTIONS
            if getattr(self, field)
        ]

    def related_conditions(self):
        """Live public condition pages this treatment is linked to, in the editor's order."""
        return self._linked_pages(self.condition_links, "condition")

    def specialists(self):
        """Live public specialist profiles who provide it, in the editor's order."""
        return self._linked_pages(self.specialist_placements, "specialist")

    @staticmethod
    def _linked_pages(relation, field):
        if isinstance(relation.all(), FakeQuerySet):  # a preview: the links live in memory
            links = relation.all().order_by("sort_order")
            return [getattr(link, field) for link in links if getattr(link, field).live]
        links = (
            relation.filter(**{f"{field}__live": True, f"{field}__view_restrictions__isnull": True})
            .select_related(field)
            .order_by("sort_order")
        )
        return [getattr(link, field) for link in links]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        breadcrumbs = breadcrumb_pages(self)
        # Lazy: the article is usually served from the fragment cache, which skips these queries.
        reviewer = SimpleLazyObject(self.live_reviewer)
        conditions = SimpleLazyObject(self.related_conditions)
        specialists = SimpleLazyObject(self.specialists)
        context.update(
            breadcrumbs=breadcrumbs,
            reviewer=reviewer,
            related_conditions=conditions,
            specialists=specialists,
            contents=SimpleLazyObject(lambda: self.contents(conditions, specialists)),
            structured_data=partial(
                structured_data.treatment_page, self, request, breadcrumbs, reviewer, conditions
            ),
        )
        return context

    def contents(self, conditions, specialists):
        """The contents list: the sections with text, then the linked pages' sections."""
        contents = self.sections
        if conditions:
            contents.append(TreatmentSection("conditions-treated", "Conditions it treats", ""))
        if specialists:
            heading = "Your specialist" if len(specialists) == 1 else "Your specialists"
            contents.append(TreatmentSection("specialists", heading, ""))
        return contents


class TreatmentPageCondition(Orderable):
    page = ParentalKey(TreatmentPage, on_delete=models.CASCADE, related_name="condition_links")
    condition = models.ForeignKey(
        "pages.ConditionPage",
        on_delete=models.CASCADE,
        related_name="treatment_links",
        help_text="A condition this treatment is used for; the treatment page links to it.",
    )

    panels = [FieldPanel("condition")]

    class Meta(Orderable.Meta):
        verbose_name = "condition it treats"


class TreatmentPageSpecialist(Orderable):
    page = ParentalKey(
        TreatmentPage, on_delete=models.CASCADE, related_name="specialist_placements"
    )
    specialist = models.ForeignKey(
        "pages.SpecialistPage",
        on_delete=models.CASCADE,
        related_name="treatment_placements",
        help_text="A specialist who provides this treatment; their profile lists this page.",
    )

    panels = [FieldPanel("specialist")]

    class Meta(Orderable.Meta):
        verbose_name = "specialist who provides it"
