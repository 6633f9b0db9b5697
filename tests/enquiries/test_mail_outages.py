"""A refused or hung mail server: the enquiry is kept, other work is not delayed, and the
emails go once when the server is back. Runs the database queue and its worker for real."""

import io
import time

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from clinic_site.images import prerender_image_renditions
from pages.enquiries.emails import EmailStatus, deliver_enquiry_emails
from pages.models import ConsultationSubmission
from pages.roles import ENQUIRY_HANDLERS, MARKETING_EDITORS, ensure_roles

from .conftest import valid_post
from .smtp_sink import SMTPSink
from .test_emails import FAILING_BACKEND

SMTP_TIMEOUT = 0.5


@pytest.fixture
def smtp_sink():
    sink = SMTPSink()
    yield sink
    sink.stop()


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }


def use_smtp(settings, address):
    host, port = address.split(":")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = host, int(port)
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = SMTP_TIMEOUT


def run_worker(queue):
    """One batch of the production worker on one queue; returns the seconds it took."""
    started = time.monotonic()
    call_command(
        "db_worker", batch=True, no_startup_delay=True, queue_name=queue, stdout=io.StringIO()
    )
    return time.monotonic() - started


# The worker closes its database connection when done: that needs a real transaction.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fault", ["refused_address", "hung_address"])
def test_a_failing_mail_server_keeps_the_enquiry_delays_nothing_else_and_sends_once_back(
    request, fault, settings, database_queue, booking_page, send_request, smtp_sink
):
    use_smtp(settings, request.getfixturevalue(fault))
    response = send_request(valid_post())
    assert response.status_code == 302
    submission = ConsultationSubmission.objects.get()
    prerender_image_renditions.enqueue(0)  # the site's own work, on the default queue

    # The default queue's worker never waits on mail: its task is done, the email untouched.
    # (The pages made for this test queued index and reference updates there too.)
    run_worker(settings.TASK_QUEUES[0])
    default_queue = DBTaskResult.objects.filter(queue_name="default")
    assert default_queue.filter(task_path__endswith="prerender_image_renditions").exists()
    assert set(default_queue.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert DBTaskResult.objects.get(queue_name="email").status == "READY"

    # The email worker tries, fails within the timeout, and schedules a retry.
    seconds = run_worker(settings.EMAIL_TASK_QUEUE)
    assert seconds < SMTP_TIMEOUT * 2 + 3
    submission.refresh_from_db()
    assert submission.email_status == EmailStatus.PENDING and submission.email_attempts == 1
    retry = DBTaskResult.objects.get(queue_name="email", status="READY")

    # The mail server is back: the retry sends both emails, and nothing sends them again.
    use_smtp(settings, f"127.0.0.1:{smtp_sink.port}")
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker(settings.EMAIL_TASK_QUEUE)
    call_command("send_pending_enquiry_emails", grace=0, stdout=io.StringIO())
    deliver_enquiry_emails(submission.pk)
    submission.refresh_from_db()
    assert submission.email_status == EmailStatus.SENT
    assert len(smtp_sink.messages) == 2
    assert sum(submission.reference in message for message in smtp_sink.messages) == 2


@pytest.mark.django_db
def test_a_failed_request_is_resent_once_by_the_command(
    send_request, booking_page, settings, capsys
):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    settings.ENQUIRY_EMAIL_MAX_ATTEMPTS = 1
    send_request(valid_post())
    submission = ConsultationSubmission.objects.get()
    assert submission.email_status == EmailStatus.FAILED

    # Still failing: reported, and the request goes back to waiting for the usual retries.
    with pytest.raises(SystemExit) as exit_status:
        call_command("resend_enquiry_emails", submission.reference.lower())
    assert exit_status.value.code == 1
    assert f"Still not sent (mail server down?): {submission.reference}" in capsys.readouterr().err
    ConsultationSubmission.objects.update(email_status=EmailStatus.FAILED)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("resend_enquiry_emails", "--all-failed")
    assert "Sent again: 1 request(s)." in capsys.readouterr().out
    call_command("resend_enquiry_emails", submission.reference)
    assert "Nothing to send" in capsys.readouterr().out
    submission.refresh_from_db()
    assert submission.email_status == EmailStatus.SENT
    assert sorted(m.to[0] for m in mail.outbox) == ["amira@example.com", "hello@example.com"]


@pytest.mark.django_db
def test_resending_sends_only_the_email_that_failed(send_request, booking_page, settings):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    settings.ENQUIRY_EMAIL_MAX_ATTEMPTS = 1
    send_request(valid_post())
    ConsultationSubmission.objects.update(staff_notified_at=timezone.now())
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("resend_enquiry_emails", "--all-failed", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [["amira@example.com"]]


@pytest.mark.django_db
def test_the_resend_command_names_unknown_references(booking_page):
    with pytest.raises(Exception, match="No request with reference CC-NOPE99"):
        call_command("resend_enquiry_emails", "CC-NOPE99")


def check_operations():
    """(exit status, stdout, stderr) of the monitoring command."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("check_operations", stdout=out, stderr=err)
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    return status, out.getvalue(), err.getvalue()


@pytest.mark.django_db(transaction=True)
def test_with_the_email_worker_stopped_the_backlog_shows_to_monitoring_and_handlers(
    client, settings, database_queue, booking_page, send_request, django_user_model
):
    for name in ("One", "Two", "Three"):
        assert send_request(valid_post(name=name)).status_code == 302
    assert ConsultationSubmission.objects.count() == 3
    twenty_minutes_ago = timezone.now() - timezone.timedelta(minutes=20)
    DBTaskResult.objects.filter(queue_name="email").update(enqueued_at=twenty_minutes_ago)
    ConsultationSubmission.objects.update(submit_time=twenty_minutes_ago)

    status, out, err = check_operations()
    assert status == 1
    assert "queue email: 3 waiting, oldest 12" in out  # 1200 s and a little
    assert "is `db_worker --queue-name email` running?" in err
    assert "3 enquiry request(s) with emails overdue" in err

    handler = django_user_model.objects.create_user("handler", password="pw")
    handler.groups.add(ensure_roles(apps)[ENQUIRY_HANDLERS])  # a flushed database has none
    client.force_login(handler)
    dashboard = client.get("/admin/").content.decode()
    assert "Emails waiting to send: 3, the oldest for 12" in dashboard
    assert "3 requests overdue" in dashboard

    run_worker(settings.EMAIL_TASK_QUEUE)  # the worker is started again
    status, out, err = check_operations()
    assert (status, err) == (0, "")
    assert "queue email: 0 waiting" in out and out.endswith("OK\n")
    assert "Emails waiting to send" not in client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_after_the_last_attempt_handlers_and_monitoring_are_told(
    client, send_request, booking_page, settings, django_user_model
):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    settings.ENQUIRY_EMAIL_MAX_ATTEMPTS = 1
    send_request(valid_post())
    status, _, err = check_operations()
    assert status == 1
    assert "1 enquiry request(s) whose emails failed every attempt" in err
    assert "resend_enquiry_emails --all-failed" in err

    handler = django_user_model.objects.create_user("handler", password="pw")
    handler.groups.add(ensure_roles(apps)[ENQUIRY_HANDLERS])  # a flushed database has none
    client.force_login(handler)
    dashboard = client.get("/admin/").content.decode()
    assert "1 request could not be emailed" in dashboard
    assert "?email_status=failed" in dashboard


@pytest.mark.django_db
def test_a_handler_sends_a_failed_requests_emails_again_from_the_admin(
    client,
    send_request,
    booking_page,
    settings,
    django_user_model,
    django_capture_on_commit_callbacks,
):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    settings.ENQUIRY_EMAIL_MAX_ATTEMPTS = 1
    send_request(valid_post())
    submission = ConsultationSubmission.objects.get()
    inspect_url = f"/admin/consultationsubmission/inspect/{submission.pk}/"
    resend_url = f"/admin/consultationsubmission/resend/{submission.pk}/"

    editor = django_user_model.objects.create_user("editor", password="pw")
    editor.groups.add(ensure_roles(apps)[MARKETING_EDITORS])
    client.force_login(editor)
    assert client.post(resend_url).status_code in (302, 403)
    submission.refresh_from_db()
    assert submission.email_status == EmailStatus.FAILED

    handler = django_user_model.objects.create_user("handler", password="pw")
    handler.groups.add(ensure_roles(apps)[ENQUIRY_HANDLERS])
    client.force_login(handler)
    assert resend_url in client.get(inspect_url).content.decode()
    confirm = client.get(resend_url)
    assert confirm.status_code == 200
    assert "Send emails again" in confirm.content.decode()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resend_url)
    assert response["Location"] == inspect_url
    submission.refresh_from_db()
    assert submission.email_status == EmailStatus.SENT
    assert len(mail.outbox) == 2
    assert resend_url not in client.get(inspect_url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(resend_url)  # a second click: nothing is sent twice
    assert len(mail.outbox) == 2
