import html
import logging
import re
import time

import pytest
from django.test import Client

from pages.enquiries.spam import client_address, sign_started_at
from pages.models import ClinicSettings, ConsultationSubmission
from tests.factories import ConditionPageFactory, emergency_care_card

from .conftest import BOOKING_URL, valid_post

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_form_page_renders_editor_fields_then_fixed_consent_fields(client, booking_page):
    response = client.get(BOOKING_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    for field_id in ("id_name", "id_email", "id_phone", "id_message", "id_privacy_consent"):
        assert f'id="{field_id}"' in html
    assert 'type="tel"' in html and 'autocomplete="tel"' in html
    assert html.index('id="id_message"') < html.index('id="id_privacy_consent"')
    assert 'Test Vein Clinic&#x27;s <a href="/privacy-notice/">privacy notice</a>' in html
    assert re.search(r'<input type="checkbox" name="privacy_consent"(?![^>]*checked)', html)
    assert re.search(r'<input type="checkbox" name="marketing_opt_in"(?![^>]*checked)', html)


def test_condition_query_parameter_prefills_the_live_condition_pages_name(
    client, booking_page, condition_index
):
    ConditionPageFactory(parent=condition_index, title="Varicose veins", slug="varicose-veins")
    html = client.get(BOOKING_URL + "?condition=varicose-veins").content.decode()
    assert 'name="condition_of_interest" value="Varicose veins"' in html


def test_condition_query_parameter_that_names_no_live_condition_prefills_nothing(
    client, booking_page, condition_index
):
    draft = ConditionPageFactory(parent=condition_index, title="Draft", slug="draft", live=False)
    for condition in (draft.slug, "I am 14 weeks pregnant", "varicose-veins"):
        html = client.get(BOOKING_URL, {"condition": condition}).content.decode()
        assert re.search(r'name="condition_of_interest"(?![^>]*value=)', html), condition


def test_booking_button_on_a_condition_page_opens_the_form_with_the_conditions_name(
    client, booking_page, condition_index
):
    ClinicSettings.objects.update(booking_page=booking_page)
    condition = ConditionPageFactory(
        parent=condition_index,
        title="Deep vein thrombosis (DVT)",
        slug="deep-vein-thrombosis",
        body=[
            emergency_care_card("chest pain"),
            ("call_to_action", {"heading": "Talk to us", "button_label": "Book a consultation"}),
        ],
    )
    page_html = client.get(condition.url).content.decode()
    block = page_html[page_html.index("Talk to us") :]
    button_href = re.search(r'href="([^"]+)"[^>]*>\s*Book a consultation', block).group(1)

    form_html = client.get(html.unescape(button_href)).content.decode()

    assert html.unescape(button_href) == (
        f"{BOOKING_URL}?condition=deep-vein-thrombosis&from={condition.pk}"
    )
    assert 'name="condition_of_interest" value="Deep vein thrombosis (DVT)"' in form_html


def test_valid_request_is_stored_with_consent_record_then_redirected_to_reference(
    client, booking_page, privacy_page
):
    response = client.post(BOOKING_URL, valid_post(marketing_opt_in="on"))

    submission = ConsultationSubmission.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith(BOOKING_URL + "thank-you/?ref=")
    assert re.fullmatch(r"CC-[2-9A-HJKMNP-TV-Z]{6}", submission.reference)
    assert submission.form_data["name"] == "Amira Haddad"
    assert submission.email == "amira@example.com"
    assert submission.condition == "Deep vein thrombosis"
    assert submission.page_title == "Book a consultation"
    assert submission.privacy_consent_text == (
        "I have read and understand Test Vein Clinic's privacy notice"
    )
    privacy_page.refresh_from_db()
    assert submission.privacy_notice_version.startswith(
        f"revision {privacy_page.live_revision_id}, published "
    )
    assert submission.privacy_notice_url == "http://localhost/privacy-notice/"
    assert submission.consented_at is not None
    assert submission.marketing_opt_in is True

    thank_you = client.get(response["Location"])
    assert thank_you.status_code == 200
    assert thank_you["Cache-Control"] == "private, no-store"
    assert submission.reference in thank_you.content.decode()
    assert "What happens next" in thank_you.content.decode()


def test_marketing_opt_in_is_off_unless_ticked(client, booking_page):
    client.post(BOOKING_URL, valid_post())
    assert ConsultationSubmission.objects.get().marketing_opt_in is False


def test_thank_you_page_without_a_valid_signed_reference_goes_back_to_the_form(
    client, booking_page
):
    response = client.get(BOOKING_URL + "thank-you/?ref=CC-AAAAAA:forged:signature")
    assert response.status_code == 302
    assert response["Location"] == BOOKING_URL


def test_missing_consent_shows_error_summary_and_keeps_every_typed_value(client, booking_page):
    message = "Line one\nLine two with ünïcödé"
    response = client.post(BOOKING_URL, valid_post(privacy_consent=None, message=message))
    html = response.content.decode()

    assert response.status_code == 200
    assert ConsultationSubmission.objects.count() == 0
    assert "<title>Error: " in html
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    assert (
        '<a href="#id_privacy_consent">Confirm that you have read and understand the privacy '
        "notice</a>" in summary
    )
    assert 'id="id_privacy_consent_error"' in html
    assert 'value="Amira Haddad"' in html
    assert 'value="020 7946 0999"' in html
    assert 'value="Phone" id="id_preferred_contact_method_0" required checked' in html
    assert f">\n{message}</textarea>" in html


def test_invalid_email_and_phone_are_listed_in_the_summary_linking_each_field(client, booking_page):
    html = client.post(
        BOOKING_URL, valid_post(email="amira@", phone="call me", preferred_contact_method="")
    ).content.decode()
    assert (
        '<a href="#id_email">Enter an email address in the correct format, like name@example.com'
        in html
    )
    assert '<a href="#id_phone">Enter a telephone number, like 020 7946 0000' in html
    assert (
        '<a href="#id_preferred_contact_method_0">Select your preferred contact method</a>' in html
    )
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("name", 255),
        ("email", 254),
        ("phone", 20),
        ("condition_of_interest", 120),
        ("message", 2000),
    ],
)
def test_every_field_has_a_server_side_length_limit(client, booking_page, field, limit):
    value = "1" * (limit + 1) if field == "phone" else "a" * (limit + 1)
    if field == "email":
        value = "a" * (limit - 11) + "@example.com"
    response = client.post(BOOKING_URL, valid_post(**{field: value}))
    assert response.status_code == 200
    assert ConsultationSubmission.objects.count() == 0
    assert f'<a href="#id_{field}">' in response.content.decode()


def test_a_one_megabyte_message_is_refused_with_a_message_not_stored(client, booking_page):
    response = client.post(BOOKING_URL, valid_post(message="x" * 1_000_000))
    assert response.status_code == 200
    assert "Message must be 2,000 characters or fewer" in response.content.decode()
    assert ConsultationSubmission.objects.count() == 0


def test_a_body_bigger_than_django_accepts_is_a_400_not_a_500(client, booking_page):
    response = client.post(BOOKING_URL, valid_post(message="x" * 3_000_000))
    assert response.status_code == 400


def test_null_bytes_are_a_validation_error_not_a_database_error(client, booking_page):
    response = client.post(BOOKING_URL, valid_post(name="Amira\x00"))
    assert response.status_code == 200
    assert ConsultationSubmission.objects.count() == 0


def test_unknown_choice_and_garbage_idempotency_key_do_not_crash(client, booking_page):
    response = client.post(
        BOOKING_URL, valid_post(preferred_contact_method="Fax", idempotency_key="not-a-uuid")
    )
    assert response.status_code == 200
    assert ConsultationSubmission.objects.count() == 0


def test_unicode_rtl_and_emoji_names_are_stored_and_shown_intact(client, booking_page):
    name = "زينب الحسيني 👩🏽‍⚕️ Zoë"
    response = client.post(BOOKING_URL, valid_post(name=name, privacy_consent=None))
    assert f'value="{name}"' in response.content.decode()
    client.post(BOOKING_URL, valid_post(name=name))
    assert ConsultationSubmission.objects.get().form_data["name"] == name


def test_line_breaks_in_the_name_are_flattened_and_in_the_email_refused(client, booking_page):
    response = client.post(BOOKING_URL, valid_post(email="amira@example.com\r\nBcc: x@evil.test"))
    assert '<a href="#id_email">' in response.content.decode()
    client.post(BOOKING_URL, valid_post(name="Amira\r\nBcc: x@evil.test"))
    assert ConsultationSubmission.objects.get().form_data["name"] == "Amira Bcc: x@evil.test"


def test_xss_payloads_in_every_field_are_escaped_on_the_error_page_and_thank_you_page(
    client, booking_page
):
    text_fields = ("name", "email", "phone", "condition_of_interest", "message")
    payload = valid_post(**dict.fromkeys(text_fields, XSS), preferred_contact_method=XSS)
    html = client.post(BOOKING_URL, payload).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    for field in ("name", "email", "phone", "condition_of_interest"):
        assert f'name="{field}" value="{escaped}' in html, field
    assert f">\n{escaped}" in html  # the message textarea

    valid = {**payload, "email": "amira@example.com", "phone": "020 7946 0999"}
    response = client.post(BOOKING_URL, {**valid, "preferred_contact_method": "Phone"})
    thank_you = client.get(response["Location"]).content.decode()
    assert "<script>alert" not in thank_you and "onerror" not in thank_you
    assert ConsultationSubmission.objects.get().form_data["message"] == XSS


def test_posts_without_a_valid_csrf_token_are_rejected(booking_page):
    csrf_client = Client(enforce_csrf_checks=True)
    assert csrf_client.post(BOOKING_URL, valid_post()).status_code == 403

    csrf_client.get(BOOKING_URL)
    wrong = valid_post(csrfmiddlewaretoken="x" * 32)
    assert csrf_client.post(BOOKING_URL, wrong).status_code == 403
    assert ConsultationSubmission.objects.count() == 0

    token = csrf_client.cookies["csrftoken"].value
    right = valid_post(csrfmiddlewaretoken=token)
    assert csrf_client.post(BOOKING_URL, right).status_code == 302


def test_double_submit_redirects_to_the_first_request_without_a_duplicate(client, booking_page):
    payload = valid_post()
    first = client.post(BOOKING_URL, payload)
    second = client.post(BOOKING_URL, payload)

    reference = ConsultationSubmission.objects.get().reference
    assert f"?ref={reference}:" in first["Location"]
    assert f"?ref={reference}:" in second["Location"]


def test_honeypot_gets_an_honest_refusal_and_nothing_is_stored(client, booking_page):
    response = client.post(BOOKING_URL, valid_post(website="http://spam.example"))
    assert response.status_code == 400
    assert "Your request was not sent" in response.content.decode()
    assert ConsultationSubmission.objects.count() == 0


def test_honeypot_is_hidden_from_people_and_assistive_technology(client, booking_page):
    html = client.get(BOOKING_URL).content.decode()
    assert '<div class="honeypot" aria-hidden="true">' in html
    assert 'name="website" autocomplete="off" tabindex="-1"' in html


def test_a_form_sent_faster_than_a_person_can_fill_it_is_returned_intact(
    client, booking_page, settings
):
    settings.ENQUIRY_MIN_FILL_SECONDS = 3
    started = sign_started_at(time.time())
    response = client.post(BOOKING_URL, valid_post(started=started))
    html = response.content.decode()

    assert response.status_code == 200
    assert ConsultationSubmission.objects.count() == 0
    assert "press “Send request” again" in html
    assert 'value="Amira Haddad"' in html
    assert f'value="{started}"' in html  # the clock keeps running: sending again works


def test_a_forged_start_time_gets_a_fresh_one_and_no_storage(client, booking_page):
    response = client.post(BOOKING_URL, valid_post(started="12345:forged"))
    html = response.content.decode()
    assert ConsultationSubmission.objects.count() == 0
    assert "12345:forged" not in html
    assert 'name="started" value="' in html


def test_rate_limit_refuses_honestly_and_keeps_the_form(client, booking_page, settings):
    settings.ENQUIRY_RATE_LIMIT_COUNT = 2
    for _ in range(2):
        assert client.post(BOOKING_URL, valid_post()).status_code == 302
    response = client.post(BOOKING_URL, valid_post())
    html = response.content.decode()

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "We could not send your request" in html and "020 7946 0123" in html
    assert 'value="Amira Haddad"' in html
    assert ConsultationSubmission.objects.count() == 2


def test_rate_limit_counts_per_client_behind_a_trusted_proxy(client, booking_page, settings):
    settings.ENQUIRY_RATE_LIMIT_COUNT = 1
    settings.TRUSTED_PROXY_HOPS = 1
    first = client.post(BOOKING_URL, valid_post(), HTTP_X_FORWARDED_FOR="203.0.113.7")
    other = client.post(BOOKING_URL, valid_post(), HTTP_X_FORWARDED_FOR="203.0.113.8")
    again = client.post(BOOKING_URL, valid_post(), HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert (first.status_code, other.status_code, again.status_code) == (302, 302, 429)


def test_forwarded_for_is_ignored_unless_a_proxy_is_trusted(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9")
    settings.TRUSTED_PROXY_HOPS = 0
    assert client_address(request) == "10.0.0.5"
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_address(request) == "198.51.100.9"
    settings.TRUSTED_PROXY_HOPS = 2
    assert client_address(request) == "1.2.3.4"
    settings.TRUSTED_PROXY_HOPS = 3  # fewer entries than hops: the header is not to be trusted
    assert client_address(request) == "10.0.0.5"
    forged = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="not-an-ip")
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_address(forged) == "unknown"


def test_nothing_a_patient_types_reaches_the_logs(client, booking_page, caplog):
    caplog.set_level(logging.DEBUG)
    client.post(BOOKING_URL, valid_post(privacy_consent=None))
    client.post(BOOKING_URL, valid_post())
    client.post(BOOKING_URL, valid_post(website="spam"))
    logged = caplog.text
    reference = ConsultationSubmission.objects.get().reference
    assert reference in logged
    for secret in ("Amira", "amira@example.com", "7946 0999", "swollen", "Deep vein"):
        assert secret not in logged


def test_submission_survives_the_form_page_being_deleted(client, booking_page):
    client.post(BOOKING_URL, valid_post())
    booking_page.delete()

    submission = ConsultationSubmission.objects.get()
    assert submission.page is None
    assert submission.page_title == "Book a consultation"
    assert submission.form_data["name"] == "Amira Haddad"


def test_form_page_queries_stay_constant_as_editors_add_fields(
    client, booking_page, django_assert_max_num_queries
):
    from tests.factories import ConsultationFormFieldFactory

    client.get(BOOKING_URL)  # warm the site and settings caches, as on a live server
    with django_assert_max_num_queries(10):
        client.get(BOOKING_URL)
    ConsultationFormFieldFactory.create_batch(6, page=booking_page, required=False)
    with django_assert_max_num_queries(10):
        client.get(BOOKING_URL)
    with django_assert_max_num_queries(15):
        assert client.post(BOOKING_URL, valid_post()).status_code == 302


def test_a_shared_idempotency_key_never_swallows_a_different_patients_request(client, booking_page):
    shared = valid_post()
    first = client.post(BOOKING_URL, shared)
    second = client.post(BOOKING_URL, {**shared, "name": "Someone Else", "email": "se@example.com"})

    assert ConsultationSubmission.objects.count() == 2
    assert first["Location"] != second["Location"]
    assert {s.form_data["name"] for s in ConsultationSubmission.objects.all()} == {
        "Amira Haddad",
        "Someone Else",
    }
