"""The editors' guide opens from the admin's Help menu, every picture in place."""

import pytest
from playwright.sync_api import expect

from .conftest import assert_every_field_is_labelled, assert_nothing_broken, sign_in_to_admin
from .test_clinical_review_journey import PASSWORD, staff_member

pytestmark = pytest.mark.browser


def test_editor_opens_the_guide_from_the_help_menu(page, demo_site, django_user_model, breakage):
    staff_member(django_user_model, "marketer", "Marketing editors")
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_to_admin(page, demo_site, "marketer", PASSWORD)

    page.get_by_role("button", name="Help").click()
    page.get_by_role("link", name="Clinic editors' guide").click()

    expect(page.get_by_role("heading", name="Who can do what")).to_be_visible()
    pictures = page.locator(".editors-guide img")
    assert pictures.count() >= 5
    for index in range(pictures.count()):
        picture = pictures.nth(index)
        picture.scroll_into_view_if_needed()
        expect(picture).to_have_js_property("complete", True)
        assert picture.evaluate("image => image.naturalWidth") > 0
        assert picture.get_attribute("alt")
    assert_nothing_broken(page, breakage)
    assert_every_field_is_labelled(page)
