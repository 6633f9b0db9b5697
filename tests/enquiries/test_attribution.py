"""Where a request comes from: the source page and the campaign tags, carried without cookies."""

import html
import re

import pytest
from django.test import Client

from pages.enquiries.attribution import ATTRIBUTION_FIELDS, clean_campaign_tag
from pages.models import ClinicSettings, ConsultationSubmission
from tests.factories import ConditionPageFactory, StandardPageFactory, emergency_care_card

from .conftest import BOOKING_URL, valid_post

pytestmark = pytest.mark.django_db

SPRING = {"utm_source": "newsletter", "utm_medium": "email", "utm_campaign": "spring-veins"}
RADIO = {"utm_source": "radio", "utm_medium": "advert", "utm_campaign": "winter.2026"}
NO_TAGS = {"utm_source": "", "utm_medium": "", "utm_campaign": ""}
HIDDEN_INPUT = re.compile(r'<input type="hidden" name="(\w+)"(?: value="([^"]*)")?')


def hidden_fields(page_html):
    """The attribution fields of the (first) consultation form in a page, as posted."""
    found = {name: html.unescape(value) for name, value in HIDDEN_INPUT.findall(page_html)}
    return {name: found[name] for name in ATTRIBUTION_FIELDS}


def booking_href(page_html):
    block = page_html[page_html.index("Talk to us") :]
    href = re.search(r'href="([^"]+)"[^>]*>\s*Book a consultation', block).group(1)
    return html.unescape(href)


def stored_tags(submission):
    return {tag: getattr(submission, tag) for tag in SPRING}


@pytest.fixture
def dvt(booking_page, condition_index):
    ClinicSettings.objects.update(booking_page=booking_page)
    return ConditionPageFactory(
        parent=condition_index,
        title="Deep vein thrombosis (DVT)",
        slug="deep-vein-thrombosis",
        body=[
            emergency_care_card("chest pain"),
            ("call_to_action", {"heading": "Talk to us", "button_label": "Book a consultation"}),
        ],
    )


def test_two_campaigns_and_an_untagged_visit_through_one_cached_page_each_store_their_own(
    booking_page, dvt, django_capture_on_commit_callbacks
):
    visits = [(SPRING, "miss"), (RADIO, "miss"), ({}, "miss"), (SPRING, "hit"), ({}, "hit")]
    for tags, cache_state in visits:
        visitor = Client()  # no cookies shared between visitors
        response = visitor.get(dvt.url, tags)
        assert response["X-Page-Cache"] == cache_state
        page_html = response.content.decode()
        # Only the CSRF cookie the form needs anyway (strictly necessary): no tag is stored.
        assert set(response.cookies) <= {"csrftoken"}

        # The booking button carries the tags and the page to the form page ...
        form_html = visitor.get(booking_href(page_html)).content.decode()
        carried = hidden_fields(form_html)
        assert carried == {"source_page": str(dvt.pk), **NO_TAGS, **tags}
        # ... and so does the form embedded in the condition page itself.
        assert hidden_fields(page_html) == carried

        with django_capture_on_commit_callbacks(execute=True):
            visitor.post(BOOKING_URL, valid_post(**carried))
        stored = ConsultationSubmission.objects.order_by("-pk").first()
        assert stored_tags(stored) == {**NO_TAGS, **tags}
        assert (stored.source_page_id, stored.source_page_title) == (dvt.pk, dvt.title)
        assert stored.condition == "Deep vein thrombosis"


def test_header_button_carries_the_page_and_tags_from_any_page(client, booking_page, home_page):
    ClinicSettings.objects.update(booking_page=booking_page)
    about = StandardPageFactory(parent=home_page, title="About us", slug="about")
    page_html = client.get(about.url, SPRING).content.decode()
    expected = (
        f"{BOOKING_URL}?from={about.pk}&amp;utm_source=newsletter&amp;utm_medium=email"
        "&amp;utm_campaign=spring-veins"
    )
    assert f'href="{expected}">Book a consultation</a>' in page_html


def test_the_menu_page_for_phones_without_javascript_carries_the_tags_to_its_button(
    client, booking_page, home_page
):
    ClinicSettings.objects.update(booking_page=booking_page)
    tags = "utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=spring-veins"
    assert f'href="/menu/?{tags}"' in client.get("/", SPRING).content.decode()
    menu_html = client.get("/menu/", SPRING).content.decode()
    assert f'href="{BOOKING_URL}?{tags}">Book a consultation</a>' in menu_html
    assert 'href="/menu/"' in client.get("/").content.decode()


def test_the_article_fragment_is_kept_per_campaign_when_the_page_cache_is_bypassed(
    client, dvt, admin_user
):
    client.force_login(admin_user)  # a session: the whole-page cache is not used
    assert "utm_source=newsletter" in booking_href(client.get(dvt.url, SPRING).content.decode())
    untagged = booking_href(client.get(dvt.url).content.decode())
    assert untagged == f"{BOOKING_URL}?condition=deep-vein-thrombosis&from={dvt.pk}"


def test_a_campaign_linking_straight_to_the_form_counts_it_as_the_source_page(
    client, booking_page, send_request
):
    carried = hidden_fields(client.get(BOOKING_URL, SPRING).content.decode())
    assert carried == {"source_page": str(booking_page.pk), **SPRING}
    send_request(valid_post(**carried))
    stored = ConsultationSubmission.objects.get()
    assert stored_tags(stored) == SPRING
    assert stored.source_page_id == booking_page.pk


@pytest.mark.parametrize(
    "value, kept",
    [
        ("spring-veins", "spring-veins"),
        ("Spring_2026.v2", "Spring_2026.v2"),
        (" newsletter ", "newsletter"),
        ("a" * 50, "a" * 50),
        ("a" * 51, ""),
        ("news letter", ""),
        ("amira@example.com", ""),
        ("<script>", ""),
        ("café", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_campaign_tags_are_short_and_plain_or_dropped(value, kept):
    assert clean_campaign_tag(value) == kept


def test_invalid_tags_in_the_address_are_not_carried(client, booking_page):
    query = {"utm_source": "amira@example.com", "utm_medium": "x" * 80, "utm_campaign": "ok"}
    carried = hidden_fields(client.get(BOOKING_URL, query).content.decode())
    assert carried == {"source_page": str(booking_page.pk), **NO_TAGS, "utm_campaign": "ok"}


def test_invalid_tags_posted_are_dropped_without_troubling_the_patient(booking_page, send_request):
    response = send_request(
        valid_post(utm_source="Amira Haddad", utm_medium="email", utm_campaign="x" * 101)
    )
    assert response.status_code == 302
    stored = ConsultationSubmission.objects.get()
    assert stored_tags(stored) == {**NO_TAGS, "utm_medium": "email"}


def test_a_source_page_that_is_not_a_live_page_is_dropped(booking_page, home_page, send_request):
    draft = StandardPageFactory(parent=home_page, title="Secret draft", live=False)
    for spoofed in (str(draft.pk), "999999", "-1", "1e3", "9" * 40, "<b>"):
        send_request(valid_post(source_page=spoofed))
        stored = ConsultationSubmission.objects.order_by("-pk").first()
        assert (stored.source_page, stored.source_page_title) == (None, ""), spoofed


def test_source_page_and_tags_survive_a_form_error(client, booking_page, dvt, send_request):
    carried = hidden_fields(client.get(BOOKING_URL, {"from": dvt.pk, **SPRING}).content.decode())
    response = send_request(valid_post(name="", **carried))
    assert response.status_code == 200 and "Enter your name" in response.content.decode()
    assert hidden_fields(response.content.decode()) == carried

    send_request(valid_post(**hidden_fields(response.content.decode())))
    stored = ConsultationSubmission.objects.get()
    assert stored_tags(stored) == SPRING and stored.source_page_id == dvt.pk


def test_attribution_is_not_part_of_the_patients_answers(booking_page, send_request):
    send_request(valid_post(source_page=str(booking_page.pk), **SPRING))
    stored = ConsultationSubmission.objects.get()
    assert not set(ATTRIBUTION_FIELDS) & set(stored.form_data)
