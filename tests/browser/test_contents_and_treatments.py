"""'On this page' contents on long pages, and the DVT page's treatment options <-> treatment pages."""

import pytest

from .conftest import assert_no_serious_axe_violations

pytestmark = pytest.mark.browser

DVT = "/conditions/deep-vein-thrombosis/"


def focused_id(page):
    return page.evaluate("document.activeElement.id")


def test_dvt_contents_links_move_focus_to_the_section_and_back(page, demo_site):
    page.goto(demo_site + DVT)
    contents = page.get_by_role("navigation", name="On this page")
    links = contents.get_by_role("link")
    assert links.all_inner_texts() == [
        "What is deep vein thrombosis?",
        "Pulmonary embolism and venous thromboembolism (VTE)",
        "Symptoms of deep vein thrombosis",
        "Who is more likely to get DVT",
        "Treatment options for DVT",
        "How we plan your treatment",
    ]
    contents_box = contents.bounding_box()
    assert contents_box["y"] < 844 * 1.5, "the contents list starts within the first screens"

    contents.get_by_role("link", name="Treatment options for DVT").focus()
    page.keyboard.press("Enter")
    assert focused_id(page) == "treatment-options-for-dvt"
    heading_top = page.locator("#treatment-options-for-dvt").bounding_box()["y"]
    assert -2 <= heading_top < 844

    # The next "Back to contents" link after the section returns focus to the list.
    back = page.locator(
        "xpath=//section[h2[@id='treatment-options-for-dvt']]"
        "/following-sibling::p[contains(@class, 'back-to-contents')][1]/a"
    )
    back.focus()
    page.keyboard.press("Enter")
    assert focused_id(page) == "contents"
    assert_no_serious_axe_violations(page)


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 900)])
def test_dvt_treatment_option_leads_to_its_treatment_page_and_back(page, demo_site, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(demo_site + DVT)
    page.get_by_role("link", name="More about deep vein stenting").click()
    page.wait_for_url("**/treatments/deep-vein-stenting/")
    h1 = page.locator("h1")
    assert h1.inner_text() == "Deep vein stenting"
    assert h1.bounding_box()["y"] + h1.bounding_box()["height"] < height

    contents = page.get_by_role("navigation", name="On this page")
    contents.get_by_role("link", name="How it is done").click()
    assert focused_id(page) == "how-it-is-done"
    assert_no_serious_axe_violations(page)

    page.get_by_role("link", name="Deep vein thrombosis").last.click()
    page.wait_for_url("**" + DVT)


def test_treatments_index_lists_the_four_seed_treatments(page, demo_site):
    page.goto(demo_site + "/treatments/")
    titles = page.locator(".az-list__title").all_inner_texts()
    assert titles == [
        "Clot removal (thrombectomy)",
        "Compression stockings",
        "Deep vein stenting",
        "Medical blood thinners",
    ]
    assert_no_serious_axe_violations(page)
