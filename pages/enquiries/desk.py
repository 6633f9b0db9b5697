"""The enquiry desk: how the patient team works each request to an outcome.

The rules live here once: which outcomes mean the patient was reached (and so set the time of
first contact), what "overdue" and "open" mean, how a change is recorded and audited, and where
a request's phone number and preferred contact method are. Statuses are `EnquiryStatus`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.log_actions import log

from .models import EnquiryStatus

NOTE_MAX = 1000

# Recording one of these means someone spoke to or wrote to the patient: the first one sets
# first_contacted_at. "Not proceeding" counts because the patient told us so; "could not reach"
# does not, and neither does going back to "new".
REACHED_STATUSES = {EnquiryStatus.CONTACTED, EnquiryStatus.BOOKED, EnquiryStatus.NOT_PROCEEDING}
# Still someone's job: "assigned to me" on the dashboard lists these.
OPEN_STATUSES = [EnquiryStatus.NEW, EnquiryStatus.CONTACTED, EnquiryStatus.COULD_NOT_REACH]

ENQUIRY_VIEWED = "pages.enquiry_viewed"
ENQUIRY_EXPORTED = "pages.enquiry_exported"
ENQUIRY_CHANGED = "pages.enquiry_changed"
ENQUIRY_ERASED = "pages.enquiry_erased"


class NotProceedingReason(models.Model):
    """Why a patient did not go ahead: a short list the patient team keeps (Enquiries menu)."""

    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "reason for not proceeding"
        verbose_name_plural = "reasons for not proceeding"

    def __str__(self):
        return self.name


class EnquiryNote(models.Model):
    """The patient team's note on a request: shown on the request only, never emailed or
    reported; part of the patient's subject-access export, erased with the request."""

    submission = models.ForeignKey(
        "pages.ConsultationSubmission", on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(max_length=NOTE_MAX)

    class Meta:
        ordering = ["created_at"]
        verbose_name = "internal note"

    def __str__(self):
        return f"Note on {self.submission_id} at {self.created_at:%Y-%m-%d %H:%M}"


def overdue(now=None):
    """Still new, and past the response target."""
    return Q(status=EnquiryStatus.NEW, respond_by__lt=now or timezone.now())


def is_overdue(submission, now=None):
    return (
        submission.status == EnquiryStatus.NEW
        and submission.respond_by is not None
        and submission.respond_by < (now or timezone.now())
    )


def record_outcome(submission, user, changed_fields, note_text=""):
    """Save a handler's change to one request: first contact, the note, the audit entry.

    `submission` carries the new values; `changed_fields` names them. The log holds field
    names and the new status only: nothing the patient wrote, no note text.
    """
    fields = list(changed_fields)
    if submission.status in REACHED_STATUSES and submission.first_contacted_at is None:
        submission.first_contacted_at = timezone.now()
        fields.append("first_contacted_at")
    if fields:
        submission.save(update_fields=fields)
    if note_text:
        EnquiryNote.objects.create(submission=submission, author=user, text=note_text)
    logged = [name for name in fields if name != "first_contacted_at"]
    if note_text:
        logged.append("note")
    if logged:
        log(
            submission,
            ENQUIRY_CHANGED,
            user=user,
            data={"fields": logged, "status": submission.status},
        )


def log_access(submissions, action, user, **data):
    """One audit entry per request seen or exported (references only: the label is it)."""
    for submission in submissions:
        log(submission, action, user=user, data=data)


def contact_details(submission):
    """(phone, preferred contact method) from the answers, as the form page names them.

    The phone is the answer to the page's phone-number field; the preferred method the answer
    to a choice field whose name mentions "contact". A request whose page has gone falls back
    on the demo form's names.
    """
    phone_name, method_name = "phone", "preferred_contact_method"
    page = submission.page.specific if submission.page else None
    for field in getattr(page, "get_form_fields", list)():
        if field.field_type == "tel":
            phone_name = field.clean_name
        elif field.field_type in {"radio", "dropdown"} and "contact" in field.clean_name:
            method_name = field.clean_name
    answers = submission.form_data
    return answers.get(phone_name, ""), answers.get(method_name, "")
