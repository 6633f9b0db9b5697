import io
import logging
from datetime import timedelta
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone

from pages.enquiries.emails import EmailStatus, deliver_enquiry_emails, send_enquiry_emails
from pages.models import ClinicSettings, ConsultationSubmission
from tests.factories import ConditionPageFactory

from .conftest import valid_post

pytestmark = pytest.mark.django_db

FAILING_BACKEND = "tests.enquiries.test_emails.MailServerDown"


class MailServerDown(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed: amira@example.com")


def test_staff_email_carries_only_reference_condition_and_admin_link(
    send_request, booking_page, condition_index
):
    ConditionPageFactory(parent=condition_index, title="Deep vein thrombosis", slug="dvt")
    send_request(valid_post())
    submission = ConsultationSubmission.objects.get()
    staff = next(message for message in mail.outbox if message.to == ["hello@example.com"])

    assert staff.subject == f"New consultation request {submission.reference}"
    assert "Condition: Deep vein thrombosis" in staff.body
    assert f"http://testserver/admin/consultationsubmission/inspect/{submission.pk}/" in staff.body
    for private in ("Amira", "amira@example.com", "7946 0999", "swollen"):
        assert private not in staff.body


def test_staff_email_goes_to_the_page_notify_addresses_when_set(send_request, booking_page):
    booking_page.to_address = "triage@example.com, surgeon@example.com"
    booking_page.save()
    send_request(valid_post())
    assert ["triage@example.com", "surgeon@example.com"] in [m.to for m in mail.outbox]


def test_patient_acknowledgement_has_fixed_wording_and_never_echoes_free_text(
    send_request, booking_page
):
    send_request(valid_post(name="<b>Amira</b>", message="Please call after 6pm"))
    submission = ConsultationSubmission.objects.get()
    patient = next(message for message in mail.outbox if message.to == ["amira@example.com"])

    assert submission.reference in patient.subject and submission.reference in patient.body
    assert "Amira" not in patient.body and "6pm" not in patient.body
    assert "Deep vein thrombosis" not in patient.body
    assert patient.extra_headers["Auto-Submitted"] == "auto-generated"
    submission.refresh_from_db()
    assert submission.email_status == EmailStatus.SENT
    assert submission.staff_notified_at and submission.patient_acknowledged_at


@pytest.mark.parametrize(
    "typed",
    [
        "DVT, I am 14 weeks pregnant and on the pill; HIV positive",
        "<script>alert(1)</script>",
        "Deep vein thrombosis (draft)",  # the title of no live page
    ],
)
def test_a_condition_that_is_not_a_live_condition_title_stays_out_of_the_staff_email(
    send_request, booking_page, condition_index, typed
):
    ConditionPageFactory(parent=condition_index, title="Deep vein thrombosis", slug="dvt")
    ConditionPageFactory(
        parent=condition_index, title="Deep vein thrombosis (draft)", slug="draft", live=False
    )
    send_request(valid_post(condition_of_interest=typed))
    staff = next(message for message in mail.outbox if message.to == ["hello@example.com"])
    assert "Condition: in the patient's own words: read it in the admin" in staff.body
    assert typed not in staff.body
    for words in ("pregnant", "HIV", "script", "draft"):
        assert words not in staff.body
    assert ConsultationSubmission.objects.get().condition == typed  # kept for the admin


def test_plain_text_emails_are_not_html_escaped(send_request, booking_page, condition_index):
    ConditionPageFactory(parent=condition_index, title="Raynaud's & chilblains", slug="raynauds")
    ClinicSettings.objects.update(clinic_name="St John's Vein & Skin Clinic")
    send_request(valid_post(condition_of_interest="Raynaud's & chilblains"))
    staff = next(message for message in mail.outbox if message.to == ["hello@example.com"])
    patient = next(message for message in mail.outbox if message.to == ["amira@example.com"])
    assert "Condition: Raynaud's & chilblains" in staff.body
    assert "St John's Vein & Skin Clinic" in patient.body
    for body in (staff.body, patient.body):
        assert "&#x27;" not in body and "&amp;" not in body


def test_line_breaks_in_name_cannot_add_email_headers(send_request, booking_page):
    send_request(valid_post(name="Amira\r\nBcc: victim@evil.test"))
    for message in mail.outbox:
        headers = message.message()
        assert headers["Bcc"] is None
        assert "evil.test" not in str(headers)


def test_with_the_mail_server_down_the_patient_is_thanked_and_the_email_sent_later(
    client, send_request, booking_page, settings
):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    response = send_request(valid_post())
    thank_you = client.get(response["Location"])
    submission = ConsultationSubmission.objects.get()

    assert response.status_code == 302 and thank_you.status_code == 200
    assert submission.reference in thank_you.content.decode()
    assert submission.email_status == EmailStatus.PENDING
    assert submission.email_attempts == 1
    assert submission.next_email_attempt_at > timezone.now()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_pending_enquiry_emails", stdout=None)
    assert len(mail.outbox) == 0  # not due yet

    ConsultationSubmission.objects.update(next_email_attempt_at=timezone.now())
    call_command("send_pending_enquiry_emails")
    submission.refresh_from_db()
    assert submission.email_status == EmailStatus.SENT
    assert submission.email_attempts == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["amira@example.com", "hello@example.com"]


def test_a_failed_send_is_requeued_for_later_when_the_backend_can_defer(
    send_request, booking_page, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": settings.TASK_QUEUES,
        }
    }
    send_request(valid_post())
    submission = ConsultationSubmission.objects.get()
    backend = send_enquiry_emails.get_backend()
    assert [result.args for result in backend.results] == [[submission.pk]]

    settings.EMAIL_BACKEND = FAILING_BACKEND
    with django_capture_on_commit_callbacks(execute=True):
        send_enquiry_emails.call(submission.pk)

    retry = backend.results[-1]
    submission.refresh_from_db()
    assert len(backend.results) == 2
    assert retry.task.run_after == submission.next_email_attempt_at
    assert retry.task.run_after > timezone.now() + timedelta(seconds=30)


def test_only_the_email_that_failed_is_sent_again(send_request, booking_page, settings):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    send_request(valid_post())
    submission = ConsultationSubmission.objects.get()
    staff_sent = timezone.now() - timedelta(minutes=1)
    ConsultationSubmission.objects.update(staff_notified_at=staff_sent)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    deliver_enquiry_emails(submission.pk)
    assert [message.to for message in mail.outbox] == [["amira@example.com"]]


def test_after_the_last_attempt_the_request_is_marked_failed_and_logged_without_details(
    send_request, booking_page, settings, caplog
):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    settings.ENQUIRY_EMAIL_MAX_ATTEMPTS = 2
    caplog.set_level(logging.INFO)
    send_request(valid_post())
    submission = ConsultationSubmission.objects.get()
    deliver_enquiry_emails(submission.pk)

    submission.refresh_from_db()
    assert submission.email_status == EmailStatus.FAILED
    assert submission.next_email_attempt_at is None
    assert f"Gave up emailing about consultation request {submission.reference}" in caplog.text
    assert "amira@example.com" not in caplog.text
    assert "SMTPServerDisconnected" in caplog.text


def test_a_request_is_kept_and_emailed_later_when_the_task_queue_is_down(
    send_request, booking_page, monkeypatch
):
    def queue_down(*args, **kwargs):
        raise ConnectionError("queue unavailable")

    monkeypatch.setattr(type(send_enquiry_emails), "enqueue", queue_down)
    response = send_request(valid_post())
    assert response.status_code == 302
    submission = ConsultationSubmission.objects.get()
    assert submission.email_attempts == 0 and len(mail.outbox) == 0

    monkeypatch.undo()
    call_command("send_pending_enquiry_emails", grace=0)
    submission.refresh_from_db()
    assert submission.email_status == EmailStatus.SENT


# The worker closes its database connection when done: that needs a real transaction.
@pytest.mark.django_db(transaction=True)
def test_with_the_database_queue_the_worker_sends_and_defers_retries(
    send_request, booking_page, settings
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }
    settings.EMAIL_BACKEND = FAILING_BACKEND
    send_request(valid_post())
    submission = ConsultationSubmission.objects.get()
    assert DBTaskResult.objects.get().args_kwargs == {"args": [submission.pk], "kwargs": {}}
    assert len(mail.outbox) == 0  # nothing is sent in the request

    def run_worker():
        call_command(
            "db_worker",
            batch=True,
            no_startup_delay=True,
            queue_name=settings.EMAIL_TASK_QUEUE,
            stdout=io.StringIO(),
        )

    run_worker()
    submission.refresh_from_db()
    retry = DBTaskResult.objects.get(status="READY")
    assert submission.email_attempts == 1
    assert retry.run_after == submission.next_email_attempt_at

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    submission.refresh_from_db()
    assert submission.email_status == EmailStatus.SENT
    assert len(mail.outbox) == 2
