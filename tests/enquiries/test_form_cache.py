"""The unsent booking form's HTML is kept until content changes (ConsultationFormPage.empty_form_html):
each visitor still gets their own hidden values, each link its own pre-filled values, and a sent
form is never taken from the cache."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pages.enquiries.spam import seconds_since_started
from pages.models import ConsultationFormField, ConsultationSubmission
from tests.factories import ConditionPageFactory

from .conftest import BOOKING_URL, valid_post

pytestmark = pytest.mark.django_db


def hidden(html, name):
    return re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', html).group(1)


def form_fields_queries(queries):
    return [q for q in queries.captured_queries if "consultationformfield" in q["sql"]]


def test_the_second_visitor_gets_the_kept_form_with_hidden_values_of_their_own(booking_page):
    first = Client(enforce_csrf_checks=True).get(BOOKING_URL).content.decode()
    second_visitor = Client(enforce_csrf_checks=True)
    with CaptureQueriesContext(connection) as queries:
        second = second_visitor.get(BOOKING_URL).content.decode()

    assert not form_fields_queries(queries)  # the form was not built again
    assert 'id="id_privacy_consent"' in second
    for name in ("csrfmiddlewaretoken", "idempotency_key"):
        assert hidden(first, name) != hidden(second, name), name
    # The start time is signed afresh (to the second: two visitors in one second share it).
    assert 0 <= seconds_since_started(hidden(second, "started")) < 5

    # The second visitor's copy works: their token, start time and key are accepted.
    answers = valid_post(
        csrfmiddlewaretoken=hidden(second, "csrfmiddlewaretoken"),
        idempotency_key=hidden(second, "idempotency_key"),
    )
    response = second_visitor.post(BOOKING_URL, answers)
    assert response.status_code == 302
    stored = ConsultationSubmission.objects.get()
    assert str(stored.idempotency_key) == hidden(second, "idempotency_key")


def test_each_link_gets_its_own_copy_with_its_own_values(client, booking_page, condition_index):
    condition = ConditionPageFactory(parent=condition_index, title="Varicose veins")
    link = {
        "condition": condition.slug,
        "from": str(condition.pk),
        "utm_source": "newsletter",
        "utm_campaign": "spring-veins",
    }
    from_link = client.get(BOOKING_URL, link).content.decode()
    plain = client.get(BOOKING_URL).content.decode()
    from_link_again = client.get(BOOKING_URL, link).content.decode()

    assert 'name="condition_of_interest" value="Varicose veins"' in from_link
    assert hidden(from_link, "source_page") == str(condition.pk)
    assert hidden(from_link, "utm_source") == "newsletter"
    assert hidden(from_link, "utm_campaign") == "spring-veins"
    assert re.search(r'name="condition_of_interest"(?![^>]*value=)', plain)
    assert hidden(plain, "source_page") == str(booking_page.pk)
    assert 'name="utm_source" value="newsletter"' not in plain
    assert hidden(from_link_again, "source_page") == str(condition.pk)


def test_publishing_a_change_to_the_form_shows_on_the_next_visit(client, booking_page):
    assert "Your full name" not in client.get(BOOKING_URL).content.decode()
    field = ConsultationFormField.objects.get(page=booking_page, clean_name="name")
    field.label = "Your full name"
    field.save()
    booking_page.save_revision().publish()

    assert "Your full name" in client.get(BOOKING_URL).content.decode()


def test_a_sent_form_with_errors_is_rendered_with_what_the_patient_typed(client, booking_page):
    client.get(BOOKING_URL)  # the unsent form is kept
    response = client.post(BOOKING_URL, valid_post(email="not an email", name="Amira Haddad"))
    html = response.content.decode()

    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'value="Amira Haddad"' in html
    assert 'value="not an email"' in html
    # A later visitor still gets the unsent form, not this patient's answers.
    assert "Amira Haddad" not in Client().get(BOOKING_URL).content.decode()
