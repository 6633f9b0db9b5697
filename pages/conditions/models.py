"""Condition pages and the A to Z index that lists them."""

import logging
import string
from functools import partial
from itertools import groupby

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery, prefetch_related_objects
from django.forms.utils import ErrorList
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from modelcluster.fields import ParentalKey
from modelcluster.queryset import FakeQuerySet
from wagtail.actions.publish_revision import PublishPermissionError
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.blocks import StreamBlockValidationError
from wagtail.fields import StreamField
from wagtail.log_actions import log
from wagtail.models import Orderable, Page, PagePermissionTester
from wagtail.search import index

from clinic_site.routing import (
    OneQueryViewRestrictionsMixin,
    SpecificChildRouteMixin,
    breadcrumb_pages,
)

from .. import structured_data
from ..clinic.models import StructuralPagePermissionTester
from ..roles import CLINICAL_REVIEW_WORKFLOW, REVIEWS_DUE_REPORT
from .blocks import ConditionBodyBlock

logger = logging.getLogger(__name__)

SCHEDULED_PUBLISH_LOG_ACTION = "wagtail.publish.scheduled"
PUBLISH_REFUSED_LOG_ACTION = "pages.publish_refused"

# What stops a condition page going live, in words for whoever meets it: an editor submitting
# to Clinical review, a superuser publishing, the page history of a refused scheduled publish.
CARE_CARD_REQUIRED = (
    "Add a care card for urgent or emergency help (block 'Care card (when to get help)', "
    "level 'Urgent' or 'Emergency')."
)
REVIEWER_REQUIRED = "Choose the specialist who reviewed this page, under Clinical review."
DRAFTS_ALLOWED = "You can save a draft without it."


def not_ready_message(action, problems):
    """The sentence at the top of the editor when a submit or publish is refused."""
    goal = "be published" if action == "publish" else f"go to {CLINICAL_REVIEW_WORKFLOW}"
    return f"This page cannot {goal} yet. {' '.join(problems)} {DRAFTS_ALLOWED}"


def publishing_problems(page):
    """What stops this version of a clinically reviewed page going live: the one home of the rule.

    Every clinically reviewed page (conditions, treatments) needs a reviewer; a condition page
    also needs an urgent or emergency care card (its `content_problems`). Checked by the admin
    form (as errors on the fields) and by ClinicallyReviewedPage.publish(), which every way of
    publishing goes through: the editor, bulk actions, scheduled publishing, the Clinical review
    workflow and code.
    """
    problems = dict(page.content_problems())
    if page.reviewed_by_id is None:
        problems["reviewed_by"] = REVIEWER_REQUIRED
    return problems


# Body blocks whose heading is an entry in the page's "On this page" list.
CONTENTS_BLOCK_TYPES = {"section", "symptoms", "risk_factors", "treatments", "faq"}


class ContentsEntry:
    def __init__(self, anchor, heading):
        self.anchor = anchor
        self.heading = heading


class ClinicalPageNotReady(PublishPermissionError):
    """Publishing was refused because the page breaks the publish rule (a 403 in the admin)."""


class ClinicallyReviewedPagePermissionTester(PagePermissionTester):
    """Condition and treatment pages go live through Clinical review; only superusers skip it.

    The workflow's finish action (pages/reviews/workflow.py) publishes on the approval's
    authority, so reviewers need no publish permission of their own.
    """

    def can_publish(self):
        return self.user.is_superuser and super().can_publish()

    def can_unpublish(self):
        """Taking clinical advice down is a clinical decision: superusers only (README, roles)."""
        return self.user.is_superuser and super().can_unpublish()

    def can_delete(self, ignore_bulk=False):
        # Deleting a live page unpublishes it; drafts that never went live may go.
        if self.page.live or self.page.first_published_at:
            return self.user.is_superuser and super().can_delete(ignore_bulk=ignore_bulk)
        return super().can_delete(ignore_bulk=ignore_bulk)


class ClinicalIndexPermissionTester(StructuralPagePermissionTester):
    """No creating (or copying) a condition or treatment page straight to live, either; the
    index is structural (no deleting, moving or unpublishing but by superusers)."""

    def can_publish_subpage(self):
        return self.user.is_superuser and super().can_publish_subpage()


class ClinicallyReviewedPageForm(WagtailAdminPageForm):
    """Drafts may be incomplete; publishing needs what publishing_problems() asks for.

    Wagtail calls `defer_required_fields()` on the form when an editor saves a draft, and
    not when they publish or submit for moderation, so `is_deferred_validation` tells them apart.
    Submitting for clinical review needs the content rule only: the reviewer's approval names
    the reviewer (reviews.sign_off), so only publishing directly asks for one.
    """

    def clean(self):
        cleaned_data = super().clean()
        model = type(self.instance)
        if self.is_deferred_validation or any(
            name not in cleaned_data for name in model.publish_rule_fields
        ):
            return cleaned_data
        draft = model(
            reviewed_by=cleaned_data.get("reviewed_by"),
            **{name: cleaned_data[name] for name in model.publish_rule_fields},
        )
        problems = publishing_problems(draft)
        action = "publish" if "action-publish" in self.data else "submit"
        if action == "submit" or "reviewed_by" in self.errors:
            problems.pop("reviewed_by", None)
        if not problems:
            return cleaned_data
        # At the top of the editor (Wagtail lists non-field errors in its banner), and on the
        # fields themselves further down.
        self.add_error(None, not_ready_message(action, problems.values()))
        for field, problem in problems.items():
            if field == "body":
                error = StreamBlockValidationError(non_block_errors=ErrorList([problem]))
                # Listed under the sentence above in the banner: say it briefly, not Wagtail's
                # "Validation error in StreamBlock".
                error.message = "Needs a care card for urgent or emergency help."
                self.add_error(field, error)
            else:
                self.add_error(field, problem)
        return cleaned_data


class ClinicallyReviewedPage(OneQueryViewRestrictionsMixin, Page):
    """A page with clinical content: it goes live through Clinical review, and only when
    publishing_problems() finds nothing. Subclasses declare `reviewed_by` (a SpecialistPage)
    and may add to the rule with `content_problems()` over `publish_rule_fields`.
    """

    last_reviewed = models.DateField(
        null=True, blank=True, help_text="When the reviewer last checked this page."
    )
    next_review_due = models.DateField(
        null=True, blank=True, help_text="Usually one to three years after the last review."
    )

    publish_rule_fields = ()
    base_form_class = ClinicallyReviewedPageForm
    review_panel_help = (
        "Submit the page to Clinical review when it is ready: the reviewer's "
        "approval publishes it, names them as reviewer and sets both dates."
    )

    class Meta:
        abstract = True

    def content_problems(self):
        """{field: message} for what the page's own content lacks before it may go live."""
        return {}

    @classmethod
    def review_panel(cls):
        return MultiFieldPanel(
            [FieldPanel("reviewed_by"), FieldPanel("last_reviewed"), FieldPanel("next_review_due")],
            heading="Clinical review",
            help_text=cls.review_panel_help,
        )

    @property
    def review_overdue(self):
        """The next review date has passed: patients see that the page is being reviewed."""
        return self.next_review_due is not None and self.next_review_due < timezone.localdate()

    @property
    def review_status(self):
        if self.next_review_due is None:
            return "Never reviewed"
        days = (self.next_review_due - timezone.localdate()).days
        if days < 0:
            return f"Overdue by {-days} day{'s' if days != -1 else ''}"
        if days == 0:
            return "Due today"
        return f"Due in {days} day{'s' if days != 1 else ''}"

    def permissions_for_user(self, user):
        return ClinicallyReviewedPagePermissionTester(user, self)

    def publish(self, revision, *args, log_action=True, **kwargs):
        problems = publishing_problems(revision.as_object())
        if not problems:
            return super().publish(revision, *args, log_action=log_action, **kwargs)
        if log_action == SCHEDULED_PUBLISH_LOG_ACTION:
            # A scheduled draft that breaks the rule is unscheduled and reported, so one bad
            # draft cannot stop `publish_scheduled` from publishing the others.
            revision.approved_go_live_at = None
            revision.save(update_fields=["approved_go_live_at"])
            log(
                instance=self,
                action=PUBLISH_REFUSED_LOG_ACTION,
                revision=revision,
                data={"problems": list(problems.values())},
            )
            logger.error(
                "Scheduled publish of %s %s refused: %s",
                self._meta.verbose_name,
                self.pk,
                " ".join(problems.values()),
            )
            return None
        raise ClinicalPageNotReady(
            f"{self.title} cannot be published yet. " + " ".join(problems.values())
        )

    def live_reviewer(self):
        """The reviewer, when their profile is published (its link would 404 otherwise).

        Pages pass it to their templates lazily: only the cached article and structured data
        show it, so a request served from those fragments never fetches it.
        """
        reviewer = self.reviewed_by
        return reviewer if reviewer is not None and reviewer.live else None

    def clean(self):
        super().clean()
        if (
            self.last_reviewed
            and self.next_review_due
            and self.next_review_due <= self.last_reviewed
        ):
            raise ValidationError(
                {
                    "next_review_due": "The next review must be after the last review "
                    f"({self.last_reviewed:%-d %B %Y})."
                }
            )


class ConditionIndexPage(OneQueryViewRestrictionsMixin, SpecificChildRouteMixin, Page):
    """'Conditions we treat': an A to Z of the live condition pages below it."""

    intro = models.TextField(
        max_length=400, blank=True, help_text="A sentence or two shown above the A to Z."
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.ConditionPage"]
    max_count = 1
    child_model = "pages.ConditionPage"

    class Meta:
        verbose_name = "condition index page"

    def a_to_z(self):
        """[(letter, [entries])] for every letter A to Z, plus '#' when a name starts otherwise.

        Each condition appears under its title and again under each of its other names.
        """
        conditions = (
            ConditionPage.objects.child_of(self)
            .live()
            # Pages with their own view restriction stay out; the visitor has already
            # passed any restriction on this index page to see it.
            .filter(view_restrictions__isnull=True)
            .only("id", "title", "slug", "url_path", "path", "depth", "summary", "also_known_as")
            .order_by("title")
        )
        entries = []
        for condition in conditions:
            entries.append(AToZEntry(condition.title, condition, alias_of=None))
            entries.extend(
                AToZEntry(name, condition, alias_of=condition.title)
                for name in condition.alternate_names
            )
        entries.sort(key=lambda entry: entry.name.casefold())
        grouped = {
            letter: list(items) for letter, items in groupby(entries, key=lambda e: e.letter)
        }
        letters = list(string.ascii_uppercase) + (["#"] if "#" in grouped else [])
        return [(letter, grouped.get(letter, [])) for letter in letters]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["a_to_z"] = self.a_to_z()
        context["has_conditions"] = any(entries for _letter, entries in context["a_to_z"])
        context["breadcrumbs"] = breadcrumb_pages(self)
        context["structured_data"] = structured_data.listing_page(
            self, request, context["breadcrumbs"]
        )
        return context

    def permissions_for_user(self, user):
        return ClinicalIndexPermissionTester(user, self)


class AToZEntry:
    def __init__(self, name, page, alias_of):
        self.name = name
        self.page = page
        self.alias_of = alias_of

    @property
    def letter(self):
        first = self.name[:1].upper()
        return first if first in string.ascii_uppercase else "#"


class ConditionPage(ClinicallyReviewedPage):
    summary = models.TextField(
        max_length=300,
        help_text="One or two plain sentences: what the condition is. Shown in the A to Z, in "
        "search results and as the meta description.",
    )
    also_known_as = models.CharField(
        "also known as",
        max_length=255,
        blank=True,
        help_text="Other names patients search for, separated by commas, e.g. 'DVT'.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional picture at the top of the page.",
    )
    body = StreamField(
        ConditionBodyBlock(),
        blank=True,
        help_text="Build the page from blocks: symptoms, risk factors, treatments, a care card.",
    )
    reviewed_by = models.ForeignKey(
        "pages.SpecialistPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_conditions",
        help_text="The specialist who checked this page is clinically accurate.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("also_known_as"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        InlinePanel("specialist_placements", label="Lead specialist"),
        InlinePanel("related_condition_links", label="Related condition"),
        ClinicallyReviewedPage.review_panel(),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("also_known_as", boost=3),
        index.AutocompleteField("also_known_as"),
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
    ]
    publish_rule_fields = ("body",)

    parent_page_types = ["pages.ConditionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "condition page"
        permissions = [REVIEWS_DUE_REPORT.meta]

    def content_problems(self):
        if any(
            child.block_type == "care_card" and child.value.is_urgent_or_emergency
            for child in self.body
        ):
            return {}
        return {"body": CARE_CARD_REQUIRED}

    @property
    def alternate_names(self):
        return [name.strip() for name in self.also_known_as.split(",") if name.strip()]

    def specialists_and_related_conditions(self):
        """(live lead specialists, live related conditions), each in the editor's order.

        One query for both lists. In a preview the relations live in memory (modelcluster's
        FakeQuerySet), so they are read from there instead.
        """
        placements = self.specialist_placements.all()
        links = self.related_condition_links.all()
        if isinstance(placements, FakeQuerySet) or isinstance(links, FakeQuerySet):
            return (
                [p.specialist for p in placements.order_by("sort_order") if p.specialist.live],
                [link.related for link in links.order_by("sort_order") if link.related.live],
            )

        def order_in(relation, field):
            # sort_order is null for rows made in code rather than in the admin.
            return Subquery(relation.filter(**{field: OuterRef("pk")}).values("sort_order")[:1])

        pages = list(
            Page.objects.live()
            .filter(
                Q(id__in=placements.values("specialist_id")) | Q(id__in=links.values("related_id"))
            )
            .annotate(
                is_specialist=Exists(placements.filter(specialist_id=OuterRef("pk"))),
                is_related=Exists(links.filter(related_id=OuterRef("pk"))),
                specialist_order=order_in(placements, "specialist_id"),
                related_order=order_in(links, "related_id"),
            )
            .select_related("specialistpage")
        )
        specialists = sorted(
            (page for page in pages if page.is_specialist),
            key=lambda page: page.specialist_order or 0,
        )
        related = sorted(
            (page for page in pages if page.is_related),
            key=lambda page: page.related_order or 0,
        )
        return [page.specialistpage for page in specialists], related

    def body_sections(self):
        """[(block, anchor, back_link_before)] for the page's body, and the "On this page" entries.

        Blocks with a heading (sections, symptoms, risk factors, treatments, FAQs) get an
        anchor made from it (unique on the page); other blocks get None. Every such section
        after the first is preceded by a "Back to contents" link.
        """
        sections, contents, used = [], [], {"contents", "main-content"}
        for block in self.body_for_display():
            heading = block.value.get("heading") if block.block_type in CONTENTS_BLOCK_TYPES else ""
            anchor = None
            if heading:
                base = slugify(heading) or "section"
                anchor, number = base, 1
                while anchor in used:
                    number += 1
                    anchor = f"{base}-{number}"
                used.add(anchor)
                contents.append(ContentsEntry(anchor, heading))
            sections.append((block, anchor, anchor is not None and len(contents) > 1))
        return sections, contents

    def body_for_display(self):
        """The body, with all renditions of the page's images fetched in one query.

        The stream keeps the image objects it converted, so the templates use these.
        """
        # ImageBlock's value is the Image itself, carrying its alt text.
        images = [child.value for child in self.body if child.block_type == "image" and child.value]
        if self.hero_image:
            images.append(self.hero_image)
        prefetch_related_objects(images, "renditions")
        return self.body

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        breadcrumbs = breadcrumb_pages(self)
        # Lazy: the article is usually served from the fragment cache, which skips these queries.
        reviewer = SimpleLazyObject(self.live_reviewer)
        people = SimpleLazyObject(self.specialists_and_related_conditions)
        context.update(
            breadcrumbs=breadcrumbs,
            reviewer=reviewer,
            lead_specialists=SimpleLazyObject(lambda: people[0]),
            related_conditions=SimpleLazyObject(lambda: people[1]),
            structured_data=partial(
                structured_data.condition_page, self, request, breadcrumbs, reviewer
            ),
        )
        return context


class ConditionPageSpecialist(Orderable):
    page = ParentalKey(
        ConditionPage, on_delete=models.CASCADE, related_name="specialist_placements"
    )
    specialist = models.ForeignKey(
        "pages.SpecialistPage",
        on_delete=models.CASCADE,
        related_name="condition_placements",
        help_text="A specialist who treats this condition; their profile lists this page.",
    )

    panels = [FieldPanel("specialist")]

    class Meta(Orderable.Meta):
        verbose_name = "lead specialist"


class ConditionPageRelatedCondition(Orderable):
    page = ParentalKey(
        ConditionPage, on_delete=models.CASCADE, related_name="related_condition_links"
    )
    related = models.ForeignKey(
        ConditionPage,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="related condition",
    )

    panels = [FieldPanel("related")]

    class Meta(Orderable.Meta):
        verbose_name = "related condition"
