"""The clinic's own pages and details: the home page, standard pages and Clinic settings."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page, PagePermissionTester, Site
from wagtail.search import index

from clinic_site.caching import cached_until_content_changes
from clinic_site.routing import CachedChildrenRouteMixin, OneQueryViewRestrictionsMixin

from ..blocks import StandardBodyBlock
from ..roles import HANDLE_ENQUIRIES
from ..validators import PHONE_NUMBER_PATTERN, tel_href


class StructuralPagePermissionTester(PagePermissionTester):
    """Pages the site stands on: only superusers delete, move or unpublish them.

    Marketing editors still edit and publish their content. (Wagtail's can_move() is
    can_delete(ignore_bulk=True), so moving is refused with deleting.)
    """

    def can_delete(self, ignore_bulk=False):
        return self.user.is_superuser and super().can_delete(ignore_bulk=ignore_bulk)

    def can_unpublish(self):
        return self.user.is_superuser and super().can_unpublish()


class StructuralPageMixin:
    """For page types the site stands on: the home page, the indexes, the booking form."""

    def permissions_for_user(self, user):
        return StructuralPagePermissionTester(user, self)


class HomePage(StructuralPageMixin, OneQueryViewRestrictionsMixin, CachedChildrenRouteMixin, Page):
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
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional picture beside the heading (below it on phones). It is shown as "
        "decoration, without alt text: put what matters in the heading and introduction.",
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
                FieldPanel("hero_image"),
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


class StandardPage(OneQueryViewRestrictionsMixin, Page):
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

    def permissions_for_user(self, user):
        """The privacy notice (named in Clinic settings) is structural: consent links to it."""
        if ClinicSettings.objects.filter(
            Q(privacy_notice_page_id=self.pk) | Q(booking_page_id=self.pk)
        ).exists():
            return StructuralPagePermissionTester(user, self)
        return super().permissions_for_user(user)


CLINIC_PHONE_VALIDATOR = RegexValidator(
    PHONE_NUMBER_PATTERN, "Enter a phone number using digits, spaces and + ( ) - only."
)


WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class WeekdaysFormField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def prepare_value(self, value):
        # The stored "01234" as the boxes it ticks.
        return list(value) if isinstance(value, str) else value


class WeekdaysField(models.CharField):
    """Days of the week stored as digits (Monday is 0, as date.weekday()), chosen with boxes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 7)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, (list, tuple)):  # the boxes ticked
            return "".join(sorted(set(value)))
        return super().to_python(value)

    def formfield(self, **kwargs):
        return WeekdaysFormField(
            choices=WEEKDAYS,
            required=not self.blank,
            label=self.verbose_name.capitalize(),
            help_text=self.help_text,
        )


class BankHolidayRegion(models.TextChoices):
    """UK bank holidays differ by nation (the `holidays` package's subdivisions)."""

    ENGLAND_AND_WALES = "ENG", "England and Wales"
    SCOTLAND = "SCT", "Scotland"
    NORTHERN_IRELAND = "NIR", "Northern Ireland"


@register_setting(icon="site")
class ClinicSettings(BaseSiteSetting):
    """Contact and regulatory details shown in the header, footer and structured data."""

    clinic_name = models.CharField(max_length=120, help_text="Shown in the header and page titles.")
    phone = models.CharField(
        max_length=20,
        validators=[CLINIC_PHONE_VALIDATOR],
        help_text="The main appointments line, e.g. 020 7946 0000.",
    )
    email = models.EmailField(help_text="The public enquiries address shown in the footer.")
    address = models.TextField(
        max_length=400, help_text="The clinic's postal address, one line per row."
    )
    opening_hours = models.TextField(
        max_length=400,
        blank=True,
        help_text="One line per row, e.g. 'Monday to Friday: 8am to 7pm'.",
    )
    cqc_number = models.CharField(
        "CQC provider number",
        max_length=30,
        blank=True,
        help_text="Care Quality Commission registration, e.g. 1-123456789.",
    )
    ico_number = models.CharField(
        "ICO registration number",
        max_length=30,
        blank=True,
        help_text="Information Commissioner's Office data protection registration, e.g. ZA123456.",
    )
    booking_page = models.ForeignKey(
        "pages.ConsultationFormPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "The consultation form: the header's 'Book a consultation' button and the form on "
            "condition pages lead to it."
        ),
    )
    privacy_notice_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Linked from the footer and from every consent checkbox.",
    )

    # The enquiry desk's response target: quoted to patients, and what makes a request overdue.
    response_target_days = models.PositiveSmallIntegerField(
        "respond within (working days)",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=(
            "Quoted on the thank-you page and in the acknowledgement email; requests not "
            "answered in time are marked overdue for the patient team."
        ),
    )
    opens_at = models.TimeField(
        "patient team starts",
        default=datetime.time(8, 0),
        help_text="When the team starts answering requests on a working day, e.g. 08:00.",
    )
    closes_at = models.TimeField(
        "patient team finishes",
        default=datetime.time(18, 0),
        help_text="When it stops, e.g. 18:00.",
    )
    working_weekdays = WeekdaysField(
        "working days",
        default="01234",
        help_text="A request that arrives on another day, or out of hours, counts from the next "
        "opening.",
    )
    bank_holidays = models.CharField(
        "bank holidays of",
        max_length=3,
        choices=BankHolidayRegion.choices,
        default=BankHolidayRegion.ENGLAND_AND_WALES,
        help_text="The clinic is closed on these bank holidays.",
    )

    # The header and footer need both pages on every request: fetch them with the settings.
    select_related = ["booking_page", "privacy_notice_page"]

    panels = [
        FieldPanel("clinic_name"),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                # Also where enquiry emails go: only for those who may read enquiries.
                FieldPanel("email", permission=HANDLE_ENQUIRIES),
                FieldPanel("address"),
                FieldPanel("opening_hours"),
            ],
            heading="Contact details",
        ),
        MultiFieldPanel(
            [FieldPanel("cqc_number"), FieldPanel("ico_number")], heading="Registrations"
        ),
        MultiFieldPanel(
            [PageChooserPanel("booking_page"), PageChooserPanel("privacy_notice_page")],
            heading="Key pages",
        ),
        MultiFieldPanel(
            [
                FieldPanel("response_target_days"),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("working_weekdays"),
                FieldPanel("bank_holidays"),
            ],
            heading="Response target for consultation requests",
        ),
    ]

    class Meta:
        verbose_name = "clinic settings"

    def __str__(self):
        return self.clinic_name or "Clinic settings"

    @classmethod
    def for_request(cls, request):
        """Wagtail's for_request(), from the cache: the header, footer and title need the
        settings on every page, and saving them purges the cache. The admin edits through
        for_site(), which always reads the database."""
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            site = Site.find_for_request(request)
            if site is None:
                raise cls.DoesNotExist(f"{cls} does not exist for site None.")
            site_settings = cached_until_content_changes(
                f"clinic-settings:{site.pk}", lambda: cls.for_site(site)
            )
            site_settings._request = request  # as Wagtail's: page URLs relative to this request
            setattr(request, attr_name, site_settings)
        return getattr(request, attr_name)

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.opens_at >= self.closes_at:
            raise ValidationError({"closes_at": "The team must finish after it starts."})

    @property
    def response_target_words(self):
        """ "within one working day", "within 2 working days": how patients are told the target."""
        days = self.response_target_days
        return "within one working day" if days == 1 else f"within {days} working days"

    @property
    def address_lines(self):
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    @property
    def opening_hours_lines(self):
        return [line.strip() for line in self.opening_hours.splitlines() if line.strip()]

    @property
    def phone_href(self):
        return tel_href(self.phone)
