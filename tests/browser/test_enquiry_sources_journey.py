"""A patient arrives from a campaign link and books; marketing sees where it came from, no one."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from pages.enquiries.models import EnquiryStatus
from pages.enquiries.reports import FEWER_THAN_5
from pages.models import ConsultationSubmission
from pages.roles import MARKETING_EDITORS
from tests.factories import ConsultationSubmissionFactory

from .conftest import assert_no_serious_axe_violations, assert_nothing_broken, sign_in_to_admin

pytestmark = pytest.mark.browser

SPRING = {"utm_source": "newsletter", "utm_medium": "email", "utm_campaign": "spring-veins"}
CAMPAIGN = "utm_source=newsletter&utm_medium=email&utm_campaign=spring-veins"
PATIENT = {
    "#id_name": "Marguerite Oyelaran-Fitch",
    "#id_email": "marguerite.of@example.com",
    "#id_phone": "020 7946 0777",
    "#id_message": "Tight, aching calf after a long flight.",
}


def earlier_months_of_requests():
    """Some history before this month, so the report has a shape (none of it this month)."""
    month = timezone.localdate().replace(day=1)
    for months_back, count in ((3, 14), (2, 9), (1, 17)):
        day = month
        for _ in range(months_back):
            day = (day - datetime.timedelta(days=1)).replace(day=1)
        day = day.replace(day=10)
        dvt = {"condition": "Deep vein thrombosis", "source_page_title": "Deep vein thrombosis"}
        ConsultationSubmissionFactory.sent_on(day, count, **dvt, **SPRING)
        ConsultationSubmissionFactory.sent_on(
            day, count // 3, status=EnquiryStatus.BOOKED, **dvt, **SPRING
        )
        ConsultationSubmissionFactory.sent_on(day, 6 + months_back, source_page_title="Home")


def test_campaign_visit_to_booking_to_the_marketing_report(
    page, demo_site, settings, django_user_model, breakage, guide_screenshot
):
    settings.ENQUIRY_MIN_FILL_SECONDS = 0.5
    page.goto(f"{demo_site}/conditions/deep-vein-thrombosis/?{CAMPAIGN}")
    assert_no_serious_axe_violations(page)

    page.locator(".block-cta a.button").click()  # the condition's booking button
    page.wait_for_url("**/book-a-consultation/?**")
    assert CAMPAIGN in page.url
    for selector, value in PATIENT.items():
        page.fill(selector, value)
    page.check("#id_preferred_contact_method_0")
    page.check("#id_privacy_consent")
    page.wait_for_timeout(600)  # the minimum time to fill
    page.get_by_role("button", name="Send request").click()
    page.wait_for_url("**/thank-you/**")
    # No cookie carried the campaign: only the CSRF token the form needs.
    assert {cookie["name"] for cookie in page.context.cookies()} <= {"csrftoken"}

    request = ConsultationSubmission.objects.get()
    earlier_months_of_requests()
    assert (request.utm_source, request.utm_medium, request.utm_campaign) == (
        "newsletter",
        "email",
        "spring-veins",
    )
    assert request.source_page_title == "Deep vein thrombosis"
    assert request.condition == "Deep vein thrombosis"
    # The enquiry desk's journey moves it through "contacted" to "booked"; here, directly.
    ConsultationSubmission.objects.filter(pk=request.pk).update(status=EnquiryStatus.BOOKED)

    marketer = django_user_model.objects.create_user("marketer", password="a long test password")
    marketer.groups.add(Group.objects.get(name=MARKETING_EDITORS))
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_to_admin(page, demo_site, "marketer", "a long test password")
    page.goto(f"{demo_site}/admin/reports/enquiry-sources/")
    assert page.get_by_role("heading", name="Where enquiries come from").is_visible()

    this_month = f"{timezone.localdate():%B %Y}"
    campaign_table = page.locator("table", has=page.get_by_text("Campaign (source / medium"))
    rows = campaign_table.get_by_role("row").filter(has_text=this_month)
    # This month: one request, one booking, both shown as "fewer than 5", never as 1.
    assert [row.locator("td").all_inner_texts() for row in rows.all()] == [
        [this_month, FEWER_THAN_5, FEWER_THAN_5]
    ]
    assert "newsletter / email / spring-veins" in rows.inner_text()
    condition_table = page.locator("table", has=page.get_by_text("Condition", exact=True))
    rows = condition_table.get_by_role("row").filter(has_text=this_month)
    assert rows.count() == 1 and "Deep vein thrombosis" in rows.inner_text()
    content = page.content()
    for value in [*PATIENT.values(), request.reference]:
        assert value not in content
    assert_no_serious_axe_violations(page)
    assert_nothing_broken(page, breakage)
    page.locator("#chart-heading").scroll_into_view_if_needed()
    guide_screenshot(page, "enquiry-sources-report")
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: the tables scroll sideways
    assert_no_serious_axe_violations(page)
