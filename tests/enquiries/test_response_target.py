"""The response target: working days, opening hours and UK bank holidays (pages/enquiries)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail, serializers
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from wagtail.admin.panels import get_edit_handler

from pages.clinic.models import BankHolidayRegion, ClinicSettings
from pages.enquiries.response_target import response_deadline
from pages.models import ConsultationSubmission

from .conftest import BOOKING_URL, valid_post

LONDON = ZoneInfo("Europe/London")


def local(*args):
    return datetime.datetime(*args, tzinfo=LONDON)


def clinic(**overrides):
    """Clinic settings as a new site gets them: 8:00 to 18:00, Monday to Friday, England."""
    return ClinicSettings(**overrides)


@pytest.mark.parametrize(
    "arrived, due",
    [
        # Friday afternoon before the spring bank holiday (Monday 31 May 2027): Tuesday, same time.
        (local(2027, 5, 28, 16, 0), local(2027, 6, 1, 16, 0)),
        # Friday evening, Saturday, the bank holiday itself: from Tuesday's opening, so its close.
        (local(2027, 5, 28, 19, 30), local(2027, 6, 1, 18, 0)),
        (local(2027, 5, 29, 11, 0), local(2027, 6, 1, 18, 0)),
        (local(2027, 5, 31, 9, 0), local(2027, 6, 1, 18, 0)),
        # An ordinary weekend: Monday.
        (local(2027, 6, 4, 15, 0), local(2027, 6, 7, 15, 0)),
        (local(2027, 6, 5, 10, 0), local(2027, 6, 7, 18, 0)),
        # Before opening counts from the opening: the same day's close.
        (local(2027, 6, 8, 7, 15), local(2027, 6, 8, 18, 0)),
        # Christmas 2027: Saturday and Sunday, with both bank holidays moved to Monday and Tuesday.
        (local(2027, 12, 24, 12, 0), local(2027, 12, 29, 12, 0)),
    ],
)
def test_one_working_day_skips_weekends_bank_holidays_and_closed_hours(arrived, due):
    assert response_deadline(arrived, clinic()) == due


def test_the_target_in_days_the_weekdays_and_the_hours_come_from_clinic_settings():
    wednesday = local(2027, 6, 9, 10, 30)
    assert response_deadline(wednesday, clinic(response_target_days=2)) == local(
        2027, 6, 11, 10, 30
    )
    six_days = clinic(
        working_weekdays="012345", opens_at=datetime.time(9), closes_at=datetime.time(13)
    )
    assert response_deadline(local(2027, 6, 11, 12, 0), six_days) == local(2027, 6, 12, 12, 0)
    assert response_deadline(local(2027, 6, 11, 14, 0), six_days) == local(2027, 6, 12, 13, 0)


def test_bank_holidays_follow_the_clinics_nation():
    friday = local(2027, 7, 30, 12, 0)  # Scotland's summer bank holiday is Monday 2 August
    assert response_deadline(friday, clinic()) == local(2027, 8, 2, 12, 0)
    scotland = clinic(bank_holidays=BankHolidayRegion.SCOTLAND)
    assert response_deadline(friday, scotland) == local(2027, 8, 3, 12, 0)


@pytest.mark.django_db
def test_the_clinic_settings_form_saves_the_response_target(home_page):
    settings = ClinicSettings.objects.get()
    form_class = get_edit_handler(ClinicSettings).get_form_class()
    boxes = str(form_class(instance=settings)["working_weekdays"])
    assert boxes.count("checked") == 5  # Monday to Friday ticked
    data = {
        **model_to_dict(settings, exclude=["id", "site", "booking_page", "privacy_notice_page"]),
        "response_target_days": "2",
        "opens_at": "09:00",
        "closes_at": "17:30",
        "working_weekdays": ["0", "2", "4"],
        "bank_holidays": "NIR",
    }
    form = form_class(data, instance=settings)
    assert form.is_valid(), form.errors
    form.save()
    settings.refresh_from_db()
    assert (settings.working_weekdays, settings.closes_at) == ("024", datetime.time(17, 30))
    assert settings.response_target_words == "within 2 working days"

    form = form_class({**data, "closes_at": "08:00"}, instance=settings)
    assert "closes_at" in form.errors


def test_working_days_are_chosen_with_boxes_and_at_least_one_is_needed():
    settings = clinic()
    field = ClinicSettings._meta.get_field("working_weekdays")
    assert field.formfield().prepare_value(settings.working_weekdays) == ["0", "1", "2", "3", "4"]
    assert field.to_python(["4", "0", "2"]) == "024"
    # Stored and serialised (dumpdata, the browser tests' snapshot) as the digits.
    assert '"working_weekdays": "01234"' in serializers.serialize("json", [settings])
    with pytest.raises(ValidationError):
        field.clean("", settings)


@pytest.mark.django_db
def test_a_request_is_stored_with_its_deadline(client, booking_page):
    with time_machine.travel(local(2027, 5, 28, 16, 0), tick=False):
        client.post(BOOKING_URL, valid_post())
    assert ConsultationSubmission.objects.get().respond_by == local(2027, 6, 1, 16, 0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "days, words", [(1, "within one working day"), (2, "within 2 working days")]
)
def test_thank_you_page_and_acknowledgement_quote_the_target_from_the_setting(
    client, booking_page, days, words, django_capture_on_commit_callbacks
):
    ClinicSettings.objects.update(response_target_days=days)
    with django_capture_on_commit_callbacks(execute=True):
        thank_you = client.post(BOOKING_URL, valid_post(), follow=True).content.decode()
    assert f"We aim to contact you {words}." in thank_you
    acknowledgement = next(m for m in mail.outbox if m.to == ["amira@example.com"])
    assert f"will contact you {words} to arrange" in acknowledgement.body
    other = "within 2 working days" if days == 1 else "within one working day"
    assert other not in thank_you + acknowledgement.body


@pytest.mark.django_db
def test_editors_cannot_promise_a_response_time_of_their_own(booking_page):
    booking_page.what_happens_next = "<p>We will call you within one working day.</p>"
    with pytest.raises(ValidationError, match="Clinic settings"):
        booking_page.full_clean()
    booking_page.what_happens_next = booking_page._meta.get_field("what_happens_next").default
    booking_page.full_clean()
