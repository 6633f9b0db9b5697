"""An enquiry handler sees on the dashboard that emails failed or are waiting (axe-checked)."""

import uuid

import pytest
from django.apps import apps
from django.utils import timezone

from pages.enquiries.emails import EmailStatus
from pages.models import ConsultationFormPage, ConsultationSubmission
from pages.roles import ENQUIRY_HANDLERS, ensure_roles

from .conftest import assert_no_serious_axe_violations, sign_in_to_admin

pytestmark = pytest.mark.browser


def stored_request(booking_page, status):
    return ConsultationSubmission.objects.create(
        reference=f"CC-{uuid.uuid4().hex[:6].upper()}",
        idempotency_key=uuid.uuid4(),
        page=booking_page,
        page_title=booking_page.title,
        form_data={"name": "Test"},
        privacy_consent_text="I have read the privacy notice",
        privacy_notice_version="revision 1",
        consented_at=timezone.now(),
        marketing_consent_text="News by email",
        email_status=status,
        submit_time=timezone.now(),
    )


def test_handler_dashboard_shows_failed_and_overdue_emails(
    page, demo_site, django_user_model, tmp_path
):
    handler = django_user_model.objects.create_user("handler", password="a long test password")
    handler.groups.add(ensure_roles(apps)[ENQUIRY_HANDLERS])
    booking_page = ConsultationFormPage.objects.get()
    failed = stored_request(booking_page, EmailStatus.FAILED)
    overdue = stored_request(booking_page, EmailStatus.PENDING)
    ConsultationSubmission.objects.filter(pk=overdue.pk).update(
        submit_time=timezone.now() - timezone.timedelta(hours=1)
    )

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_to_admin(page, demo_site, "handler", "a long test password")
    panel = page.locator("section", has_text="Consultation requests").last
    assert "1 request could not be emailed" in panel.inner_text()
    assert "1 request overdue" in panel.inner_text()
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
    assert_no_serious_axe_violations(page)

    panel.get_by_role("link", name="See the failed requests").click()
    page.wait_for_url("**email_status=failed**")
    page.get_by_role("link", name=failed.reference).click()
    page.wait_for_url("**/inspect/**")
    page.get_by_role("link", name="Send emails again").click()
    page.wait_for_url("**/resend/**")
    assert "Every attempt to email about request" in page.content()
    page.screenshot(path=str(tmp_path / "resend.png"), full_page=True)
    assert_no_serious_axe_violations(page)
    page.get_by_role("button", name="Send emails again").click()
    page.wait_for_url("**/inspect/**")
    assert "will be sent again" in page.content()
    failed.refresh_from_db()
    assert failed.email_status == EmailStatus.SENT
