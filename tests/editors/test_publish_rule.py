"""The publish rule for condition pages (an urgent or emergency care card, and a reviewer) holds
on every way a page goes live: the editor (tests/pages/test_condition_validation.py), code,
bulk actions, scheduled publishing and the Clinical review workflow."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from pages.conditions.models import (
    CARE_CARD_REQUIRED,
    PUBLISH_REFUSED_LOG_ACTION,
    REVIEWER_REQUIRED,
    ClinicalPageNotReady,
)
from pages.models import ConditionPage
from tests.editors.test_clinical_review import submit_new_condition, workflow_action
from tests.factories import ConditionPageFactory

pytestmark = pytest.mark.django_db

SYMPTOMS_ONLY = [
    ("symptoms", {"heading": "Symptoms", "intro": "", "symptoms": [{"name": "Ache", "detail": ""}]})
]


def draft(condition_index, specialist=None, **fields):
    """A condition page that has never been live, saved as a draft revision."""
    page = ConditionPageFactory(
        parent=condition_index, live=False, reviewed_by=specialist, **fields
    )
    return page, page.save_revision(clean=False)


def test_publish_from_code_refuses_a_page_without_a_care_card(condition_index, specialist):
    page, revision = draft(condition_index, specialist, body=SYMPTOMS_ONLY)

    with pytest.raises(ClinicalPageNotReady, match=CARE_CARD_REQUIRED[:40]):
        revision.publish()

    page.refresh_from_db()
    assert not page.live


def test_publish_from_code_refuses_a_page_without_a_reviewer(condition_index):
    page, revision = draft(condition_index)

    with pytest.raises(ClinicalPageNotReady, match=REVIEWER_REQUIRED[:40]):
        revision.publish()

    assert not ConditionPage.objects.get(pk=page.pk).live


def test_publish_from_code_publishes_a_complete_page(condition_index, specialist):
    page, revision = draft(condition_index, specialist)
    revision.publish()
    page.refresh_from_db()
    assert page.live


def test_bulk_publish_refuses_an_incomplete_page(admin_client, condition_index, specialist):
    page, _ = draft(condition_index, specialist, body=SYMPTOMS_ONLY)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))

    response = admin_client.post(f"{url}?id={page.pk}", {"include_descendants": ""})

    # Wagtail's admin answers a refused action by returning to the dashboard with a message.
    assert response.status_code == 302
    assert not ConditionPage.objects.get(pk=page.pk).live


def test_bulk_publish_publishes_a_complete_page(admin_client, condition_index, specialist):
    page, _ = draft(condition_index, specialist)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))

    admin_client.post(f"{url}?id={page.pk}", {"include_descendants": ""})

    assert ConditionPage.objects.get(pk=page.pk).live


def test_scheduled_publish_of_an_incomplete_draft_is_refused_recorded_and_others_go_live(
    condition_index, specialist
):
    past = timezone.now() - datetime.timedelta(minutes=5)
    incomplete, bad_revision = draft(condition_index, specialist, body=SYMPTOMS_ONLY)
    complete, good_revision = draft(condition_index, specialist)
    for revision in (bad_revision, good_revision):
        revision.approved_go_live_at = past
        revision.save(update_fields=["approved_go_live_at"])

    call_command("publish_scheduled", stdout=io.StringIO())

    incomplete.refresh_from_db()
    bad_revision.refresh_from_db()
    assert not incomplete.live
    assert bad_revision.approved_go_live_at is None  # not retried every run
    entry = PageLogEntry.objects.get(page=incomplete, action=PUBLISH_REFUSED_LOG_ACTION)
    assert entry.data["problems"] == [CARE_CARD_REQUIRED]
    complete.refresh_from_db()
    assert complete.live


def test_workflow_approval_cannot_publish_a_page_left_without_a_reviewer(
    client, marketing_editor, clinical_reviewer, clinical_review, condition_index
):
    client.force_login(marketing_editor)
    submit_new_condition(client, condition_index)
    page = ConditionPage.objects.get(slug="varicose-veins")
    client.force_login(clinical_reviewer)  # no specialist profile, and the page names nobody

    response = workflow_action(client, page, "approve")

    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert page.workflow_in_progress
