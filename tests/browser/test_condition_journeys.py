import pytest

from .conftest import add_block, assert_no_serious_axe_violations, sign_in_to_admin

pytestmark = pytest.mark.browser


def test_patient_reads_the_dvt_page_from_the_conditions_a_to_z(page, demo_site):
    page.goto(demo_site + "/")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Conditions we treat"
    ).click()
    page.wait_for_url("**/conditions/")
    assert_no_serious_axe_violations(page)

    page.get_by_role("navigation", name="Conditions A to Z").get_by_role("link", name="D").click()
    page.get_by_role("heading", name="Deep vein thrombosis").get_by_role("link").click()

    page.wait_for_url("**/conditions/deep-vein-thrombosis/")
    assert page.locator("h1").inner_text() == "Deep vein thrombosis"
    emergency = page.locator(".care-card--emergency")
    assert "Call 999 or go to A&E now if:" in emergency.inner_text()
    assert "coughing up blood" in emergency.inner_text()
    assert page.get_by_role("heading", name="Treatment options for DVT").is_visible()
    assert page.get_by_text("Page last reviewed:").is_visible()
    assert_no_serious_axe_violations(page)

    page.get_by_role("link", name="Mr Ian Franklin").first.click()
    page.wait_for_url("**/our-specialists/ian-franklin/")
    assert page.locator("h1").inner_text() == "Mr Ian Franklin"
    assert_no_serious_axe_violations(page)


def publish(page):
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Publish").click()


def test_editor_builds_a_condition_page_from_blocks_and_publishes_it(
    page, demo_site, django_user_model
):
    from pages.models import ConditionIndexPage

    index = ConditionIndexPage.objects.get()
    page.set_viewport_size({"width": 1280, "height": 900})
    django_user_model.objects.create_superuser("editor", "editor@example.com", "a-long-test-pass")
    sign_in_to_admin(page, demo_site, "editor", "a-long-test-pass")
    page.goto(f"{demo_site}/admin/pages/add/pages/conditionpage/{index.id}/")

    page.locator("#id_title").fill("Varicose veins")
    page.locator("#id_summary").fill("Swollen, twisted veins just under the skin.")
    add_block(page, "Symptoms")
    page.locator("[name='body-0-value-symptoms-0-value-name']").fill("Aching, heavy legs")
    add_block(page, "Treatment options")
    page.locator("[name='body-1-value-treatments-0-value-name']").fill("Endovenous laser ablation")
    page.locator("[name='body-1-value-treatments-0-value-description']").fill(
        "Heat from a laser fibre seals the vein from the inside."
    )

    # Publishing without a care card or a reviewer is refused, and nothing typed is lost.
    publish(page)
    page.get_by_text("Add a care card for urgent or emergency help").wait_for()
    assert page.get_by_text("Choose the specialist who reviewed this page").is_visible()
    assert page.locator("[name='body-0-value-symptoms-0-value-name']").input_value() == (
        "Aching, heavy legs"
    )

    add_block(page, "Care card (when to get help)")
    page.locator("[name='body-2-value-symptoms-0-value']").fill("a leg suddenly becomes red")
    page.locator("#id_reviewed_by-chooser [data-chooser-action-choose]").click()
    modal = page.locator(".modal-content")
    modal.get_by_placeholder("Search…").fill("Franklin")
    modal.get_by_role("link", name="Ian Franklin").click()
    page.locator("#id_reviewed_by-title").get_by_text("Ian Franklin").wait_for()
    publish(page)
    page.get_by_text("Page 'Varicose veins' created and published.").wait_for()

    page.goto(demo_site + "/conditions/varicose-veins/")
    assert page.locator("h1").inner_text() == "Varicose veins"
    assert page.get_by_text("Aching, heavy legs").is_visible()
    assert page.get_by_role("heading", name="Endovenous laser ablation").is_visible()
    assert "a leg suddenly becomes red" in page.locator(".care-card").inner_text()
    assert_no_serious_axe_violations(page)
