"""A condition page goes live only through clinical review, in a real browser."""

import pytest
from django.utils import timezone
from django.utils.dateformat import format as format_date

from .conftest import add_block, assert_no_serious_axe_violations, sign_in_to_admin

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-pass"


def staff_member(django_user_model, username, group_name):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username, f"{username}@example.com", PASSWORD, first_name=username.title()
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def open_actions_menu(page):
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()


def test_editor_submits_a_condition_page_and_a_clinical_reviewer_approves_it_live(
    page, demo_site, django_user_model
):
    from pages.models import ConditionIndexPage, ConditionPage, SpecialistPage

    staff_member(django_user_model, "marketer", "Marketing editors")
    reviewer = staff_member(django_user_model, "reviewer", "Clinical reviewers")
    franklin = SpecialistPage.objects.get(slug="ian-franklin")
    franklin.user = reviewer
    franklin.save_revision().publish()
    index = ConditionIndexPage.objects.get()
    page.set_viewport_size({"width": 1280, "height": 900})

    # The marketing editor drafts the page and submits it; they have no Publish button.
    sign_in_to_admin(page, demo_site, "marketer", PASSWORD)
    page.goto(f"{demo_site}/admin/pages/add/pages/conditionpage/{index.id}/")
    page.locator("#id_title").fill("Varicose veins")
    page.locator("#id_summary").fill("Swollen, twisted veins just under the skin.")
    add_block(page, "Care card (when to get help)")
    page.locator("[name='body-0-value-symptoms-0-value']").fill("a leg suddenly becomes red")
    open_actions_menu(page)
    assert page.get_by_role("button", name="Publish").count() == 0
    page.get_by_role("button", name="Submit to Clinical review").click()
    page.get_by_text("Page 'Varicose veins' created and submitted for moderation.").wait_for()
    condition = ConditionPage.objects.get(slug="varicose-veins")
    assert not condition.live
    assert condition.reviewed_by is None

    # The clinical reviewer finds it on their dashboard and approves it.
    sign_in_to_admin(page, demo_site, "reviewer", PASSWORD)
    awaiting = page.locator("tr", has_text="Varicose veins")
    awaiting.get_by_role("button", name="Actions").click()
    awaiting.get_by_role("button", name="Approve", exact=True).click()
    # The dashboard reloads without the page: nothing is left to review.
    page.locator("tr", has_text="Varicose veins").wait_for(state="detached")

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
    assert page.get_by_text("This page is being reviewed.").count() == 0
    assert_no_serious_axe_violations(page)
