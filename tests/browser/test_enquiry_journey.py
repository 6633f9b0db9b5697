import re
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page

from pages.models import ConsultationSubmission

from .conftest import assert_no_serious_axe_violations, sign_in_to_admin

pytestmark = pytest.mark.browser

enquiry_group_migration = import_module("pages.migrations.0003_enquiry_handlers_group")


def tab_to(page, element_id, limit=40):
    """Press Tab until the element has focus, as a keyboard user would."""
    for _ in range(limit):
        if page.evaluate("document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} never received focus")


@pytest.fixture
def people(django_user_model):
    # Transactional tests empty the tables a data migration filled: put the group back.
    enquiry_group_migration.create_group(apps, None)
    handler = django_user_model.objects.create_user("handler", password="a long test password")
    handler.groups.add(Group.objects.get(name="Enquiry handlers"))

    editors = Group.objects.create(name="Marketing editors (test)")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    home = Page.objects.get(depth=2)
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=editors, page=home, permission=Permission.objects.get(codename=codename)
        )
    editor = django_user_model.objects.create_user("editor", password="a long test password")
    editor.groups.add(editors)


def test_patient_books_with_the_keyboard_and_only_enquiry_handlers_can_read_it(
    page, demo_site, people, settings
):
    settings.ENQUIRY_MIN_FILL_SECONDS = 0.5
    page.goto(demo_site + "/book-a-consultation/?condition=deep-vein-thrombosis")
    assert page.input_value("#id_condition_of_interest") == "Deep vein thrombosis"
    assert_no_serious_axe_violations(page)

    tab_to(page, "id_name")
    page.keyboard.type("زينب Haddad")
    page.keyboard.press("Tab")
    page.keyboard.type("zainab@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type("020 7946 0999")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the first radio button: Phone
    tab_to(page, "id_message")
    page.keyboard.type("Swollen calf since my flight.")
    tab_to(page, "id_privacy_consent")  # ...and the patient moves on without ticking it
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    summary = page.get_by_role("alert")
    summary.wait_for()
    assert "There is a problem" in summary.inner_text()
    assert "Confirm that you have read and understand the privacy notice" in summary.inner_text()
    assert page.evaluate("document.activeElement.className") == "error-summary"
    assert page.input_value("#id_name") == "زينب Haddad"
    assert page.input_value("#id_message") == "Swollen calf since my flight."
    assert page.is_checked("#id_preferred_contact_method_0")
    assert_no_serious_axe_violations(page)

    page.keyboard.press("Tab")  # from the summary to its one link...
    page.keyboard.press("Enter")  # ...which puts focus on the consent box
    assert page.evaluate("document.activeElement.id") == "id_privacy_consent"
    page.keyboard.press("Space")
    tab_to(page, "id_marketing_opt_in")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    page.wait_for_url("**/thank-you/**")
    reference = page.locator(".confirmation__reference strong").inner_text()
    assert re.fullmatch(r"CC-[A-Z0-9]{6}", reference)
    assert_no_serious_axe_violations(page)
    assert ConsultationSubmission.objects.get(reference=reference).form_data["name"] == (
        "زينب Haddad"
    )

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_to_admin(page, demo_site, "handler", "a long test password")
    assert "/admin/consultationsubmission/" in page.content()  # the Enquiries menu item
    page.goto(demo_site + "/admin/consultationsubmission/")
    page.get_by_role("link", name=reference).click()
    page.wait_for_url("**/inspect/**")
    assert "Swollen calf since my flight." in page.content()

    sign_in_to_admin(page, demo_site, "editor", "a long test password")
    assert "/admin/consultationsubmission/" not in page.content()
    page.goto(demo_site + "/admin/consultationsubmission/")
    assert page.url == demo_site + "/admin/"
    assert "Sorry, you do not have permission" in page.content()
    assert reference not in page.content()
