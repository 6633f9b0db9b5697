"""Least privilege on the pages the site stands on, tried through the admin's own views."""

import pytest
from django.urls import reverse

from pages.clinic.models import ClinicSettings
from tests.factories import (
    ConditionPageFactory,
    ConsultationFormPageFactory,
    NewsIndexPageFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def structural_pages(home_page, condition_index):
    booking = ConsultationFormPageFactory(parent=home_page)
    privacy = StandardPageFactory(parent=home_page, title="Privacy notice", slug="privacy-notice")
    ClinicSettings.objects.update(booking_page=booking, privacy_notice_page=privacy)
    return {
        "home page": home_page,
        "conditions index": condition_index,
        "booking page": booking,
        "privacy notice": privacy,
        "news index": NewsIndexPageFactory(parent=home_page),
    }


def attempt_everything(client, page, home_page):
    """Delete, unpublish and move `page` as the signed-in user; True for each that worked."""
    page_id = page.pk
    client.post(reverse("wagtailadmin_pages:unpublish", args=(page_id,)))
    unpublished = not type(page).objects.get(pk=page_id).live
    client.post(reverse("wagtailadmin_pages:move_confirm", args=(page_id, home_page.pk)))
    client.post(reverse("wagtailadmin_pages:delete", args=(page_id,)))
    deleted = not type(page).objects.filter(pk=page_id).exists()
    return unpublished, deleted


@pytest.mark.parametrize(
    "name", ["home page", "conditions index", "booking page", "privacy notice", "news index"]
)
def test_marketing_editor_cannot_delete_move_or_unpublish_a_structural_page(
    client, marketing_editor, structural_pages, home_page, name
):
    page = structural_pages[name]
    client.force_login(marketing_editor)
    tester = page.specific.permissions_for_user(marketing_editor)

    assert (tester.can_delete(), tester.can_move(), tester.can_unpublish()) == (
        False,
        False,
        False,
    )
    assert tester.can_edit() and tester.can_publish()
    assert attempt_everything(client, page, home_page) == (False, False)


def test_marketing_editor_still_deletes_and_unpublishes_an_ordinary_page(
    client, marketing_editor, structural_pages, home_page
):
    about = StandardPageFactory(parent=home_page, title="About us", slug="about-us")
    client.force_login(marketing_editor)
    assert attempt_everything(client, about, home_page) == (True, True)


def test_marketing_editor_cannot_unpublish_or_delete_a_live_condition_page(
    client, marketing_editor, condition_index, home_page
):
    """Decided: taking clinical advice down is for a superuser, asked by the clinical lead."""
    live = ConditionPageFactory(parent=condition_index, title="DVT", slug="dvt")
    client.force_login(marketing_editor)
    assert attempt_everything(client, live, home_page) == (False, False)


def test_marketing_editor_deletes_a_condition_draft_that_never_went_live(
    client, marketing_editor, condition_index
):
    draft = ConditionPageFactory(parent=condition_index, live=False, first_published_at=None)
    client.force_login(marketing_editor)
    client.post(reverse("wagtailadmin_pages:delete", args=(draft.pk,)))
    assert not type(draft).objects.filter(pk=draft.pk).exists()


def test_superuser_may_still_unpublish_a_structural_page(
    client, django_user_model, structural_pages
):
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.com", "pw"))
    page = structural_pages["privacy notice"]
    client.post(reverse("wagtailadmin_pages:unpublish", args=(page.pk,)))
    page.refresh_from_db()
    assert not page.live
