import time

import pytest
from django.core.cache import cache

from pages.demo_content import consultation_form_fields
from pages.enquiries.spam import sign_started_at
from tests.factories import ConsultationFormPageFactory, StandardPageFactory

BOOKING_URL = "/book-a-consultation/"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The rate limit lives in the cache, which outlives a test's database transaction."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def privacy_page(home_page):
    from pages.models import ClinicSettings

    page = StandardPageFactory(parent=home_page, title="Privacy notice", slug="privacy-notice")
    page.save_revision().publish()  # its live revision is the version patients agree to
    ClinicSettings.objects.update(privacy_notice_page=page)
    return page


@pytest.fixture
def booking_page(home_page, privacy_page):
    """The demo's booking form: name, email, phone, contact method, condition, message."""
    page = ConsultationFormPageFactory(parent=home_page)
    for order, field in enumerate(consultation_form_fields()):
        field.page = page
        field.sort_order = order
        field.save()
    return page


def valid_post(**overrides):
    """A complete, consenting request, shown a minute ago (past the minimum time to fill)."""
    import uuid

    data = {
        "name": "Amira Haddad",
        "email": "amira@example.com",
        "phone": "020 7946 0999",
        "preferred_contact_method": "Phone",
        "condition_of_interest": "Deep vein thrombosis",
        "message": "My left calf has been swollen for a week.",
        "privacy_consent": "on",
        "started": sign_started_at(time.time() - 60),
        "idempotency_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def send_request(client, django_capture_on_commit_callbacks):
    """POST to the booking page and run what waits for the commit (queueing the emails)."""

    def send(data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(BOOKING_URL, data, **extra)

    return send
