"""Emails about consultation requests, sent by a background task after the request is stored.

django-tasks has no retries of its own, so attempts are recorded on the submission: a failed
send is re-queued with `run_after` when the backend can defer (django_tasks_db), and
`manage.py send_pending_enquiry_emails` re-sends anything still waiting (for the immediate
backend, or when a queue was lost). Staff are told only the reference, the condition (when it is
the title of a live condition page: the field is editable, so anything else is the patient's own
words and stays in the admin) and where to look; the patient gets fixed wording. Nothing a
patient typed goes into an email or a log. The emails are plain text: never HTML-escaped.
"""

import logging
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from wagtail.models import Site

from ..clinic.models import ClinicSettings
from ..conditions.models import ConditionPage

logger = logging.getLogger(__name__)

# Minutes to wait before attempt n+1 (the last figure repeats).
RETRY_DELAYS_MINUTES = [1, 5, 15, 60, 180, 360]


class EmailStatus(models.TextChoices):
    PENDING = "pending", "Waiting to send"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed: check the mail server"


def submissions():
    # A lazy model reference: the submission model queues these emails, so it imports this.
    return apps.get_model("pages", "ConsultationSubmission").objects


def email_backlog(now=None):
    """(failed, overdue): requests whose emails failed every attempt, and those still waiting
    past their retry time (or, never tried, for more than 15 minutes): signs of a stopped
    email worker or a mail server that is down."""
    now = now or timezone.now()
    failed = submissions().filter(email_status=EmailStatus.FAILED).count()
    overdue = (
        submissions()
        .filter(email_status=EmailStatus.PENDING)
        .filter(
            models.Q(next_email_attempt_at__lte=now - timedelta(minutes=15))
            | models.Q(
                next_email_attempt_at__isnull=True, submit_time__lte=now - timedelta(minutes=15)
            )
        )
        .count()
    )
    return failed, overdue


def retry_delay(attempts):
    return timedelta(minutes=RETRY_DELAYS_MINUTES[min(attempts, len(RETRY_DELAYS_MINUTES)) - 1])


def enqueue_enquiry_emails(submission_id):
    """Queue the emails; if the queue itself fails the request stays pending for the command."""
    try:
        send_enquiry_emails.enqueue(submission_id)
    except Exception as error:
        logger.error(
            "Could not queue emails for consultation request %s (%s).",
            submission_id,
            type(error).__name__,
        )


@task(queue_name=settings.EMAIL_TASK_QUEUE)
def send_enquiry_emails(submission_id):
    deliver_enquiry_emails(submission_id, requeue=True)


@transaction.atomic
def deliver_enquiry_emails(submission_id, requeue=False):
    """Send whichever of the two emails has not gone yet and record the outcome.

    The row is locked while sending, and a row another process is already sending is skipped,
    so the worker and the cron command never send the same email twice (PostgreSQL; SQLite
    allows one writer at a time anyway).
    """
    submission = submissions().select_for_update(skip_locked=True).filter(pk=submission_id).first()
    if submission is None or submission.email_status != EmailStatus.PENDING:
        return
    clinic = clinic_settings_for(submission)
    failed = False
    if submission.staff_notified_at is None:
        failed |= not send_and_record(
            submission, "staff_notified_at", staff_email(submission, clinic)
        )
    if submission.patient_acknowledged_at is None and submission.email:
        failed |= not send_and_record(
            submission, "patient_acknowledged_at", patient_email(submission, clinic)
        )

    submission.email_attempts += 1
    if not failed:
        submission.email_status = EmailStatus.SENT
        submission.next_email_attempt_at = None
    elif submission.email_attempts >= settings.ENQUIRY_EMAIL_MAX_ATTEMPTS:
        submission.email_status = EmailStatus.FAILED
        submission.next_email_attempt_at = None
        logger.error(
            "Gave up emailing about consultation request %s after %s attempts.",
            submission.reference,
            submission.email_attempts,
        )
    else:
        submission.next_email_attempt_at = timezone.now() + retry_delay(submission.email_attempts)
    submission.save(update_fields=["email_status", "email_attempts", "next_email_attempt_at"])

    if submission.email_status == EmailStatus.PENDING and requeue:
        requeue_later(submission)


def send_failed_again(submission_ids):
    """Give requests whose emails failed a fresh set of attempts; returns the ids reset.

    Only the emails not yet sent go again (deliver_enquiry_emails checks each), so a request is
    never emailed twice. For the resend command and the admin's "Send emails again".
    """
    failed = submissions().filter(pk__in=submission_ids, email_status=EmailStatus.FAILED)
    ids = list(failed.values_list("pk", flat=True))
    failed.update(email_status=EmailStatus.PENDING, email_attempts=0, next_email_attempt_at=None)
    return ids


def requeue_later(submission):
    backend = send_enquiry_emails.get_backend()
    if not backend.supports_defer:
        return  # the send_pending_enquiry_emails command picks it up
    when = submission.next_email_attempt_at
    transaction.on_commit(lambda: send_enquiry_emails.using(run_after=when).enqueue(submission.pk))


def send_and_record(submission, sent_field, message):
    try:
        message.send()
    except Exception as error:
        # The exception's text can hold addresses: log its type and the reference only.
        logger.warning(
            "Email for consultation request %s failed (%s).",
            submission.reference,
            type(error).__name__,
        )
        return False
    setattr(submission, sent_field, timezone.now())
    submission.save(update_fields=[sent_field])
    return True


def clinic_settings_for(submission):
    page = submission.page
    site = page.get_site() if page else None
    site = site or Site.objects.filter(is_default_site=True).first()
    return ClinicSettings.for_site(site) if site else None


def staff_recipients(submission, clinic):
    page = submission.page.specific if submission.page else None
    to_address = getattr(page, "to_address", "")
    if to_address:
        return [address.strip() for address in to_address.split(",") if address.strip()]
    return [clinic.email] if clinic and clinic.email else [settings.DEFAULT_FROM_EMAIL]


def listed_condition(condition):
    """The condition as staff may read it by email: a live condition page's title, or ""."""
    if condition and ConditionPage.objects.live().filter(title=condition).exists():
        return condition
    return ""


def staff_email(submission, clinic):
    admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "consultationsubmission:inspect", args=[submission.pk]
    )
    context = {
        "submission": submission,
        "condition": listed_condition(submission.condition),
        "condition_given": bool(submission.condition),
        "clinic": clinic,
        "admin_url": admin_url,
    }
    return EmailMessage(
        subject=f"New consultation request {submission.reference}",
        body=render_to_string("enquiries/emails/staff_notification.txt", context),
        to=staff_recipients(submission, clinic),
    )


def patient_email(submission, clinic):
    context = {"submission": submission, "clinic": clinic}
    return EmailMessage(
        subject=f"We have received your request ({submission.reference})",
        body=render_to_string("enquiries/emails/acknowledgement.txt", context),
        to=[submission.email],
        headers={"Auto-Submitted": "auto-generated"},
        reply_to=[clinic.email] if clinic and clinic.email else None,
    )
