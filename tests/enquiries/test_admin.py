import io
import json
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils.text import capfirst
from wagtail.models import GroupPagePermission

from pages.enquiries.exports import neutralise_formula
from pages.enquiries.models import CONSENT_RECORD_FIELDS, SUBMISSION_FIELDS
from pages.models import ConsultationFormField, ConsultationSubmission
from tests.factories import ConsultationFormFieldFactory

from .conftest import BOOKING_URL, valid_post

pytestmark = pytest.mark.django_db

ENQUIRIES_URL = "/admin/consultationsubmission/"


def run(command, *args, **options):
    out = io.StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()


XSS = "<script>alert('admin')</script>"


@pytest.fixture
def submission(client, booking_page):
    client.post(BOOKING_URL, valid_post(name=XSS, condition_of_interest=XSS, message=XSS))
    return ConsultationSubmission.objects.get()


@pytest.fixture
def handler(django_user_model):
    user = django_user_model.objects.create_user("handler", password="pw")
    user.groups.add(Group.objects.get(name="Enquiry handlers"))
    return user


@pytest.fixture
def editor(django_user_model, home_page):
    """A marketing editor: may edit every page, including the booking form, but no enquiries."""
    group = Group.objects.create(name="Editors for this test")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=home_page, permission=Permission.objects.get(codename=codename)
        )
    user = django_user_model.objects.create_user("editor", password="pw")
    user.groups.add(group)
    return user


def test_migration_creates_the_enquiry_handlers_group_with_its_permission():
    group = Group.objects.get(name="Enquiry handlers")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"handle_enquiries", "access_admin"} <= codenames
    assert not GroupPagePermission.objects.filter(group=group).exists()


def test_enquiry_handler_lists_and_inspects_requests_with_payloads_escaped(
    client, submission, handler
):
    client.force_login(handler)
    listing = client.get(ENQUIRIES_URL)
    assert listing.status_code == 200
    assert submission.reference in listing.content.decode()
    assert XSS not in listing.content.decode()  # the condition column

    detail = client.get(f"{ENQUIRIES_URL}inspect/{submission.pk}/")
    html = detail.content.decode()
    assert detail.status_code == 200
    assert XSS not in html
    assert "&lt;script&gt;alert(&#x27;admin&#x27;)&lt;/script&gt;" in html
    assert "<dt>Preferred contact method</dt><dd>Phone</dd>" in html


def test_enquiry_handler_can_delete_a_request(client, submission, handler):
    client.force_login(handler)
    response = client.post(f"{ENQUIRIES_URL}delete/{submission.pk}/")
    assert response.status_code == 302
    assert not ConsultationSubmission.objects.exists()


def test_nobody_can_create_requests_or_edit_what_the_patient_sent(client, submission, admin_user):
    client.force_login(admin_user)
    assert client.get(f"{ENQUIRIES_URL}new/").status_code == 404
    # The edit view records the desk's outcome only (status, reason, assignee, a note).
    form = client.get(f"{ENQUIRIES_URL}edit/{submission.pk}/").context["form"]
    assert set(form.fields) == {"status", "not_proceeding_reason", "assignee", "note"}
    answers = submission.form_data
    client.post(
        f"{ENQUIRIES_URL}edit/{submission.pk}/",
        {"status": "new", "email": "other@example.com", "form_data": "{}"},
    )
    submission.refresh_from_db()
    assert (submission.email, submission.form_data) == ("amira@example.com", answers)


def assert_denied(client, url, method="get"):
    """Wagtail's admin turns PermissionDenied into a 403 for scripts and a redirect for people."""
    send = getattr(client, method)
    assert send(url, headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403, url
    response = send(url)
    assert (response.status_code, response["Location"]) == (302, "/admin/"), url


def test_page_editor_is_denied_every_view_of_requests(client, submission, editor, booking_page):
    client.force_login(editor)
    assert client.get(f"/admin/pages/{booking_page.pk}/edit/").status_code == 200
    forbidden = [
        ENQUIRIES_URL,
        ENQUIRIES_URL + "?export=csv",
        f"{ENQUIRIES_URL}inspect/{submission.pk}/",
        f"{ENQUIRIES_URL}delete/{submission.pk}/",
        f"/admin/forms/submissions/{booking_page.pk}/",
        f"/admin/forms/submissions/{booking_page.pk}/?export=csv",
    ]
    for url in forbidden:
        assert_denied(client, url)
    assert_denied(client, f"{ENQUIRIES_URL}delete/{submission.pk}/", method="post")
    delete_selected = (
        f"/admin/forms/submissions/{booking_page.pk}/delete/?selected-submissions={submission.pk}"
    )
    assert_denied(client, delete_selected, method="post")
    assert ConsultationSubmission.objects.exists()
    assert "Book a consultation" not in client.get("/admin/forms/").content.decode()


def test_wagtail_submissions_listing_still_works_for_enquiry_handlers(
    client, submission, admin_user, booking_page
):
    client.force_login(admin_user)
    response = client.get(f"/admin/forms/submissions/{booking_page.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert submission.reference in html
    assert XSS not in html and "&lt;script&gt;" in html


def test_csv_exports_neutralise_cells_that_spreadsheets_would_run(
    client, booking_page, admin_user, handler
):
    formulas = ("=1+2", "+SUM(A1)", "-2+3", "@cmd")
    for formula in formulas:
        client.post(BOOKING_URL, valid_post(message=formula))
    client.force_login(admin_user)
    per_page = client.get(f"/admin/forms/submissions/{booking_page.pk}/?export=csv")
    client.force_login(handler)
    viewset = client.get(ENQUIRIES_URL + "?export=csv")

    for response in (per_page, viewset):
        assert response.status_code == 200
        csv_text = b"".join(response.streaming_content).decode()
        for formula in formulas:
            assert f"'{formula}" in csv_text
        assert ",=1+2" not in csv_text


def test_tab_and_carriage_return_prefixes_are_neutralised_too():
    # Form fields strip leading whitespace, so these can only reach an export from other data.
    assert neutralise_formula("\tcmd") == "'\tcmd"
    assert neutralise_formula("\rcmd") == "'\rcmd"
    assert neutralise_formula("Deep vein thrombosis") == "Deep vein thrombosis"
    assert neutralise_formula(42) == 42


def test_requests_whose_form_page_was_deleted_are_still_listed_for_handlers(
    client, submission, handler, booking_page
):
    booking_page.delete()
    client.force_login(handler)
    html = client.get(ENQUIRIES_URL).content.decode()
    assert submission.reference in html
    assert client.get(f"{ENQUIRIES_URL}inspect/{submission.pk}/").status_code == 200


def test_editors_cannot_pre_tick_a_checkbox_through_its_default_value(booking_page):
    field = ConsultationFormField(
        page=booking_page, label="Call me back", field_type="checkbox", default_value="on"
    )
    with pytest.raises(ValidationError, match="Boxes cannot be ticked in advance"):
        field.full_clean()


def test_a_stored_default_never_ticks_a_box_on_the_live_form(client, booking_page):
    ConsultationFormFieldFactory(
        page=booking_page,
        label="Call me back",
        field_type="checkbox",
        default_value="on",
        required=False,
    )
    ConsultationFormFieldFactory(
        page=booking_page,
        label="Topics",
        field_type="checkboxes",
        choices="Veins\nArteries",
        default_value="Veins",
        required=False,
    )
    html = client.get(BOOKING_URL).content.decode()
    assert 'name="call_me_back"' in html and 'name="topics"' in html
    assert "checked" not in html


def test_the_page_editor_refuses_a_pre_ticked_checkbox(client, admin_user, home_page):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    from pages.models import ConsultationFormPage

    client.force_login(admin_user)
    field = {"label": "Call me back", "field_type": "checkbox", "required": False}
    data = nested_form_data(
        {
            "title": "Book",
            "slug": "book",
            "intro": "",
            "what_happens_next": rich_text("<p>We will call you.</p>"),
            "to_address": "",
            "form_fields": inline_formset(
                [{**field, "default_value": "on", "help_text": "", "choices": ""}]
            ),
        }
    )
    url = f"/admin/pages/add/pages/consultationformpage/{home_page.pk}/"
    response = client.post(url, data)

    assert response.status_code == 200
    assert "Boxes cannot be ticked in advance" in response.content.decode()
    assert not ConsultationFormPage.objects.exists()


def test_editors_can_preview_the_form_and_the_thank_you_page(booking_page):
    form_preview = booking_page.make_preview_request(preview_mode="form")
    landing_preview = booking_page.make_preview_request(preview_mode="landing")
    form_preview.render()
    landing_preview.render()
    assert 'name="privacy_consent"' in form_preview.content.decode()
    assert "CC-EXAMPLE" in landing_preview.content.decode()


def test_policy_lists_handlers_and_superusers_but_never_users_without_groups(
    handler, editor, admin_user, django_user_model
):
    from pages.enquiries.admin import EnquiryHandlerPermissionPolicy

    django_user_model.objects.create_user("no-groups", password="pw")
    policy = EnquiryHandlerPermissionPolicy(ConsultationSubmission)
    assert set(policy.users_with_permission("view").values_list("username", flat=True)) == {
        "handler",
        "admin",
    }
    # "change" is working the desk (status, assignee, notes): the same people.
    assert set(policy.users_with_permission("change").values_list("username", flat=True)) == {
        "handler",
        "admin",
    }
    assert not policy.users_with_permission("add").exists()
    assert not policy.user_has_permission(admin_user, "add")


def test_enquiry_handler_finds_requests_by_email_or_condition(client, booking_page, handler):
    client.post(BOOKING_URL, valid_post())
    client.post(
        BOOKING_URL, valid_post(email="other@example.com", condition_of_interest="Varicose veins")
    )
    amira, other = (
        ConsultationSubmission.objects.get(email=email).reference
        for email in ("amira@example.com", "other@example.com")
    )
    client.force_login(handler)
    for query, found, not_found in (("varicose", other, amira), ("amira@", amira, other)):
        html = client.get(ENQUIRIES_URL, {"q": query}).content.decode()
        assert found in html and not_found not in html, query


# Columns that are machinery rather than anything staff or the patient read.
UNDECLARED_COLUMNS = {
    "id",
    "page",
    "idempotency_key",
    "next_email_attempt_at",
    "source_page",  # kept as source_page_title, which outlives the page
}


def test_every_stored_column_is_declared_once_in_submission_fields():
    columns = {field.name for field in ConsultationSubmission._meta.concrete_fields}
    declared = [field.name for field in SUBMISSION_FIELDS]
    assert len(declared) == len(set(declared))
    assert set(declared) == columns - UNDECLARED_COLUMNS


def test_the_declaration_drives_the_consent_record_listing_inspect_and_both_exports(
    client, booking_page, handler
):
    client.post(BOOKING_URL, valid_post(marketing_opt_in="on"))
    submission = ConsultationSubmission.objects.get()
    client.force_login(handler)

    listing = client.get(ENQUIRIES_URL).content.decode()
    listing_headings = listing[listing.index('<table class="listing') :].split("</thead>")[0]
    inspect = client.get(f"{ENQUIRIES_URL}inspect/{submission.pk}/").content.decode()
    spreadsheet = b"".join(client.get(ENQUIRIES_URL + "?export=csv").streaming_content).decode()
    subject_access = json.loads(run("enquiry_data", "amira@example.com", export=True))[0]

    def shows(text, name):
        heading = capfirst(ConsultationSubmission._meta.get_field(name).verbose_name)
        return re.search(rf"\b{re.escape(heading)}\b", text) is not None

    for field in SUBMISSION_FIELDS:
        assert shows(listing_headings, field.name) == field.listed, field.name
        assert shows(inspect, field.name), field.name
        assert shows(spreadsheet.splitlines()[0], field.name) == field.exported, field.name
        assert (field.name in subject_access) == field.exported, field.name
    assert set(CONSENT_RECORD_FIELDS) == {
        "privacy_consent_text",
        "privacy_notice_url",
        "privacy_notice_version",
        "consented_at",
        "marketing_opt_in",
        "marketing_consent_text",
    }
    assert submission.marketing_opt_in and submission.privacy_consent_text
