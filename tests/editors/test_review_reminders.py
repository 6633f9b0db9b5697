"""Reviews falling due: the admin report, the dashboards, the reminder emails and the patient note."""

import datetime
import io
import uuid

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from pages.models import ConsultationSubmission
from tests.factories import ConditionPageFactory, SpecialistPageFactory

from .conftest import member_of

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/reports/condition-reviews-due/"


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def condition(parent, title, due_in, reviewer=None, **fields):
    """A live condition page whose next review is `due_in` days away (None: never reviewed)."""
    return ConditionPageFactory(
        parent=parent,
        title=title,
        reviewed_by=reviewer,
        last_reviewed=days(due_in - 365) if due_in is not None else None,
        next_review_due=days(due_in) if due_in is not None else None,
        **fields,
    )


@pytest.fixture
def due_pages(condition_index, specialist):
    """Overdue, due soon, never reviewed, due later, and an overdue draft."""
    return {
        "overdue": condition(condition_index, "Varicose veins", -10, specialist),
        "soon": condition(condition_index, "Leg ulcers", 20, specialist),
        "never": condition(condition_index, "Lymphoedema", None),
        "later": condition(condition_index, "Thread veins", 90, specialist),
        "draft": condition(condition_index, "Phlebitis", -3, specialist, live=False),
    }


def report_titles(client, **params):
    response = client.get(REPORT_URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    titles = ["Lymphoedema", "Varicose veins", "Leg ulcers", "Thread veins", "Phlebitis"]
    found = [title for title in titles if title in html]
    return sorted(found, key=html.index)


# The report


def test_report_lists_live_pages_overdue_or_due_within_30_days_most_urgent_first(
    client, marketing_editor, due_pages
):
    client.force_login(marketing_editor)
    assert report_titles(client) == ["Lymphoedema", "Varicose veins", "Leg ulcers"]
    html = client.get(REPORT_URL).content.decode()
    assert "Overdue by 10 days" in html
    assert "Due in 20 days" in html
    assert "Never reviewed" in html


def test_report_sorts_by_title_and_by_due_date_descending(client, clinical_reviewer, due_pages):
    client.force_login(clinical_reviewer)
    assert report_titles(client, ordering="title") == [
        "Leg ulcers",
        "Lymphoedema",
        "Varicose veins",
    ]
    assert report_titles(client, ordering="-next_review_due") == [
        "Leg ulcers",
        "Varicose veins",
        "Lymphoedema",
    ]


def test_report_is_closed_to_enquiry_handlers(client, enquiry_handler, due_pages):
    client.force_login(enquiry_handler)
    response = client.get(REPORT_URL)
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_report_queries_stay_flat_as_pages_grow(
    client, marketing_editor, condition_index, specialist, django_assert_max_num_queries
):
    for n in range(12):
        condition(condition_index, f"Condition {n}", n - 5, specialist)
    client.force_login(marketing_editor)
    client.get(REPORT_URL)  # warm up the session and content types
    with django_assert_max_num_queries(25):
        assert client.get(REPORT_URL).status_code == 200


def test_report_exports_a_spreadsheet(client, marketing_editor, due_pages):
    client.force_login(marketing_editor)
    response = client.get(REPORT_URL, {"export": "csv"})
    content = b"".join(response.streaming_content).decode()
    assert "Varicose veins" in content
    assert "Thread veins" not in content


# Dashboards


def test_dashboard_counts_pages_due_for_review_for_editors_and_reviewers(
    client, marketing_editor, clinical_reviewer, due_pages
):
    for user in (marketing_editor, clinical_reviewer):
        client.force_login(user)
        html = client.get("/admin/").content.decode()
        assert "3 condition pages are overdue or due for review in the next 30 days." in html
        assert REPORT_URL in html
        assert "Consultation requests" not in html


def test_dashboard_shows_enquiry_handlers_new_requests_of_the_last_7_days(
    client, enquiry_handler, due_pages
):
    for sent_days_ago in (0, 6, 8):
        submission = ConsultationSubmission.objects.create(
            form_data={},
            page_title="Book a consultation",
            reference=f"CC-{sent_days_ago:06d}",
            idempotency_key=uuid.uuid4(),
            privacy_consent_text="I agree.",
            privacy_notice_version="1",
            consented_at=timezone.now(),
            marketing_consent_text="",
        )
        ConsultationSubmission.objects.filter(pk=submission.pk).update(
            submit_time=timezone.now() - datetime.timedelta(days=sent_days_ago, hours=1)
        )
    client.force_login(enquiry_handler)
    html = client.get("/admin/").content.decode()
    assert "2 new requests in the last 7 days." in html
    assert 'href="/admin/consultationsubmission/"' in html
    assert "due for review" not in html


# Reminder emails


def send_reminders():
    out = io.StringIO()
    call_command("send_review_reminders", stdout=out)
    return out.getvalue()


def test_reminders_go_to_each_reviewers_linked_account_with_their_pages(
    settings, condition_index, specialist, clinical_reviewer, django_user_model
):
    specialist.user = clinical_reviewer
    specialist.save()
    other_user = member_of(django_user_model, "Clinical reviewers", "grace")
    other = SpecialistPageFactory(
        parent=specialist.get_parent(), title="Grace Hopper", user=other_user
    )
    condition(condition_index, "Varicose veins", -10, specialist)
    condition(condition_index, "Leg ulcers", 5, other)
    condition(condition_index, "Thread veins", 90, specialist)

    assert send_reminders().strip() == "Sent 2 review reminders."

    by_recipient = {message.to[0]: message for message in mail.outbox}
    ada = by_recipient["reviewer@example.com"]
    assert ada.subject == "1 condition page due for clinical review"
    assert "Varicose veins: overdue by 10 days" in ada.body
    assert "Leg ulcers" not in ada.body
    assert "Thread veins" not in ada.body
    assert f"{settings.WAGTAILADMIN_BASE_URL}/admin/pages/" in ada.body
    assert "Leg ulcers: due in 5 days" in by_recipient["grace@example.com"].body


def test_pages_without_a_reachable_reviewer_go_to_every_clinical_reviewer(
    condition_index, specialist, clinical_reviewer, django_user_model
):
    member_of(django_user_model, "Clinical reviewers", "grace")
    condition(condition_index, "Lymphoedema", None)
    condition(condition_index, "Varicose veins", -1, specialist)  # no linked account

    send_reminders()

    assert sorted(message.to[0] for message in mail.outbox) == [
        "grace@example.com",
        "reviewer@example.com",
    ]
    body = mail.outbox[0].body
    assert "Lymphoedema: never reviewed, no reviewer named" in body
    assert "Varicose veins: overdue by 1 day (next review due" in body


def test_no_reminders_when_nothing_is_due(condition_index, specialist, clinical_reviewer):
    condition(condition_index, "Thread veins", 31, specialist)
    assert send_reminders().strip() == "Sent 0 review reminders."
    assert mail.outbox == []


# Patients


def test_overdue_condition_page_tells_patients_it_is_being_reviewed(
    client, condition_index, specialist
):
    overdue = condition(condition_index, "Varicose veins", -1, specialist)
    current = condition(condition_index, "Leg ulcers", 0, specialist)
    assert "This page is being reviewed." in client.get(overdue.url).content.decode()
    assert "This page is being reviewed." not in client.get(current.url).content.decode()


def test_review_note_appears_when_the_date_passes_even_with_the_article_cached(
    client, settings, condition_index, specialist
):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 3600
    page = condition(condition_index, "Varicose veins", 0, specialist)
    assert "This page is being reviewed." not in client.get(page.url).content.decode()

    # No publish happens when a review date passes, so the fragment cache is not retired.
    type(page).objects.filter(pk=page.pk).update(next_review_due=days(-1))

    assert "This page is being reviewed." in client.get(page.url).content.decode()
