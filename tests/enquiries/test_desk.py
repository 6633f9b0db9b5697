"""The enquiry desk: outcomes, overdue requests, the listing, bulk change, audit and roles."""

import datetime
import json
import uuid
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry

from pages.enquiries.desk import (
    ENQUIRY_CHANGED,
    ENQUIRY_ERASED,
    ENQUIRY_EXPORTED,
    ENQUIRY_VIEWED,
)
from pages.enquiries.models import EnquiryStatus
from pages.models import ConsultationSubmission, EnquiryNote, NotProceedingReason
from tests.factories import ConditionPageFactory

pytestmark = pytest.mark.django_db

ENQUIRIES_URL = "/admin/consultationsubmission/"
BULK_URL = "/admin/bulk/pages/consultationsubmission/set_status/"
SUBJECT_ACCESS_URL = f"{ENQUIRIES_URL}subject-access/"
PATIENT = {"name": "Amira Haddad", "phone": "020 7946 0999", "preferred_contact_method": "Phone"}
NOTE = "Prefers mornings; asked about compression stockings."


def new_request(n=0, **values):
    """A request as the form stores it (without the page): enough for the desk."""
    now = timezone.now()
    defaults = dict(
        form_data={**PATIENT, "message": "Swollen left calf."},
        page_title="Book a consultation",
        reference=f"CC-T{n:05d}",
        idempotency_key=uuid.uuid4(),
        email="amira@example.com",
        condition="Deep vein thrombosis",
        privacy_consent_text="I agree",
        privacy_notice_version="v1",
        consented_at=now,
        marketing_consent_text="Send me news",
        respond_by=now + datetime.timedelta(hours=4),
    )
    return ConsultationSubmission(**{**defaults, **values})


def create_request(n=0, **values):
    submission = new_request(n, **values)
    submission.save()
    return submission


def user_in(django_user_model, group_name, username):
    user = django_user_model.objects.create_user(username, password="pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def handler(django_user_model):
    return user_in(django_user_model, "Enquiry handlers", "handler")


@pytest.fixture
def handler_client(client, handler):
    client.force_login(handler)
    return client


def overdue_request(n=1):
    return create_request(n, respond_by=timezone.now() - datetime.timedelta(minutes=5))


def edit(client, submission, **data):
    return client.post(f"{ENQUIRIES_URL}edit/{submission.pk}/", {"status": "new", **data})


# Outcomes -----------------------------------------------------------------------------------


def test_first_contact_is_set_once_by_the_first_outcome_that_reached_the_patient(
    handler_client,
):
    submission = create_request()
    edit(handler_client, submission, status=EnquiryStatus.COULD_NOT_REACH)
    submission.refresh_from_db()
    assert submission.first_contacted_at is None  # trying is not reaching

    edit(handler_client, submission, status=EnquiryStatus.CONTACTED)
    submission.refresh_from_db()
    first = submission.first_contacted_at
    assert first is not None

    edit(handler_client, submission, status=EnquiryStatus.BOOKED)
    submission.refresh_from_db()
    assert (submission.status, submission.first_contacted_at) == (EnquiryStatus.BOOKED, first)


def test_not_proceeding_needs_a_reason_from_the_editable_list(handler_client):
    submission = create_request()
    assert NotProceedingReason.objects.filter(name="Chose another provider").exists()

    response = edit(handler_client, submission, status=EnquiryStatus.NOT_PROCEEDING)
    assert "Choose why the patient is not proceeding." in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == EnquiryStatus.NEW

    reason = NotProceedingReason.objects.create(name="Moved abroad")
    edit(
        handler_client,
        submission,
        status=EnquiryStatus.NOT_PROCEEDING,
        not_proceeding_reason=reason.pk,
    )
    submission.refresh_from_db()
    assert (submission.status, submission.not_proceeding_reason) == (
        EnquiryStatus.NOT_PROCEEDING,
        reason,
    )
    assert submission.first_contacted_at is not None  # the patient told us


def test_handlers_keep_the_reasons_list_but_cannot_delete_one_in_use(handler_client):
    assert handler_client.get("/admin/notproceedingreason/").status_code == 200
    handler_client.post("/admin/notproceedingreason/new/", {"name": "Waiting list elsewhere"})
    reason = NotProceedingReason.objects.get(name="Waiting list elsewhere")

    create_request(status=EnquiryStatus.NOT_PROCEEDING, not_proceeding_reason=reason)
    refused = handler_client.post(f"/admin/notproceedingreason/delete/{reason.pk}/", follow=True)
    assert "cannot be deleted" in refused.content.decode()
    assert NotProceedingReason.objects.filter(pk=reason.pk).exists()


def test_deleting_one_request_is_audited_by_reference(handler_client, handler):
    submission = create_request()
    EnquiryNote.objects.create(submission=submission, author=handler, text=NOTE)
    handler_client.post(f"{ENQUIRIES_URL}delete/{submission.pk}/")
    assert not EnquiryNote.objects.exists()
    entry = ModelLogEntry.objects.get(action="wagtail.delete")
    assert (entry.label, entry.user, entry.object_id) == ("CC-T00000", handler, str(submission.pk))
    assert personal_data_in_log() == []


def test_notes_and_the_assignee_are_recorded_and_shown_on_the_request(handler_client, handler):
    submission = create_request()
    edit(handler_client, submission, assignee=handler.pk, note=NOTE)
    note = EnquiryNote.objects.get()
    assert (note.submission, note.author, note.text) == (submission, handler, NOTE)
    submission.refresh_from_db()
    assert submission.assignee == handler

    page = handler_client.get(f"{ENQUIRIES_URL}inspect/{submission.pk}/").content.decode()
    assert NOTE in page
    assert 'href="tel:02079460999"' in page
    assert "Preferred contact method" in page and "<dd>Phone</dd>" in page


def test_notes_are_limited_in_length(handler_client):
    submission = create_request()
    response = edit(handler_client, submission, note="x" * 1001)
    assert "at most 1000 characters" in response.content.decode()
    assert not EnquiryNote.objects.exists()


def test_only_handlers_can_be_assigned(handler_client, django_user_model):
    editor = user_in(django_user_model, "Marketing editors", "editor")
    submission = create_request()
    response = edit(handler_client, submission, assignee=editor.pk)
    assert "Select a valid choice" in response.content.decode()


# Overdue: listing and dashboard -------------------------------------------------------------


def test_overdue_requests_have_a_badge_in_words_and_their_own_filter(handler_client):
    late = overdue_request(1)
    create_request(2)  # new, not yet due
    create_request(3, status=EnquiryStatus.CONTACTED, respond_by=late.respond_by)  # answered

    listing = handler_client.get(ENQUIRIES_URL).content.decode()
    assert listing.count(">Overdue</span>") == 1

    overdue_only = handler_client.get(ENQUIRIES_URL + "?overdue=true")
    assert [s.reference for s in overdue_only.context["object_list"]] == [late.reference]


def test_listing_filters_status_condition_assignee_and_date(
    handler_client, handler, condition_index
):
    condition_page = ConditionPageFactory(parent=condition_index, title="Deep vein thrombosis")
    mine = create_request(1, assignee=handler, condition=condition_page.title)
    booked = create_request(2, status=EnquiryStatus.BOOKED, condition="Varicose veins")
    assert handler_client.get(ENQUIRIES_URL).status_code == 200
    old = create_request(3, condition="")
    ConsultationSubmission.objects.filter(pk=old.pk).update(
        submit_time=timezone.now() - datetime.timedelta(days=40)
    )

    def listed(query):
        response = handler_client.get(ENQUIRIES_URL + "?" + query)
        return {s.reference for s in response.context["object_list"]}

    assert listed("status=booked") == {booked.reference}
    assert listed("status=new&status=booked") == {mine.reference, booked.reference, old.reference}
    assert listed(f"condition={condition_page.title}") == {mine.reference}
    assert listed(f"assignee={handler.pk}") == {mine.reference}
    since = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    assert listed(f"submit_time_from={since}") == {mine.reference, booked.reference}


def test_dashboard_counts_waiting_overdue_and_mine_and_links_to_the_listing(
    handler_client, handler, home_page
):
    overdue_request(1)
    create_request(2, assignee=handler)
    create_request(3, assignee=handler, status=EnquiryStatus.BOOKED)  # done: not "mine"

    dashboard = handler_client.get("/admin/").content.decode()
    assert "2 requests waiting for a first answer." in dashboard
    assert "1 request overdue</strong>" in dashboard
    assert "1 open request assigned to you." in dashboard
    assert f"{ENQUIRIES_URL}?overdue=true" in dashboard
    mine_url = f"{ENQUIRIES_URL}?assignee={handler.pk}&amp;status=new&amp;status=contacted"
    assert mine_url in dashboard
    mine = handler_client.get(mine_url.replace("&amp;", "&")).context["object_list"]
    assert [s.reference for s in mine] == ["CC-T00002"]


def test_listing_query_count_stays_the_same_with_1000_requests(handler_client, handler):
    reason = NotProceedingReason.objects.first()

    def requests(start, count):
        return [
            new_request(
                n,
                assignee=handler,
                status=EnquiryStatus.NOT_PROCEEDING,
                not_proceeding_reason=reason,
            )
            for n in range(start, start + count)
        ]

    ConsultationSubmission.objects.bulk_create(requests(0, 5))
    handler_client.get(ENQUIRIES_URL)  # warm caches (content types, settings)
    with CaptureQueriesContext(connection) as few:
        assert handler_client.get(ENQUIRIES_URL).status_code == 200
    ConsultationSubmission.objects.bulk_create(requests(5, 995))
    with CaptureQueriesContext(connection) as many:
        assert handler_client.get(ENQUIRIES_URL + "?overdue=false").status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


# Bulk status change -------------------------------------------------------------------------


def bulk_url(*submissions):
    ids = "&".join(f"id={s.pk}" for s in submissions)
    return f"{BULK_URL}?{ids}&next={ENQUIRIES_URL}"


def test_bulk_status_change_sets_each_request_and_logs_each(handler_client, handler):
    first, second = create_request(1), create_request(2)
    assert handler_client.get(bulk_url(first, second)).status_code == 200
    response = handler_client.post(bulk_url(first, second), {"status": EnquiryStatus.CONTACTED})
    assert response.status_code == 302

    for submission in (first, second):
        submission.refresh_from_db()
        assert submission.status == EnquiryStatus.CONTACTED
        assert submission.first_contacted_at is not None
        entry = ModelLogEntry.objects.get(action=ENQUIRY_CHANGED, object_id=str(submission.pk))
        assert entry.user == handler
        assert entry.data == {"fields": ["status"], "status": "contacted"}


def test_bulk_not_proceeding_needs_a_reason(handler_client):
    submission = create_request()
    response = handler_client.post(bulk_url(submission), {"status": "not_proceeding"})
    assert "Choose why the patient is not proceeding." in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == EnquiryStatus.NEW


def test_the_listing_offers_the_bulk_action(handler_client):
    create_request()
    listing = handler_client.get(ENQUIRIES_URL).content.decode()
    assert "data-bulk-action-checkbox" in listing
    assert BULK_URL in listing and "Set status" in listing


# Audit --------------------------------------------------------------------------------------


def personal_data_in_log():
    text = json.dumps(list(ModelLogEntry.objects.values("label", "data")))
    return [value for value in (*PATIENT.values(), "amira@example.com", NOTE) if value in text]


def test_viewing_exporting_changing_and_erasing_are_audited_without_personal_data(
    handler_client, handler
):
    submission = create_request()
    handler_client.get(f"{ENQUIRIES_URL}inspect/{submission.pk}/")
    b"".join(handler_client.get(ENQUIRIES_URL + "?export=csv").streaming_content)
    edit(handler_client, submission, status=EnquiryStatus.CONTACTED, note=NOTE)
    handler_client.post(SUBJECT_ACCESS_URL, {"email": "amira@example.com", "action": "json"})
    handler_client.post(
        SUBJECT_ACCESS_URL, {"email": "amira@example.com", "action": "erase", "confirmed": "yes"}
    )

    entries = ModelLogEntry.objects.filter(object_id=str(submission.pk)).order_by("timestamp")
    assert [(e.action, e.user) for e in entries] == [
        (ENQUIRY_VIEWED, handler),
        (ENQUIRY_EXPORTED, handler),
        (ENQUIRY_CHANGED, handler),
        (ENQUIRY_EXPORTED, handler),
        (ENQUIRY_ERASED, handler),
    ]
    assert {e.label for e in entries} == {submission.reference}
    assert entries[2].data == {"fields": ["status", "note"], "status": "contacted"}
    assert entries[3].data == {"via": "subject access", "format": "json"}
    assert personal_data_in_log() == []


def test_audit_entries_are_shown_to_administrators_and_hidden_from_editors_and_reviewers(
    client, handler_client, admin_user, django_user_model
):
    submission = create_request()
    handler_client.get(f"{ENQUIRIES_URL}inspect/{submission.pk}/")

    client.force_login(admin_user)
    history = client.get("/admin/reports/site-history/").content.decode()
    assert "Request viewed" in history and submission.reference in history
    request_history = client.get(f"{ENQUIRIES_URL}history/{submission.pk}/").content.decode()
    assert "Request viewed" in request_history

    for group in ("Marketing editors", "Clinical reviewers"):
        user = user_in(django_user_model, group, group.split()[0].lower())
        assert not ModelLogEntry.objects.viewable_by_user(user).exists()
        client.force_login(user)
        assert "Request viewed" not in client.get("/admin/reports/site-history/").content.decode()


# Subject access and erasure -----------------------------------------------------------------


def test_subject_access_finds_requests_and_notes_for_an_email_ignoring_case(
    handler_client, handler
):
    first = create_request(1, email="amira@example.com")
    create_request(2, email="AMIRA@example.com")
    create_request(3, email="someone.else@example.com")
    EnquiryNote.objects.create(submission=first, author=handler, text=NOTE)

    found = handler_client.post(SUBJECT_ACCESS_URL, {"email": "Amira@Example.com"})
    assert [s.reference for s in found.context["held"]] == ["CC-T00001", "CC-T00002"]

    exported = handler_client.post(
        SUBJECT_ACCESS_URL, {"email": "amira@example.com", "action": "json"}
    )
    assert exported["Content-Disposition"] == 'attachment; filename="subject-access.json"'
    records = json.loads(exported.content)
    assert [r["reference"] for r in records] == ["CC-T00001", "CC-T00002"]
    assert records[0]["notes"][0]["text"] == NOTE
    assert records[0]["form_data"]["name"] == "Amira Haddad"
    assert records[0]["status"] == "New"
    assert "assignee" not in records[0]  # staff, not the patient's data

    spreadsheet = handler_client.post(
        SUBJECT_ACCESS_URL, {"email": "amira@example.com", "action": "csv"}
    ).content.decode()
    assert spreadsheet.splitlines()[0].startswith("reference,")
    assert NOTE in spreadsheet and "CC-T00002" in spreadsheet


def test_erasure_needs_a_confirmation_and_takes_the_notes_too(handler_client, handler):
    submission = create_request(1)
    EnquiryNote.objects.create(submission=submission, author=handler, text=NOTE)
    create_request(2, email="someone.else@example.com")

    asked = handler_client.post(
        SUBJECT_ACCESS_URL, {"email": "amira@example.com", "action": "erase"}
    ).content.decode()
    assert "Erase 1 request and its notes for good?" in asked
    assert ConsultationSubmission.objects.count() == 2

    handler_client.post(
        SUBJECT_ACCESS_URL, {"email": "amira@example.com", "action": "erase", "confirmed": "yes"}
    )
    assert list(ConsultationSubmission.objects.values_list("email", flat=True)) == [
        "someone.else@example.com"
    ]
    assert not EnquiryNote.objects.exists()
    assert personal_data_in_log() == []


def test_the_command_and_the_admin_export_the_same_thing(handler_client, handler):
    submission = create_request()
    EnquiryNote.objects.create(submission=submission, author=handler, text=NOTE)
    out = StringIO()
    call_command("enquiry_data", "amira@example.com", export=True, stdout=out)
    admin = handler_client.post(
        SUBJECT_ACCESS_URL, {"email": "amira@example.com", "action": "json"}
    )
    assert json.loads(out.getvalue()) == json.loads(admin.content)


# Roles --------------------------------------------------------------------------------------


DESK_URLS = [
    ENQUIRIES_URL,
    ENQUIRIES_URL + "?export=csv",
    "{inspect}",
    "{edit}",
    "{history}",
    SUBJECT_ACCESS_URL,
    "{bulk}",
    "/admin/notproceedingreason/",
]


@pytest.mark.parametrize("group", ["Marketing editors", "Clinical reviewers"])
def test_editors_and_reviewers_see_nothing_of_the_desk(client, django_user_model, group, home_page):
    submission = create_request()
    user = user_in(django_user_model, group, "someone")
    client.force_login(user)
    urls = {
        "inspect": f"{ENQUIRIES_URL}inspect/{submission.pk}/",
        "edit": f"{ENQUIRIES_URL}edit/{submission.pk}/",
        "history": f"{ENQUIRIES_URL}history/{submission.pk}/",
        "bulk": bulk_url(submission),
    }
    for url in DESK_URLS:
        url = url.format(**urls)
        response = client.get(url, headers={"x-requested-with": "XMLHttpRequest"})
        assert response.status_code in (302, 403), url
    response = client.post(
        SUBJECT_ACCESS_URL,
        {"email": "amira@example.com", "action": "erase", "confirmed": "yes"},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code in (302, 403)
    response = client.post(bulk_url(submission), {"status": "booked"})
    assert ConsultationSubmission.objects.get().status == EnquiryStatus.NEW

    dashboard = client.get("/admin/").content.decode()
    assert "waiting for a first answer" not in dashboard
    assert "Enquiries" not in dashboard and "Reasons for not proceeding" not in dashboard


def test_handlers_work_the_whole_desk(handler_client, home_page):
    submission = create_request()
    for url in (
        ENQUIRIES_URL,
        f"{ENQUIRIES_URL}inspect/{submission.pk}/",
        f"{ENQUIRIES_URL}edit/{submission.pk}/",
        f"{ENQUIRIES_URL}history/{submission.pk}/",
        SUBJECT_ACCESS_URL,
        bulk_url(submission),
        "/admin/notproceedingreason/",
    ):
        assert handler_client.get(url).status_code == 200, url
    dashboard = handler_client.get("/admin/").content.decode()
    assert "waiting for a first answer" in dashboard
