"""The header on a 390 x 844 phone and a 1280 x 900 desktop: room for the page, menu and search."""

import pytest

from .conftest import assert_no_serious_axe_violations

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
MAX_PHONE_HEADER_HEIGHT = 120
DVT = "/conditions/deep-vein-thrombosis/"


def box(page, selector):
    return page.locator(selector).first.bounding_box()


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", ["/", DVT])
def test_phone_header_is_one_short_row_and_the_h1_is_on_the_first_screen(page, demo_site, path):
    page.goto(demo_site + path)
    header = box(page, ".site-header")
    assert header["height"] <= MAX_PHONE_HEADER_HEIGHT, f"header is {header['height']} px tall"
    h1 = box(page, "h1")
    assert h1["y"] + h1["height"] < PHONE["height"], f"h1 ends at {h1['y'] + h1['height']} px"
    # The brand, Call, Search and Menu share one row.
    tops = {
        round(box(page, selector)["y"])
        for selector in (".site-header__call", "[aria-controls='site-search']")
    }
    tops.add(round(page.get_by_role("button", name="Menu").bounding_box()["y"]))
    assert len(tops) == 1, f"header tools are on more than one row: {tops}"
    assert page.get_by_role("link", name="Call us on 020 7946 0000").is_visible()
    assert not page.get_by_role("navigation", name="Main").is_visible()
    assert not page.locator("#site-search-query").is_visible()
    assert_no_serious_axe_violations(page)


def test_phone_menu_opens_in_place_with_the_keyboard_and_escape_closes_it(page, demo_site):
    page.goto(demo_site + DVT)
    menu_button = page.get_by_role("button", name="Menu")
    assert menu_button.get_attribute("aria-expanded") == "false"
    assert menu_button.get_attribute("aria-controls") == "site-nav"

    menu_button.focus()
    page.keyboard.press("Enter")
    assert menu_button.get_attribute("aria-expanded") == "true"
    navigation = page.get_by_role("navigation", name="Main")
    assert navigation.is_visible()
    # The current section is marked, and the next Tab goes into the menu.
    assert (
        navigation.get_by_role("link", name="Conditions we treat").get_attribute("aria-current")
        == "page"
    )
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Why choose us"
    assert navigation.get_by_role("link", name="Book a consultation").is_visible()
    assert_no_serious_axe_violations(page)

    page.keyboard.press("Escape")
    assert not navigation.is_visible()
    assert menu_button.get_attribute("aria-expanded") == "false"
    assert menu_button.evaluate("element => element === document.activeElement")

    page.keyboard.press("Space")
    assert navigation.is_visible()
    navigation.get_by_role("link", name="Our specialists").click()
    page.wait_for_url("**/our-specialists/")


def test_full_menu_page_passes_axe(page, demo_site):
    page.goto(demo_site + "/menu/")
    assert page.get_by_role("navigation", name="Full menu").get_by_role("link").count() >= 6
    assert_no_serious_axe_violations(page)


def test_phone_search_opens_in_place_focuses_the_box_and_searches(page, demo_site):
    page.goto(demo_site + "/")
    search_button = page.get_by_role("button", name="Search", exact=True).first
    search_button.focus()
    page.keyboard.press("Enter")
    assert search_button.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.id") == "site-search-query"
    header = box(page, ".site-header")
    assert header["height"] < PHONE["height"] / 3
    assert_no_serious_axe_violations(page)

    page.keyboard.type("stockings")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?query=stockings")
    assert page.locator("h1").inner_text() == "Search"

    # Opening the menu closes the search form: one panel at a time.
    page.get_by_role("button", name="Search", exact=True).first.click()
    page.get_by_role("button", name="Menu").click()
    assert not page.locator("#site-search-query").is_visible()


def test_without_javascript_menu_and_search_are_links_to_full_pages(no_js_page, demo_site):
    page = no_js_page
    page.goto(demo_site + DVT)
    assert box(page, ".site-header")["height"] <= MAX_PHONE_HEADER_HEIGHT

    page.get_by_role("link", name="Menu").click()
    page.wait_for_url("**/menu/")
    assert page.locator("h1").inner_text() == "Menu"
    full_menu = page.get_by_role("navigation", name="Full menu")
    for name in ("Home", "Why choose us", "Conditions we treat", "Our specialists", "Latest News"):
        assert full_menu.get_by_role("link", name=name).is_visible()
    assert page.locator("main").get_by_role("link", name="Book a consultation").is_visible()

    page.get_by_role("banner").get_by_role("link", name="Search").click()
    page.wait_for_url("**/search/")
    page.get_by_label("Search the site").last.fill("thrombosis")
    page.locator("main").get_by_role("button", name="Search").click()
    assert page.get_by_role("link", name="Deep vein thrombosis").first.is_visible()


@pytest.mark.parametrize("path", ["/", DVT])
def test_desktop_header_keeps_search_phone_booking_and_menu_in_view(page, demo_site, path):
    page.set_viewport_size(DESKTOP)
    page.goto(demo_site + path)
    assert not page.locator(".site-header__tools").is_visible()
    assert page.get_by_role("navigation", name="Main").is_visible()
    assert page.locator("#site-search-query").is_visible()
    banner = page.get_by_role("banner")
    assert banner.get_by_role("link", name="Call us on 020 7946 0000").is_visible()
    assert (
        banner.locator(".site-header__contact")
        .get_by_role("link", name="Book a consultation")
        .is_visible()
    )
    assert not banner.locator(".site-nav__book").is_visible()
    h1 = box(page, "h1")
    assert h1["y"] + h1["height"] < DESKTOP["height"]
    assert_no_serious_axe_violations(page)
