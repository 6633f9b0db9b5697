import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from pages.models import ClinicSettings, ConsultationFormPage, ConsultationSubmission, HomePage

from .conftest import BOOKING_URL, valid_post

pytestmark = pytest.mark.django_db


def run(*args, **options):
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def test_purge_deletes_only_requests_older_than_the_retention_period(
    client, booking_page, settings
):
    settings.ENQUIRY_RETENTION_DAYS = 365
    client.post(BOOKING_URL, valid_post(name="Old"))
    client.post(BOOKING_URL, valid_post(name="Recent"))
    ConsultationSubmission.objects.filter(form_data__name="Old").update(
        submit_time=timezone.now() - timedelta(days=366)
    )

    assert "1 request(s) older than 365 days would be deleted" in run(
        "purge_expired_enquiries", dry_run=True
    )
    assert ConsultationSubmission.objects.count() == 2
    assert "Deleted 1 request(s)" in run("purge_expired_enquiries")
    assert [s.form_data["name"] for s in ConsultationSubmission.objects.all()] == ["Recent"]


def test_data_request_exports_everything_for_one_email_ignoring_case(client, booking_page):
    client.post(BOOKING_URL, valid_post(email="Amira@Example.com", message="First"))
    client.post(BOOKING_URL, valid_post(email="amira@example.com", message="Second"))
    client.post(BOOKING_URL, valid_post(email="someone.else@example.com"))

    exported = json.loads(run("enquiry_data", "AMIRA@example.com", export=True))
    assert [row["form_data"]["message"] for row in exported] == ["First", "Second"]
    assert {"reference", "privacy_consent_text", "consented_at"} <= set(exported[0])


def test_data_request_erases_only_with_confirmation(client, booking_page):
    client.post(BOOKING_URL, valid_post(email="amira@example.com"))
    client.post(BOOKING_URL, valid_post(email="someone.else@example.com"))

    with pytest.raises(CommandError, match="1 request"):
        run("enquiry_data", "amira@example.com", erase=True)
    assert "Erased 1 request(s)" in run("enquiry_data", "amira@example.com", erase=True, yes=True)
    assert list(ConsultationSubmission.objects.values_list("email", flat=True)) == [
        "someone.else@example.com"
    ]


def render_tag(condition_name):
    request = RequestFactory().get("/conditions/dvt/")
    template = Template("{% load consultation_tags %}{% consultation_form condition_name=name %}")
    return template.render(Context({"request": request, "name": condition_name}))


def test_embedded_form_posts_to_the_booking_page_with_the_condition_filled_in(booking_page):
    ClinicSettings.objects.update(booking_page=booking_page)
    html = render_tag("Deep vein thrombosis")
    assert '<h2 id="consultation-heading">Book a consultation</h2>' in html
    assert "Complete the form below and one of our specialists will contact you." in html
    assert "You are asking about: <strong>Deep vein thrombosis</strong>" in html
    assert f'action="{BOOKING_URL}"' in html
    assert 'name="condition_of_interest" value="Deep vein thrombosis"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="privacy_consent"' in html


@pytest.mark.parametrize("title", ["Varicose veins", "DVT", "Restless legs syndrome"])
def test_embedded_form_never_puts_the_page_title_inside_a_sentence(booking_page, title):
    ClinicSettings.objects.update(booking_page=booking_page)
    html = render_tag(title)
    assert f"You are asking about: <strong>{title}</strong>" in html
    assert f"a {title}" not in html
    assert f"{title} specialist" not in html


def test_embedded_form_escapes_the_condition_name(booking_page):
    html = render_tag('<img src=x onerror="alert(1)">')
    assert "<img src=x" not in html


def test_embedded_form_renders_nothing_without_a_live_booking_page(home_page):
    assert render_tag("Deep vein thrombosis").strip() == ""


def test_seed_builds_the_booking_page_and_links_it_from_settings_and_home(client):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    page = ConsultationFormPage.objects.get()
    labels = [field.label for field in page.form_fields.all()]
    assert labels == [
        "Name",
        "Email",
        "Phone",
        "Preferred contact method",
        "Condition of interest",
        "Message",
    ]
    assert ClinicSettings.objects.get().booking_page_id == page.pk
    assert HomePage.objects.get().hero_cta_page_id == page.pk
    assert client.get(BOOKING_URL).status_code == 200
