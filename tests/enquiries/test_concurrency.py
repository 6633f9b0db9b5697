"""Many patients at once. Real concurrency needs PostgreSQL: SQLite serialises writers."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client

from pages.models import ConsultationSubmission

from .conftest import BOOKING_URL, valid_post

pytestmark = pytest.mark.django_db(transaction=True)


def post_from_own_connection(payload):
    try:
        return Client().post(BOOKING_URL, payload).status_code
    finally:
        connections.close_all()


@pytest.fixture
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (run with DATABASE_URL set)")


def test_concurrent_requests_are_all_stored_exactly_once(postgresql_only, booking_page, settings):
    settings.ENQUIRY_RATE_LIMIT_COUNT = 1000
    payloads = [valid_post(name=f"Patient {number}") for number in range(40)]
    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(post_from_own_connection, payloads))

    assert statuses == [302] * 40
    assert ConsultationSubmission.objects.count() == 40
    names = set(ConsultationSubmission.objects.values_list("form_data__name", flat=True))
    assert len(names) == 40


def test_the_same_form_sent_many_times_at_once_is_stored_once(
    postgresql_only, booking_page, settings
):
    settings.ENQUIRY_RATE_LIMIT_COUNT = 1000
    payload = valid_post()
    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(post_from_own_connection, [payload] * 10))

    assert statuses == [302] * 10
    assert ConsultationSubmission.objects.count() == 1


def test_the_worker_and_the_cron_command_never_send_the_same_email_twice(
    postgresql_only, send_request_without_mail, monkeypatch
):
    import threading
    import time

    from django.core import mail
    from django.core.mail.backends.locmem import EmailBackend

    from pages.enquiries.emails import deliver_enquiry_emails

    submission = send_request_without_mail()
    original_send = EmailBackend.send_messages

    def slow_send(self, messages):
        time.sleep(0.5)  # both callers are inside deliver_enquiry_emails at once
        return original_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", slow_send)

    def deliver():
        try:
            deliver_enquiry_emails(submission.pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    staff_emails = [m for m in mail.outbox if m.subject.startswith("New consultation request")]
    assert len(staff_emails) == 1
    submission.refresh_from_db()
    assert submission.email_attempts == 2  # the failed first try, then exactly one more


@pytest.fixture
def send_request_without_mail(booking_page, settings):
    """A stored request whose first email attempt failed, waiting to be sent again."""

    def send():
        settings.ENQUIRY_RATE_LIMIT_COUNT = 1000
        settings.EMAIL_BACKEND = "tests.enquiries.test_emails.MailServerDown"
        assert Client().post(BOOKING_URL, valid_post()).status_code == 302
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        return ConsultationSubmission.objects.get()

    return send
