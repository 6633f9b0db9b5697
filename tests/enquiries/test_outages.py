"""A valid enquiry is stored whenever PostgreSQL is up, whatever else is broken."""

import time

import pytest

from pages.models import ConsultationSubmission

from .conftest import valid_post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fault", ["refused_address", "hung_address"])
def test_enquiry_is_stored_when_redis_fails_and_the_rate_limit_fails_open(
    request, fault, redis_cache_at, booking_page, send_request, caplog
):
    redis_cache_at(request.getfixturevalue(fault))
    started = time.monotonic()
    first = send_request(valid_post())
    response = send_request(valid_post(name="Second Patient"))
    seconds = time.monotonic() - started
    assert first.status_code == response.status_code == 302
    assert "/thank-you/?ref=" in response["Location"]
    assert ConsultationSubmission.objects.count() == 2
    assert seconds < 1.5, f"two posts took {seconds:.2f} s"
    assert "rate limit not checked: the cache is unavailable" in caplog.text
