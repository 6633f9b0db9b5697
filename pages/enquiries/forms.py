"""The consultation form: editor-defined fields with hard limits, plus fields fixed in code.

Editors choose the patient-facing fields in the admin; this module adds the privacy-notice
consent, the marketing opt-in, the honeypot, the signed start time and the idempotency key,
none of which an editor can remove or pre-tick.
"""

import uuid

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.html import format_html
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from clinic_site.caching import per_visitor_field

from ..validators import PHONE_NUMBER_PATTERN
from .attribution import ATTRIBUTION_FIELDS, attribution_fields, attribution_record
from .spam import sign_started_at

# Hidden fields that must differ for every visitor of a cached copy of a page with this form.
per_visitor_field("started", lambda request: sign_started_at())
per_visitor_field("idempotency_key", lambda request: str(uuid.uuid4()))

SINGLE_LINE_MAX = 255
CONDITION_MAX = 120
EMAIL_MAX = 254
PHONE_MAX = 20
MESSAGE_MAX = 2000

PHONE_VALIDATOR = RegexValidator(
    PHONE_NUMBER_PATTERN, "Enter a telephone number, like 020 7946 0000 or +44 7700 900 982"
)

# Tells browsers and assistive technology what a field is for (WCAG 2.2 SC 1.3.5).
AUTOCOMPLETE_BY_NAME = {
    "name": "name",
    "full_name": "name",
    "your_name": "name",
    "first_name": "given-name",
    "last_name": "family-name",
    "surname": "family-name",
    "postcode": "postal-code",
}


class SingleLineField(forms.CharField):
    """Text on one line: line breaks and tabs become spaces, so nothing can smuggle a header."""

    def to_python(self, value):
        value = super().to_python(value)
        return " ".join(value.split()) if value else value


def describe(label):
    """'Your name' -> 'your name', for messages such as 'Enter your name'."""
    text = label.strip().rstrip(":?").lower()
    return text if text.startswith("your ") else f"your {text}"


class ConsultationFormBuilder(FormBuilder):
    def get_field_options(self, field):
        options = super().get_field_options(field)
        choosing = field.field_type in {"dropdown", "radio", "checkboxes", "checkbox"}
        verb = "Select" if choosing else "Enter"
        options["error_messages"] = {"required": f"{verb} {describe(field.label)}"}
        return options

    def text_field(self, options, max_length, field_class=SingleLineField, **kwargs):
        options["max_length"] = max_length
        options["error_messages"]["max_length"] = (
            f"{options['label']} must be {max_length:,} characters or fewer"
        )
        return field_class(**options, **kwargs)

    def create_singleline_field(self, field, options):
        autocomplete = AUTOCOMPLETE_BY_NAME.get(field.clean_name)
        attrs = {"autocomplete": autocomplete} if autocomplete else {}
        return self.text_field(options, SINGLE_LINE_MAX, widget=forms.TextInput(attrs=attrs))

    def create_condition_field(self, field, options):
        return self.text_field(options, CONDITION_MAX)

    def create_multiline_field(self, field, options):
        # No maxlength attribute: the browser would cut pasted text silently; the server says so.
        options["help_text"] = options["help_text"] or f"Up to {MESSAGE_MAX:,} characters."
        field_ = self.text_field(
            options,
            MESSAGE_MAX,
            field_class=forms.CharField,
            widget=forms.Textarea(attrs={"rows": 6}),
        )
        field_.widget.attrs.pop("maxlength", None)
        return field_

    def create_email_field(self, field, options):
        options["error_messages"]["invalid"] = (
            "Enter an email address in the correct format, like name@example.com"
        )
        return self.text_field(
            options,
            EMAIL_MAX,
            field_class=forms.EmailField,
            widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        )

    def create_tel_field(self, field, options):
        return self.text_field(
            options,
            PHONE_MAX,
            validators=[PHONE_VALIDATOR],
            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        )

    def create_date_field(self, field, options):
        options["widget"] = forms.DateInput(attrs={"type": "date"})
        return super().create_date_field(field, options)

    def create_checkbox_field(self, field, options):
        options["initial"] = False  # never pre-ticked, whatever the stored default says
        return forms.BooleanField(**options)

    def create_checkboxes_field(self, field, options):
        field_ = super().create_checkboxes_field(field, options)
        field_.initial = []
        return field_

    def create_dropdown_field(self, field, options):
        options["choices"] = [("", "Select an option")] + self.get_formatted_field_choices(field)
        return forms.ChoiceField(**options)

    def get_form_class(self):
        return type("ConsultationForm", (ConsultationBaseForm,), self.formfields)


class ConsultationBaseForm(BaseForm):
    """Adds the fixed fields after the editor's fields."""

    # Fields rendered by hand in the template rather than in the loop of editor fields.
    FIXED_FIELDS = (
        "privacy_consent",
        "marketing_opt_in",
        "website",
        "started",
        "idempotency_key",
        *ATTRIBUTION_FIELDS,
    )

    def __init__(self, *args, clinic_settings=None, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.clinic_settings = clinic_settings
        # For links: Wagtail keeps the site root paths on the request, read once per request.
        self.request = request
        clinic_name = getattr(clinic_settings, "clinic_name", "") or "the clinic"
        self.privacy_notice_page = getattr(clinic_settings, "privacy_notice_page", None)
        self.privacy_consent_text = f"I have read and understand {clinic_name}'s privacy notice"
        self.marketing_consent_text = (
            f"I would like to receive occasional news and offers from {clinic_name} by email. "
            "You can unsubscribe at any time."
        )
        self.fields["privacy_consent"] = forms.BooleanField(
            label=self.privacy_consent_text,
            error_messages={
                "required": "Confirm that you have read and understand the privacy notice"
            },
        )
        self.fields["marketing_opt_in"] = forms.BooleanField(
            label=self.marketing_consent_text, required=False
        )
        # The honeypot: hidden from people (CSS and aria-hidden), filled in by naive bots.
        self.fields["website"] = forms.CharField(
            required=False,
            max_length=SINGLE_LINE_MAX,
            label="Leave this field empty",
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.fields["started"] = forms.CharField(
            required=False, max_length=100, initial=sign_started_at, widget=forms.HiddenInput
        )
        self.fields["idempotency_key"] = forms.UUIDField(
            initial=uuid.uuid4,
            widget=forms.HiddenInput,
            error_messages={
                "required": "Something went wrong with the form: please send it again",
                "invalid": "Something went wrong with the form: please send it again",
            },
        )
        self.fields.update(attribution_fields())

    @property
    def privacy_consent_label(self):
        """The consent wording with 'privacy notice' linked to the page set in ClinicSettings."""
        page = self.privacy_notice_page
        if page is None or not page.live:
            return self.privacy_consent_text
        head, _, _ = self.privacy_consent_text.rpartition("privacy notice")
        url = page.get_url(self.request)
        return format_html('{}<a href="{}">privacy notice</a>', head, url)

    def patient_fields(self):
        return [field for field in self if field.name not in self.FIXED_FIELDS]

    def patient_answers(self):
        """What the patient typed and chose, as stored in the request's `form_data`."""
        return {field.name: self.cleaned_data.get(field.name) for field in self.patient_fields()}

    def consent_record(self):
        """What the patient agreed to, word for word, stored with the request."""
        notice = self.privacy_notice_page
        return {
            "privacy_consent_text": self.privacy_consent_text,
            "privacy_notice_url": (notice.full_url or "") if notice else "",
            "privacy_notice_version": privacy_notice_version(notice),
            "consented_at": timezone.now(),
            "marketing_opt_in": self.cleaned_data["marketing_opt_in"],
            "marketing_consent_text": self.marketing_consent_text,
        }

    def attribution(self):
        """Where the request came from (page, campaign tags), as stored with it."""
        return attribution_record(self.cleaned_data)

    def attribution_fields(self):
        return [self[name] for name in ATTRIBUTION_FIELDS]

    @property
    def honeypot_filled(self):
        return bool(self.data.get("website", "").strip())

    @property
    def error_list(self):
        """(field id or None, message) pairs in form order, for the error summary."""
        items = [(None, message) for message in self.non_field_errors()]
        for field in self:
            # Radio buttons and checkbox groups have no single input: link to the first.
            anchor = field.id_for_label or f"{field.auto_id}_0"
            for message in field.errors:
                items.append((anchor, message))
        return items


def privacy_notice_version(page):
    """What the patient agreed to: the privacy notice's live revision and its publication date."""
    if page is None:
        return "no privacy notice page set"
    published = page.last_published_at
    date = f"{timezone.localtime(published):%Y-%m-%d}" if published else "unpublished"
    return f"revision {page.live_revision_id or 'none'}, published {date}"[:120]
