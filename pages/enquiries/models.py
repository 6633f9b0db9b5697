"""Consultation requests: the booking form page, its editor-defined fields and the submissions.

Built on Wagtail's form classes and hooks (get_form, process_form_submission,
get_submission_class, render_landing_page) so the admin's submissions listing and export keep
working, with the changes a health enquiry needs: submissions outlive the page, consent is fixed
in code, every field has a length limit, spam is refused without a third-party script, and
emails are sent by a background task only after the row is committed.
"""

import hashlib
import json
import logging
import secrets
import uuid
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signing import BadSignature, SignatureExpired, TimestampSigner
from django.db import IntegrityError, models, transaction
from django.http import HttpResponseRedirect
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import (
    FORM_FIELD_CHOICES,
    AbstractForm,
    AbstractFormField,
    AbstractFormSubmission,
    validate_to_address,
)
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from clinic_site.caching import cached_fragment, fill_per_visitor_fields, punch_per_visitor_fields
from clinic_site.routing import OneQueryViewRestrictionsMixin

from ..clinic.models import ClinicSettings, StructuralPageMixin
from ..conditions.models import ConditionPage
from ..panels import NamedRichTextPanel
from ..roles import HANDLE_ENQUIRIES, HANDLE_ENQUIRIES_PERMISSION, SEE_ENQUIRY_SOURCES_PERMISSION
from .attribution import attribution_initial, source_page_from
from .emails import EmailStatus, enqueue_enquiry_emails
from .forms import ConsultationFormBuilder, sign_started_at
from .response_target import response_deadline
from .spam import over_rate_limit, seconds_since_started

# Only events and references are logged here: never anything a patient typed.
logger = logging.getLogger(__name__)

# Editors choose from these; "hidden", "number", "url" and "multiselect" are left out because a
# booking form has no use for them, and two types carry meaning the site relies on.
CONSULTATION_FIELD_CHOICES = [
    (value, label)
    for value, label in FORM_FIELD_CHOICES
    if value not in {"hidden", "number", "url", "multiselect", "datetime"}
] + [
    ("tel", "Phone number"),
    ("condition", "Condition of interest (pre-filled on condition pages)"),
]

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L, U/V mix-ups on the phone
THANK_YOU_SALT = "pages.consultation.thank-you"
SEND_AGAIN = "Please check your details and press “Send request” again."


class StoredField(NamedTuple):
    """A column of ConsultationSubmission and where staff and patients see it."""

    name: str
    listed: bool = False  # a column of the Enquiries listing
    exported: bool = True  # in the spreadsheet export and the patient's own data (enquiry_data)
    consent: bool = False  # part of the consent record the form hands over (form.consent_record)


# The one list of what a request holds, in display order. The admin's listing, inspect view
# and export, the subject-access export and the consent record are all read from it.
SUBMISSION_FIELDS = [
    StoredField("reference", listed=True),
    StoredField("submit_time", listed=True),
    StoredField("condition", listed=True),
    StoredField("page_title"),  # one booking page in practice: left off the tablet-wide listing
    StoredField("email"),
    StoredField("form_data"),
    StoredField("privacy_consent_text", consent=True),
    StoredField("privacy_notice_url", consent=True),
    StoredField("privacy_notice_version", consent=True),
    StoredField("consented_at", consent=True),
    StoredField("marketing_opt_in", consent=True),
    StoredField("marketing_consent_text", consent=True),
    StoredField("status", listed=True),
    StoredField("not_proceeding_reason"),
    StoredField("assignee", listed=True, exported=False),
    StoredField("first_contacted_at"),
    StoredField("respond_by", listed=True, exported=False),
    StoredField("source_page_title"),
    StoredField("utm_source"),
    StoredField("utm_medium"),
    StoredField("utm_campaign"),
    StoredField("email_status", listed=True, exported=False),
    StoredField("email_attempts", exported=False),
    StoredField("staff_notified_at", exported=False),
    StoredField("patient_acknowledged_at", exported=False),
]
LISTED_FIELDS = [field.name for field in SUBMISSION_FIELDS if field.listed]
EXPORTED_FIELDS = [field.name for field in SUBMISSION_FIELDS if field.exported]
INSPECTED_FIELDS = [field.name for field in SUBMISSION_FIELDS]
CONSENT_RECORD_FIELDS = [field.name for field in SUBMISSION_FIELDS if field.consent]


def as_stored(form_data):
    """Form data as it reads back from the JSON column (dates become strings, and so on)."""
    return json.loads(json.dumps(form_data, cls=DjangoJSONEncoder))


def new_reference():
    return "CC-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


class ConsultationFormField(AbstractFormField):
    page = ParentalKey(
        "pages.ConsultationFormPage", on_delete=models.CASCADE, related_name="form_fields"
    )
    field_type = models.CharField(
        verbose_name="field type", max_length=16, choices=CONSULTATION_FIELD_CHOICES
    )
    field_type.required_on_save = True

    class Meta(AbstractFormField.Meta):
        verbose_name = "form field"

    def clean(self):
        super().clean()
        # A pre-ticked box is not consent (UK GDPR, PECR): patients tick boxes themselves.
        if self.field_type in {"checkbox", "checkboxes"} and self.default_value.strip():
            raise ValidationError(
                {"default_value": "Boxes cannot be ticked in advance: leave this empty."}
            )


class EnquiryStatus(models.TextChoices):
    """Where the patient team has got to with a request (the enquiry desk)."""

    NEW = "new", "New"
    CONTACTED = "contacted", "Contacted"
    BOOKED = "booked", "Consultation booked"
    NOT_PROCEEDING = "not_proceeding", "Not proceeding"
    COULD_NOT_REACH = "could_not_reach", "Could not reach"


class ConsultationSubmission(AbstractFormSubmission):
    """One patient's request. Kept when the form page is deleted (the page link is then empty)."""

    form_data = models.JSONField("answers", encoder=DjangoJSONEncoder)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="form page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submit_time = models.DateTimeField("sent at", auto_now_add=True)
    page_title = models.CharField("form page", max_length=255)
    reference = models.CharField(max_length=12, unique=True)
    idempotency_key = models.UUIDField(
        unique=True, help_text="From the form as rendered; a re-sent form finds its first copy."
    )
    email = models.EmailField(blank=True, db_index=True)
    condition = models.CharField(max_length=120, blank=True)
    privacy_consent_text = models.TextField("privacy consent wording")
    privacy_notice_url = models.CharField("privacy notice URL", max_length=500, blank=True)
    privacy_notice_version = models.CharField(max_length=120)
    consented_at = models.DateTimeField()
    marketing_opt_in = models.BooleanField(default=False)
    marketing_consent_text = models.TextField("marketing opt-in wording")
    email_status = models.CharField(
        "emails", max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    next_email_attempt_at = models.DateTimeField(null=True, blank=True)
    staff_notified_at = models.DateTimeField(null=True, blank=True)
    patient_acknowledged_at = models.DateTimeField(null=True, blank=True)

    # The enquiry desk: who is working the request, how far it got, and by when it is due.
    status = models.CharField(
        max_length=16, choices=EnquiryStatus.choices, default=EnquiryStatus.NEW
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_enquiries",
    )
    first_contacted_at = models.DateTimeField("first contacted", null=True, blank=True)
    respond_by = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The clinic's response target, set when the request arrives.",
    )
    not_proceeding_reason = models.ForeignKey(
        "pages.NotProceedingReason",
        verbose_name="reason for not proceeding",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Where the request came from, without personal data: the page the patient was reading and
    # the campaign tags of the visit's landing URL, carried in the form (no cookies, no IP).
    source_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="sent from page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_page_title = models.CharField("sent from", max_length=255, blank=True)
    utm_source = models.CharField("campaign source", max_length=100, blank=True)
    utm_medium = models.CharField("campaign medium", max_length=100, blank=True)
    utm_campaign = models.CharField("campaign", max_length=100, blank=True)

    class Meta:
        verbose_name = "consultation request"
        ordering = ["-submit_time"]
        indexes = [
            models.Index(fields=["submit_time"]),
            models.Index(fields=["email_status"]),
            models.Index(fields=["status", "respond_by"]),
        ]
        permissions = [HANDLE_ENQUIRIES_PERMISSION.meta]

    def __str__(self):
        return self.reference

    @staticmethod
    def outcome_problem(status, not_proceeding_reason):
        """Why this outcome cannot be recorded, or None (the edit form and bulk change ask)."""
        if status == EnquiryStatus.NOT_PROCEEDING and not_proceeding_reason is None:
            return "Choose why the patient is not proceeding."
        return None

    def clean(self):
        super().clean()
        problem = self.outcome_problem(self.status, self.not_proceeding_reason)
        if problem:
            raise ValidationError({"not_proceeding_reason": problem})
        if self.status != EnquiryStatus.NOT_PROCEEDING:
            self.not_proceeding_reason = None

    def get_data(self):
        return {
            **self.form_data,
            "reference": self.reference,
            "submit_time": self.submit_time,
            "page_title": self.page_title,
            "privacy_consent": (
                f"Yes, {timezone.localtime(self.consented_at):%Y-%m-%d %H:%M} "
                f"({self.privacy_notice_version})"
            ),
            "marketing_opt_in": "Yes" if self.marketing_opt_in else "No",
            "email_status": self.get_email_status_display(),
        }

    @classmethod
    def find_resent(cls, idempotency_key, form_data):
        """The stored copy of this very form, if it was sent before (a double-click, a re-post).

        The answers must match too: a key shared by two patients (a form served from a cache)
        must never turn the second patient's request into a "duplicate" of the first.
        """
        existing = cls.objects.filter(idempotency_key=idempotency_key).first()
        if existing and existing.form_data == as_stored(form_data):
            return existing
        return None

    @classmethod
    def store(cls, **values):
        """Create the submission, or return the one already stored for this same form.

        Returns (submission, created). Unique constraints settle races between two posts of the
        same form, even across processes; a reference clash just draws a new reference, and a
        key already used for different answers a new key.
        """
        for _ in range(5):
            existing = cls.objects.filter(idempotency_key=values["idempotency_key"]).first()
            if existing and existing.form_data == as_stored(values["form_data"]):
                return existing, False
            if existing:
                values["idempotency_key"] = uuid.uuid4()
            try:
                with transaction.atomic():
                    return cls.objects.create(reference=new_reference(), **values), True
            except IntegrityError:
                continue
        raise IntegrityError("Could not store the consultation request.")


class EnquirySourceCounts(ConsultationSubmission):
    """Requests as the sources report sees them: counted, never read (pages/enquiries/reports.py).

    A proxy so that the report's permission has a content type of its own: Wagtail shows a
    model's audit entries to anyone holding any permission on that model, and the requests'
    entries (viewed, exported, erased) are for enquiry handlers and administrators only.
    """

    class Meta:
        proxy = True
        verbose_name = "enquiry source counts"
        verbose_name_plural = "enquiry source counts"
        permissions = [SEE_ENQUIRY_SOURCES_PERMISSION.meta]


class ConsultationFormPage(StructuralPageMixin, OneQueryViewRestrictionsMixin, AbstractForm):
    intro = models.TextField(
        max_length=600,
        blank=True,
        help_text="A sentence or two above the form, e.g. what a first consultation involves.",
    )
    what_happens_next = RichTextField(
        features=["bold", "italic", "link", "ol", "ul"],
        blank=True,
        # The time it takes is quoted from Clinic settings (the response target), above this.
        default=(
            "<p>A member of our patient team will contact you using the contact method you "
            "chose, to arrange your consultation.</p>"
        ),
        help_text=(
            "Shown on the thank-you page under the patient's reference number, after the "
            "response time from Clinic settings: leave the time out here."
        ),
    )
    to_address = models.CharField(
        "notify addresses",
        max_length=255,
        blank=True,
        validators=[validate_to_address],
        help_text=(
            "Staff addresses told about each new request (comma-separated). The email carries "
            "only the reference, the condition and a link to the admin. Empty: the clinic's email."
        ),
    )

    content_panels = AbstractForm.content_panels + [
        FieldPanel("intro"),
        InlinePanel(
            "form_fields",
            label="Form fields",
            help_text=(
                "The privacy-notice consent and the marketing opt-in are always added at the end."
            ),
        ),
        MultiFieldPanel(
            [
                NamedRichTextPanel("what_happens_next"),
                # Where patients' requests are announced: only for those who may read them.
                FieldPanel("to_address", permission=HANDLE_ENQUIRIES),
            ],
            heading="After sending",
        ),
    ]

    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = "consultation form page"

    form_builder = ConsultationFormBuilder

    def get_submissions_list_view_class(self):
        # Wagtail's admin views need the models loaded; Wagtail defers this import the same way.
        from .exports import ConsultationSubmissionsListView

        return ConsultationSubmissionsListView

    def get_submission_class(self):
        return ConsultationSubmission

    def clean(self):
        super().clean()
        # One source for the promise: an editor's "within one working day" would contradict
        # the target when the clinic changes it.
        if "working day" in (self.what_happens_next or "").lower():
            raise ValidationError(
                {
                    "what_happens_next": "Leave the response time out: the thank-you page "
                    "quotes the clinic's target from Clinic settings."
                }
            )

    def get_data_fields(self):
        return (
            [("reference", "Reference"), ("submit_time", "Submitted")]
            + [(field.clean_name, field.label) for field in self.get_form_fields()]
            + [
                ("privacy_consent", "Privacy notice consent"),
                ("marketing_opt_in", "Marketing opt-in"),
                ("email_status", "Emails"),
            ]
        )

    def get_form_fields(self):
        # The form class, the condition pre-fill and the export columns all ask: fetch once.
        if "_form_fields" not in self.__dict__:
            self._form_fields = list(super().get_form_fields())
        return self._form_fields

    @cached_property
    def condition_field_name(self):
        for field in self.get_form_fields():
            if field.field_type == "condition":
                return field.clean_name
        return None

    def clinic_settings(self, request=None):
        if request is not None:
            return ClinicSettings.for_request(request)
        return ClinicSettings.for_site(self.get_site())

    def get_form(self, *args, request=None, **kwargs):
        return super().get_form(
            *args,
            page=self,
            clinic_settings=self.clinic_settings(request),
            request=request,
            **kwargs,
        )

    def route(self, request, path_components):
        if self.live and path_components == ["thank-you"]:
            return RouteResult(self, kwargs={"thank_you": True})
        return super().route(request, path_components)

    def serve(self, request, *args, thank_you=False, **kwargs):
        if thank_you:
            response = self.serve_thank_you(request)
        elif request.method == "POST":
            response = self.serve_post(request)
        else:
            # The page a booking link was on (`from`, else this page) is kept with the request.
            source_page_id = source_page_from(request.GET, self.pk)
            empty_form = self.empty_form_html(request, source_page_id, self.condition_from(request))
            response = self.render_form(request, empty_form=empty_form)
        # Forms hold a CSRF token and an idempotency key; thank-you pages a patient's reference.
        patch_cache_control(response, private=True, no_store=True)
        return response

    def condition_from(self, request):
        """The live condition page a booking button names (`?condition=<slug>`): its title
        pre-fills the form's condition field."""
        slug = request.GET.get("condition", "").strip()
        if not slug:
            return ""
        condition = ConditionPage.objects.live().filter(slug=slug[:255]).only("title").first()
        return condition.title if condition else ""

    def serve_post(self, request):
        """Check a sent form, store it once, and send the patient to their reference (PRG)."""
        form = self.get_form(request.POST, request=request)
        if form.honeypot_filled:
            logger.info("Consultation request refused: honeypot field filled.")
            context = self.get_context(request)
            return TemplateResponse(
                request, "enquiries/consultation_form_refused.html", context, status=400
            )
        if not form.is_valid():
            return self.render_form(request, form)

        already_stored = ConsultationSubmission.find_resent(
            form.cleaned_data["idempotency_key"], form.patient_answers()
        )
        if already_stored:
            return self.redirect_to_thank_you(request, already_stored)

        elapsed = seconds_since_started(form.cleaned_data["started"])
        if elapsed is None or elapsed < settings.ENQUIRY_MIN_FILL_SECONDS:
            if elapsed is None:  # missing or a day old: start the clock again
                form.data = form.data.copy()
                form.data["started"] = sign_started_at()
            form.add_error(None, SEND_AGAIN)
            return self.render_form(request, form)

        if over_rate_limit(request):
            logger.warning("Consultation request refused: rate limit reached.")
            clinic = form.clinic_settings
            phone = f" on {clinic.phone}" if clinic and clinic.phone else ""
            form.add_error(
                None,
                "We could not send your request: we have received several from your connection "
                f"in a short time. Please call us{phone}, or try again later.",
            )
            response = self.render_form(request, form, status=429)
            response["Retry-After"] = str(settings.ENQUIRY_RATE_LIMIT_WINDOW)
            return response

        return self.redirect_to_thank_you(request, self.process_form_submission(form))

    def process_form_submission(self, form):
        """Store the request (once, however often it is sent); its emails follow the commit."""
        cleaned = form.cleaned_data
        email_fields = [f.clean_name for f in self.get_form_fields() if f.field_type == "email"]
        email = next((cleaned[name] for name in email_fields if cleaned.get(name)), "")
        condition = cleaned.get(self.condition_field_name, "") if self.condition_field_name else ""
        submission, created = self.get_submission_class().store(
            respond_by=response_deadline(timezone.now(), form.clinic_settings),
            form_data=form.patient_answers(),
            page=self,
            page_title=self.title,
            idempotency_key=cleaned["idempotency_key"],
            email=email.lower(),
            condition=condition or "",
            **form.consent_record(),
            **form.attribution(),
        )
        if created:
            logger.info("Consultation request %s stored.", submission.reference)
            transaction.on_commit(lambda: enqueue_enquiry_emails(submission.pk))
        return submission

    def render_form(self, request, form=None, status=200, empty_form=""):
        """The form page with `form` (as sent, with its errors), or with `empty_form`'s HTML."""
        context = self.get_context(request)
        context["form"] = form
        context["empty_form"] = empty_form
        # With the request, the URL comes from the root paths Wagtail already read for it.
        context["form_action"] = self.get_url(request)
        return TemplateResponse(request, self.get_template(request), context, status=status)

    def empty_form_html(self, request, source_page_id, condition_name="", *, embedded=False):
        """The unsent form's HTML, on this page or `embedded` in another (a condition page),
        its hidden fields naming `source_page_id` and the visit's campaign tags, its condition
        field pre-filled with `condition_name`.

        It is the same for every visitor with the same values but for its per-visitor hidden
        fields (CSRF token, start time, idempotency key): it is kept until content changes
        with those punched out, and they are filled in fresh for each visitor, as the page
        cache does. Building and rendering the form is most of the page's work.
        """

        def render():
            initial = attribution_initial(request.GET, source_page_id)
            if condition_name and self.condition_field_name:
                initial[self.condition_field_name] = condition_name
            form_context = {
                "request": request,
                "form": self.get_form(request=request, initial=initial),
                "form_action": self.get_url(request),
                "embedded": embedded,
                "condition_name": condition_name,
                # A host page may be rendered without the CSRF context processor's token.
                "csrf_token": get_token(request),
            }
            html = get_template("enquiries/consultation_form.html").render(form_context)
            return punch_per_visitor_fields(html)

        # cached_fragment adds the host and the campaign tags to the key; the condition's name
        # is hashed: short, and free of spaces whatever it is.
        name_key = hashlib.sha256(condition_name.encode()).hexdigest()[:16]
        placement = "embedded" if embedded else "page"
        key = ["consultation-form", self.pk, placement, source_page_id, name_key]
        html = cached_fragment(request, key, render)
        return mark_safe(fill_per_visitor_fields(html, request))  # noqa: S308 - our template's output

    def thank_you_url(self, submission, request=None):
        signed = TimestampSigner(salt=THANK_YOU_SALT).sign(submission.reference)
        return f"{self.get_url(request)}thank-you/?ref={signed}"

    def redirect_to_thank_you(self, request, submission):
        return HttpResponseRedirect(self.thank_you_url(submission, request))

    def serve_thank_you(self, request):
        try:
            reference = TimestampSigner(salt=THANK_YOU_SALT).unsign(
                request.GET.get("ref", ""), max_age=60 * 60 * 24
            )
        except (BadSignature, SignatureExpired):
            return HttpResponseRedirect(self.get_url(request))
        return self.render_landing_page(request, reference=reference)

    def render_landing_page(self, request, form_submission=None, *args, reference=None, **kwargs):
        context = self.get_context(request)
        context["reference"] = reference or getattr(form_submission, "reference", "CC-EXAMPLE")
        return TemplateResponse(request, self.get_landing_page_template(request), context)

    def serve_preview(self, request, mode_name):
        if mode_name == "landing":
            return self.render_landing_page(request, reference="CC-EXAMPLE")
        return super().serve_preview(request, mode_name)

    def get_preview_context(self, request, mode_name):
        context = Page.get_preview_context(self, request, mode_name)
        context["form"] = self.get_form(request=request)
        context["form_action"] = self.get_url(request)
        return context
