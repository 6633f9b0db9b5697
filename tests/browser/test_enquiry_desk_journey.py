"""The patient team's part of an enquiry: a Friday request before a bank holiday, worked on Tuesday.

The clock is moved process-wide (time-machine), so the live server sees it too; only future dates,
because the browser keeps the real clock for cookies.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group

from pages.enquiries.models import EnquiryStatus
from pages.models import ConsultationSubmission

from .conftest import assert_no_serious_axe_violations, sign_in_to_admin

pytestmark = pytest.mark.browser

LONDON = ZoneInfo("Europe/London")
# Friday 28 May 2027, 16:00; Monday 31 May is the spring bank holiday.
FRIDAY_AFTERNOON = datetime.datetime(2027, 5, 28, 16, 0, tzinfo=LONDON)
TUESDAY_MORNING = datetime.datetime(2027, 6, 1, 9, 30, tzinfo=LONDON)
TUESDAY_AFTERNOON = datetime.datetime(2027, 6, 1, 16, 30, tzinfo=LONDON)
PASSWORD = "a long test password"


@pytest.fixture
def handler(django_user_model):
    user = django_user_model.objects.create_user("handler", password=PASSWORD, first_name="Sam")
    user.groups.add(Group.objects.get(name="Enquiry handlers"))
    return user


def send_request(page, base_url):
    page.goto(base_url + "/book-a-consultation/?condition=deep-vein-thrombosis")
    page.locator("#id_name").fill("Amira Haddad")
    page.locator("#id_email").fill("amira@example.com")
    page.locator("#id_phone").fill("020 7946 0999")
    page.locator("#id_preferred_contact_method_0").check()
    page.locator("#id_privacy_consent").check()
    page.wait_for_timeout(600)  # past the minimum time to fill
    page.get_by_role("button", name="Send request").click()
    page.wait_for_url("**/thank-you/**")
    assert "We aim to contact you within one working day." in page.content()
    return page.locator(".confirmation__reference strong").inner_text()


def record_outcome(page, status_label):
    page.get_by_role("link", name="Record an outcome or a note").click()
    page.wait_for_url("**/edit/**")
    page.get_by_label(status_label, exact=True).check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/inspect/**")


def test_a_friday_request_is_overdue_on_tuesday_afternoon_and_worked_to_a_booking(
    page, demo_site, handler, settings
):
    settings.ENQUIRY_MIN_FILL_SECONDS = 0.5
    with time_machine.travel(FRIDAY_AFTERNOON) as clock:
        reference = send_request(page, demo_site)
        submission = ConsultationSubmission.objects.get(reference=reference)
        # One working day: Tuesday at 16:00 (and the seconds it took to send).
        due = submission.respond_by.astimezone(LONDON)
        assert f"{due:%a %d %b %H:%M}" == "Tue 01 Jun 16:00"

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
        call = page.get_by_role("link", name="Call 020 7946 0999")
        assert call.get_attribute("href") == "tel:02079460999"
        assert "Overdue" in page.locator(".enquiry-desk").text_content()
        assert_no_serious_axe_violations(page)

        record_outcome(page, "Contacted")
        assert "Overdue" not in page.locator(".enquiry-desk").text_content()
        record_outcome(page, "Consultation booked")
        page.wait_for_timeout(700)  # the "updated" message slides in: axe would see it half-faded
        assert_no_serious_axe_violations(page)

    submission.refresh_from_db()
    assert submission.status == EnquiryStatus.BOOKED
    assert submission.first_contacted_at.astimezone(LONDON).date() == TUESDAY_AFTERNOON.date()
