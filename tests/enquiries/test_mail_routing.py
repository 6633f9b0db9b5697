"""Only people who may read enquiries can change where enquiry emails go, and it is audited."""

import pytest
from django.urls import reverse
from wagtail.log_actions import LogContext
from wagtail.models import ModelLogEntry, PageLogEntry, Site

from pages.enquiries.audit import ENQUIRY_MAIL_LOG_ACTION
from pages.models import ClinicSettings
from pages.roles import ENQUIRY_HANDLERS, MARKETING_EDITORS
from tests.editors.conftest import member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    return member_of(django_user_model, MARKETING_EDITORS, "marketer")


@pytest.fixture
def editing_handler(django_user_model):
    """Someone who edits pages and settings and also handles enquiries."""
    user = member_of(django_user_model, MARKETING_EDITORS, "editinghandler")
    user.groups.add(*member_of(django_user_model, ENQUIRY_HANDLERS, "h").groups.all())
    return user


def edit_forms(client, user, booking_page):
    client.force_login(user)
    site = Site.objects.get(is_default_site=True)
    page_form = client.get(reverse("wagtailadmin_pages:edit", args=[booking_page.pk]))
    settings_form = client.get(
        reverse("wagtailsettings:edit", args=["pages", "clinicsettings", site.pk])
    )
    assert page_form.status_code == settings_form.status_code == 200
    return page_form.content.decode(), settings_form.content.decode()


def test_a_marketing_editor_cannot_see_or_change_where_enquiry_emails_go(
    client, editor, booking_page
):
    page_html, settings_html = edit_forms(client, editor, booking_page)
    assert 'name="intro"' in page_html
    assert 'name="to_address"' not in page_html
    assert 'name="phone"' in settings_html
    assert 'name="email"' not in settings_html


@pytest.mark.parametrize("who", ["editing_handler", "admin_user"])
def test_enquiry_handlers_and_administrators_can(request, client, who, booking_page):
    page_html, settings_html = edit_forms(client, request.getfixturevalue(who), booking_page)
    assert 'name="to_address"' in page_html
    assert 'name="email"' in settings_html


def test_a_change_of_notify_addresses_is_in_the_audit_log(admin_user, booking_page):
    booking_page.to_address = "triage@example.com"
    with LogContext(user=admin_user):
        booking_page.save_revision().publish()
    entry = PageLogEntry.objects.get(page=booking_page, action=ENQUIRY_MAIL_LOG_ACTION)
    assert entry.user == admin_user
    assert entry.data == {"field": "notify addresses", "old": "", "new": "triage@example.com"}
    assert "from (empty) to triage@example.com" in entry.message


def test_a_draft_change_is_logged_when_it_takes_effect_not_before(admin_user, booking_page):
    booking_page.to_address = "triage@example.com"
    revision = booking_page.save_revision(user=admin_user)
    assert not PageLogEntry.objects.filter(action=ENQUIRY_MAIL_LOG_ACTION).exists()
    revision.publish(user=admin_user)
    assert PageLogEntry.objects.filter(action=ENQUIRY_MAIL_LOG_ACTION).count() == 1


def test_a_change_of_clinic_email_is_in_the_audit_log(admin_user, home_page):
    clinic = ClinicSettings.objects.get()
    old = clinic.email
    clinic.phone = "020 7946 0999"
    clinic.save()  # not where enquiry emails go: not logged
    assert not ModelLogEntry.objects.filter(action=ENQUIRY_MAIL_LOG_ACTION).exists()

    clinic.email = "new-inbox@example.com"
    with LogContext(user=admin_user):
        clinic.save()
    entry = ModelLogEntry.objects.get(action=ENQUIRY_MAIL_LOG_ACTION)
    assert entry.user == admin_user
    assert entry.data["old"] == old and entry.data["new"] == "new-inbox@example.com"
