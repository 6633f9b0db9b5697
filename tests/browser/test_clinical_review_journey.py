"""A marketing editor writes a condition page and a clinical reviewer approves it, in Chromium.

Each step is one an editor takes, and each fails on a broken preview frame or a broken image.
The screenshots illustrate the editors' guide (docs/editors-guide.md).
"""

import re

import pytest
from django.utils import timezone
from django.utils.dateformat import format as format_date
from playwright.sync_api import expect

from .conftest import (
    assert_every_field_is_labelled,
    assert_no_serious_axe_violations,
    assert_nothing_broken,
    sign_in_to_admin,
)

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-pass"
PREVIEW_SIZES = ["mobile", "tablet", "desktop"]


def staff_member(django_user_model, username, group_name):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username, f"{username}@example.com", PASSWORD, first_name=username.title()
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def open_actions_menu(page):
    page.get_by_role("button", name="More actions").click()


def preview_frame(page):
    # Wagtail swaps in a fresh iframe on each refresh; the newest is the one shown.
    return page.frame_locator("iframe[data-w-preview-target='iframe']").last


def test_editor_writes_previews_and_submits_a_condition_page_and_a_reviewer_approves_it(
    page, demo_site, django_user_model, breakage, guide_screenshot
):
    from pages.models import ConditionIndexPage, ConditionPage, SpecialistPage

    staff_member(django_user_model, "marketer", "Marketing editors")
    reviewer = staff_member(django_user_model, "reviewer", "Clinical reviewers")
    franklin = SpecialistPage.objects.get(slug="ian-franklin")
    franklin.user = reviewer
    franklin.save_revision().publish()
    index = ConditionIndexPage.objects.get()
    page.set_viewport_size({"width": 1280, "height": 900})

    # The dashboard greets the editor with the clinic's name; avatars are not broken.
    sign_in_to_admin(page, demo_site, "marketer", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kensington Vein Clinic")
    assert_nothing_broken(page, breakage)
    guide_screenshot(page, "dashboard")

    # Submitting without a care card is refused at the top of the page, in the editor's words.
    page.goto(f"{demo_site}/admin/pages/add/pages/conditionpage/{index.id}/")
    page.locator("#id_title").fill("Varicose veins")
    page.locator("#id_summary").fill("Swollen, twisted veins just under the skin.")
    open_actions_menu(page)
    assert page.get_by_role("button", name="Publish").count() == 0
    page.get_by_role("button", name="Submit to Clinical review").click()
    refusal = page.get_by_text("This page cannot go to Clinical review yet.")
    expect(refusal).to_be_in_viewport()
    expect(page.locator(".messages")).to_contain_text(
        "Add a care card for urgent or emergency help"
    )
    expect(page.locator(".messages")).not_to_contain_text("before publishing")
    guide_screenshot(page, "refused-submit")

    # The block picker previews each block (a frame inside the admin).
    page.locator("#panel-child-content-body-content button[title='Insert a block']").last.click()
    page.locator(".w-combobox__option-row", has_text="Care card").get_by_role(
        "button", name="Preview"
    ).click()
    block_preview = page.frame_locator("iframe[src*='block-preview']")
    expect(block_preview.get_by_text("call 999", exact=False).first).to_be_visible()
    guide_screenshot(page, "block-picker")
    page.get_by_role("option", name="Care card (when to get help)").click()

    # The care card's symptom box is announced by its label.
    page.get_by_label("Symptom", exact=True).fill("a leg suddenly becomes red, hot and swollen")
    assert_every_field_is_labelled(page)

    # The preview panel shows the page at each device size.
    page.get_by_role("button", name="Toggle preview").click()
    for size in PREVIEW_SIZES:
        page.get_by_label(f"Preview in {size} size").check(force=True)
        expect(preview_frame(page).get_by_role("heading", level=1)).to_have_text("Varicose veins")
        expect(preview_frame(page).get_by_text("a leg suddenly becomes red")).to_be_visible()
        assert_nothing_broken(page, breakage)
        guide_screenshot(page, f"preview-{size}")
    with page.context.expect_page() as new_tab:
        page.get_by_label("Preview in new tab").click()
    expect(new_tab.value.get_by_role("heading", level=1)).to_have_text("Varicose veins")
    new_tab.value.close()
    page.get_by_role("button", name="Toggle preview").click()

    # Submitted: the message names the Clinical review.
    open_actions_menu(page)
    page.get_by_role("button", name="Submit to Clinical review").click()
    # (Wagtail's autosave has created the page by now, so it was "sent", not "created and sent".)
    expect(page.locator(".messages")).to_contain_text(
        re.compile(r"Page 'Varicose veins' (created and|has been) sent to Clinical review\.")
    )
    guide_screenshot(page, "submitted")
    condition = ConditionPage.objects.get(slug="varicose-veins")
    assert not condition.live
    assert_nothing_broken(page, breakage)

    # The reviewer's dashboard: labelled actions, no editing.
    sign_in_to_admin(page, demo_site, "reviewer", PASSWORD)
    awaiting = page.locator("tr", has_text="Varicose veins")
    expect(awaiting.get_by_role("button", name="Request changes Varicose veins")).to_be_visible()
    assert awaiting.get_by_role("link", name="Edit Varicose veins").count() == 0
    assert_nothing_broken(page, breakage)
    guide_screenshot(page, "reviewer-dashboard")
    with page.context.expect_page() as review_tab:
        awaiting.get_by_role("link", name="Preview Varicose veins (opens in a new tab)").click()
    expect(review_tab.value.get_by_role("heading", level=1)).to_have_text("Varicose veins")
    review_tab.value.close()

    # Approving says what happened.
    awaiting.get_by_role("button", name="Approve and publish Varicose veins", exact=True).click()
    confirmation = page.get_by_text("You approved 'Varicose veins'. It is live now.")
    expect(confirmation).to_be_visible()
    guide_screenshot(page, "reviewer-approved")  # before Wagtail fades the message out
    expect(page.locator("tr", has_text="Varicose veins")).to_have_count(0)

    # Live, signed off by the reviewer's specialist profile, with both review dates.
    condition.refresh_from_db()
    today = timezone.localdate()
    assert condition.live
    assert condition.reviewed_by_id == franklin.id
    assert condition.last_reviewed == today
    assert condition.next_review_due == today.replace(year=today.year + 1)
    page.goto(demo_site + "/conditions/varicose-veins/")
    review_line = page.locator(".review-line").inner_text()
    assert f"Page last reviewed: {format_date(today, 'j F Y')}" in review_line
    assert "Reviewed by Mr Ian Franklin" in review_line
    expect(page.get_by_text("You are asking about: Varicose veins")).to_be_visible()
    assert_no_serious_axe_violations(page)
