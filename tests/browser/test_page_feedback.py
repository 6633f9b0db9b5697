"""'Was this page helpful?' on a phone, with and without JavaScript."""

import pytest

from pages.models import PageFeedback

from .conftest import assert_no_serious_axe_violations

pytestmark = pytest.mark.browser

TREATMENT = "/treatments/deep-vein-stenting/"


def test_with_javascript_the_answer_and_comment_happen_in_place(page, demo_site):
    page.goto(demo_site + TREATMENT)
    feedback = page.get_by_role("region", name="Was this page helpful?")
    feedback.get_by_role("button", name="No, this page was not helpful").click()

    box = feedback.get_by_label("What were you looking for? (optional)")
    box.wait_for()
    assert box.evaluate("element => element === document.activeElement")
    assert page.url == demo_site + TREATMENT
    assert "Do not include personal or medical details" in feedback.inner_text()
    assert_no_serious_axe_violations(page)

    box.fill("How long recovery takes. My number is 07700 900123")
    feedback.get_by_role("button", name="Send").click()
    page.get_by_role("status").filter(has_text="Thank you for your feedback.").wait_for()
    saved = PageFeedback.objects.get()
    assert (saved.helpful, saved.comment) == (
        False,
        "How long recovery takes. My number is [removed]",
    )
    assert saved.page.url_path.endswith("/deep-vein-stenting/")


def test_without_javascript_the_answer_and_comment_are_plain_form_posts(browser, demo_site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        page.goto(demo_site + "/conditions/deep-vein-thrombosis/")
        page.get_by_role("button", name="Yes, this page was helpful").click()
        page.wait_for_url("**/feedback/more/?token=*")
        assert page.locator("h1").inner_text() == "Thank you for your feedback"
        page.get_by_label("What were you looking for? (optional)").fill("Stockings advice")
        page.get_by_role("button", name="Send").click()
        assert "We read every comment" in page.locator("main").inner_text()
        page.get_by_role("link", name="Back to Deep vein thrombosis").click()
        page.wait_for_url("**/conditions/deep-vein-thrombosis/")
    finally:
        context.close()
    saved = PageFeedback.objects.get()
    assert (saved.helpful, saved.comment) == (True, "Stockings advice")
