"""An enquiry from a campaign link to a booked consultation, and what marketing learns of it.

A patient follows a newsletter link to the DVT page on a Friday afternoon before a bank holiday
and books; the patient team finds the request overdue on Tuesday afternoon, on the front desk's
tablet, and works it to "consultation booked"; a marketing editor's report then counts it for
DVT and the campaign, showing nothing personal.

The clock is moved process-wide (time-machine), so the live server follows it; only to future
dates, because the browser keeps the real clock for cookies.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group

from pages.enquiries.models import EnquiryStatus
from pages.enquiries.reports import FEWER_THAN_5
from pages.models import ConsultationSubmission
from pages.roles import ENQUIRY_HANDLERS, MARKETING_EDITORS
from tests.factories import ConsultationSubmissionFactory

from .conftest import assert_no_serious_axe_violations, assert_nothing_broken, sign_in_to_admin

pytestmark = pytest.mark.browser

LONDON = ZoneInfo("Europe/London")
# Friday 28 May 2027, 16:00; Monday 31 May is the spring bank holiday.
FRIDAY_AFTERNOON = datetime.datetime(2027, 5, 28, 16, 0, tzinfo=LONDON)
TUESDAY_MORNING = datetime.datetime(2027, 6, 1, 9, 30, tzinfo=LONDON)
TUESDAY_AFTERNOON = datetime.datetime(2027, 6, 1, 16, 30, tzinfo=LONDON)
PASSWORD = "a long test password"

CAMPAIGN = "utm_source=newsletter&utm_medium=email&utm_campaign=spring-veins"
SPRING = {"utm_source": "newsletter", "utm_medium": "email", "utm_campaign": "spring-veins"}
PATIENT = {
    "#id_name": "Marguerite Oyelaran-Fitch",
    "#id_email": "marguerite.of@example.com",
    "#id_phone": "020 7946 0777",
    "#id_message": "Tight, aching calf after a long flight.",
}


@pytest.fixture
def staff(django_user_model):
    """An enquiry handler and a marketing editor."""
    for username, group in (("handler", ENQUIRY_HANDLERS), ("marketer", MARKETING_EDITORS)):
        user = django_user_model.objects.create_user(username, password=PASSWORD)
        user.groups.add(Group.objects.get(name=group))


def earlier_months_of_requests():
    """The three months before May 2027, so the report has a shape (none of it in May)."""
    dvt = {"condition": "Deep vein thrombosis", "source_page_title": "Deep vein thrombosis"}
    for month, count in ((2, 14), (3, 9), (4, 17)):
        day = datetime.date(2027, month, 10)
        ConsultationSubmissionFactory.sent_on(day, count, **dvt, **SPRING)
        ConsultationSubmissionFactory.sent_on(
            day, count // 3, status=EnquiryStatus.BOOKED, **dvt, **SPRING
        )
        ConsultationSubmissionFactory.sent_on(day, 6 + month, source_page_title="Home")


def book_from_the_campaign_link(page, base_url):
    page.goto(f"{base_url}/conditions/deep-vein-thrombosis/?{CAMPAIGN}")
    assert_no_serious_axe_violations(page)
    page.locator(".block-cta a.button").click()  # the condition's booking button
    page.wait_for_url("**/book-a-consultation/?**")
    assert CAMPAIGN in page.url
    for selector, value in PATIENT.items():
        page.fill(selector, value)
    page.check("#id_preferred_contact_method_0")
    page.check("#id_privacy_consent")
    page.wait_for_timeout(600)  # past the minimum time to fill
    page.get_by_role("button", name="Send request").click()
    page.wait_for_url("**/thank-you/**")
    assert "We aim to contact you within one working day." in page.content()
    # No cookie carried the campaign: only the CSRF token the form needs.
    assert {cookie["name"] for cookie in page.context.cookies()} <= {"csrftoken"}
    return page.locator(".confirmation__reference strong").inner_text()


def record_outcome(page, status_label):
    page.get_by_role("link", name="Record an outcome or a note").click()
    page.wait_for_url("**/edit/**")
    page.get_by_label(status_label, exact=True).check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/inspect/**")


def test_a_campaign_enquiry_is_worked_to_a_booking_and_counted_for_marketing(
    page, demo_site, staff, settings, breakage, guide_screenshot
):
    settings.ENQUIRY_MIN_FILL_SECONDS = 0.5
    with time_machine.travel(FRIDAY_AFTERNOON) as clock:
        reference = book_from_the_campaign_link(page, demo_site)
        request = ConsultationSubmission.objects.get(reference=reference)
        assert (request.utm_source, request.utm_medium, request.utm_campaign) == (
            "newsletter",
            "email",
            "spring-veins",
        )
        assert request.source_page_title == request.condition == "Deep vein thrombosis"
        # One working day after Friday 16:00, over the bank-holiday weekend: Tuesday 16:00.
        assert f"{request.respond_by.astimezone(LONDON):%a %d %b %H:%M}" == "Tue 01 Jun 16:00"

        # Tuesday morning, the first working day after the long weekend: new, not yet overdue.
        clock.move_to(TUESDAY_MORNING)
        page.set_viewport_size({"width": 820, "height": 1180})  # the front desk's tablet
        sign_in_to_admin(page, demo_site, "handler", PASSWORD)
        assert "1 request waiting for a first answer." in page.content()
        assert "No request is overdue." in page.content()

        # After 16:00 on Tuesday one working day has passed.
        clock.move_to(TUESDAY_AFTERNOON)
        page.reload()
        assert "1 request overdue" in page.content()
        page.get_by_role("link", name="See overdue requests").click()
        row = page.get_by_role("row").filter(has_text=reference)
        assert row.locator(".w-status").text_content() == "Overdue"  # a word, not a colour
        assert_no_serious_axe_violations(page)

        row.get_by_role("link", name=reference).click()
        page.wait_for_url("**/inspect/**")
        call = page.get_by_role("link", name="Call 020 7946 0777")
        assert call.get_attribute("href") == "tel:02079460777"
        assert "Overdue" in page.locator(".enquiry-desk").text_content()
        assert_no_serious_axe_violations(page)

        record_outcome(page, "Contacted")
        assert "Overdue" not in page.locator(".enquiry-desk").text_content()
        record_outcome(page, "Consultation booked")
        page.wait_for_timeout(700)  # the "updated" message slides in: axe would see it half-faded
        assert_no_serious_axe_violations(page)
        request.refresh_from_db()
        assert request.status == EnquiryStatus.BOOKED
        assert request.first_contacted_at.astimezone(LONDON).date() == TUESDAY_AFTERNOON.date()

        # Marketing: the report counts May's request for DVT and the campaign, as "fewer than 5".
        earlier_months_of_requests()
        page.set_viewport_size({"width": 1280, "height": 900})
        sign_in_to_admin(page, demo_site, "marketer", PASSWORD)
        page.goto(f"{demo_site}/admin/reports/enquiry-sources/")
        assert page.get_by_role("heading", name="Where enquiries come from").is_visible()
        campaigns = page.locator("table", has=page.get_by_text("Campaign (source / medium"))
        may = campaigns.get_by_role("row").filter(has_text="May 2027")
        assert [row.locator("td").all_inner_texts() for row in may.all()] == [
            ["May 2027", FEWER_THAN_5, FEWER_THAN_5]  # one request, one booked: never "1"
        ]
        assert "newsletter / email / spring-veins" in may.inner_text()
        conditions = page.locator("table", has=page.get_by_text("Condition", exact=True))
        may = conditions.get_by_role("row").filter(has_text="May 2027")
        assert may.count() == 1 and "Deep vein thrombosis" in may.inner_text()
        content = page.content()
        for value in [*PATIENT.values(), reference]:
            assert value not in content
        assert_no_serious_axe_violations(page)
        assert_nothing_broken(page, breakage)
        page.locator("#chart-heading").scroll_into_view_if_needed()
        guide_screenshot(page, "enquiry-sources-report")
        page.set_viewport_size({"width": 390, "height": 844})  # a phone: the tables scroll sideways
        assert_no_serious_axe_violations(page)
