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
