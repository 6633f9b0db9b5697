import pytest

from .conftest import assert_no_serious_axe_violations

pytestmark = pytest.mark.browser


def test_visitor_opens_home_page_and_follows_main_navigation(page, demo_site):
    page.goto(demo_site + "/")
    assert page.locator("h1").inner_text() == "Specialist vein and vascular care in London"
    assert_no_serious_axe_violations(page)

    page.get_by_role("button", name="Menu").click()  # a phone: the menu opens in place
    navigation = page.get_by_role("navigation", name="Main")
    navigation.get_by_role("link", name="Why choose us").click()

    page.wait_for_url("**/why-choose-us/")
    page.get_by_role("button", name="Menu").click()
    assert page.locator("h1").inner_text() == "Why choose us"
    assert (
        navigation.get_by_role("link", name="Why choose us").get_attribute("aria-current") == "page"
    )
    assert_no_serious_axe_violations(page)


def test_skip_link_moves_keyboard_focus_to_main_content(page, demo_site):
    page.goto(demo_site + "/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    assert skip_link.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
