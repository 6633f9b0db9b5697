"""The Clinical review workflow: marketing submits, a clinical reviewer approves or asks for changes."""

import datetime
import io
import logging

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, Workflow, WorkflowPage, WorkflowState

from pages.models import ConditionPage
from pages.reviews.workflow import CLINICAL_REVIEW_LOG_ACTION, add_months
from pages.roles import CLINICAL_REVIEW_WORKFLOW, ensure_clinical_review_workflow
from tests.factories import ConditionPageFactory, SpecialistPageFactory
from tests.pages.test_condition_validation import care_card, condition_form, symptoms_block

pytestmark = pytest.mark.django_db


def add_url(condition_index):
    return reverse("wagtailadmin_pages:add", args=("pages", "conditionpage", condition_index.pk))


def submit_new_condition(client, condition_index, body=None, **fields):
    """A marketing editor's 'Submit to Clinical review' on a new page, with no reviewer chosen."""
    data = condition_form(body or [symptoms_block(), care_card("urgent")], **fields)
    return client.post(add_url(condition_index), {**data, "action-submit": "1"})


def workflow_action(client, page, action, **data):
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    return client.post(url, data)


def submitted_page(client, marketing_editor, condition_index):
    client.force_login(marketing_editor)
    response = submit_new_condition(client, condition_index)
    assert response.status_code == 302, response.context["form"].errors
    return ConditionPage.objects.get(slug="varicose-veins")


def test_migration_creates_the_workflow_and_the_seed_puts_it_on_the_conditions_index(
    condition_index,
):
    workflow = Workflow.objects.get(name=CLINICAL_REVIEW_WORKFLOW)
    task = workflow.workflow_tasks.get().task.specific
    assert list(task.groups.values_list("name", flat=True)) == ["Clinical reviewers"]
    assert not WorkflowPage.objects.filter(page=condition_index).exists()

    ensure_clinical_review_workflow(django_apps)
    ensure_clinical_review_workflow(django_apps)

    assert WorkflowPage.objects.get(page=condition_index).workflow == workflow
    assert workflow.workflow_tasks.count() == 1
    condition = ConditionPageFactory(parent=condition_index)
    assert condition.get_workflow() == workflow


def test_an_index_with_a_workflow_chosen_by_an_admin_keeps_it(condition_index):
    other = Workflow.objects.create(name="Legal review")
    WorkflowPage.objects.create(page=condition_index, workflow=other)
    ensure_clinical_review_workflow(django_apps)
    assert WorkflowPage.objects.get(page=condition_index).workflow == other


def test_marketing_editor_submits_a_condition_page_without_choosing_a_reviewer(
    client, marketing_editor, clinical_review, condition_index
):
    page = submitted_page(client, marketing_editor, condition_index)

    assert not page.live
    assert page.workflow_in_progress
    assert page.current_workflow_task.name == "Clinical sign-off"
    assert page.reviewed_by is None


def test_submitting_still_needs_an_urgent_or_emergency_care_card(
    client, marketing_editor, clinical_review, condition_index
):
    client.force_login(marketing_editor)
    response = submit_new_condition(client, condition_index, body=[care_card("non_urgent")])
    assert response.status_code == 200
    assert "Add a care card for urgent or emergency help" in response.content.decode()
    assert not WorkflowState.objects.exists()
    # Said at the top, in the words of the person submitting (they cannot publish).
    banner = next(iter(response.context["messages"])).message
    assert "This page cannot go to Clinical review yet." in banner
    assert "Add a care card for urgent or emergency help" in banner
    assert "before publishing" not in response.content.decode()


def test_reviewer_approval_publishes_the_page_signed_by_their_specialist_profile(
    client, marketing_editor, signing_reviewer, specialist, clinical_review, condition_index
):
    page = submitted_page(client, marketing_editor, condition_index)
    client.force_login(signing_reviewer)

    response = workflow_action(client, page, "approve", comment="Clinically accurate.")

    assert response.status_code == 302
    page.refresh_from_db()
    today = timezone.localdate()
    assert page.live
    assert not page.has_unpublished_changes
    assert page.reviewed_by == specialist
    assert page.last_reviewed == today
    assert page.next_review_due == add_months(today, 12)
    assert page.current_workflow_state is None
    approval = page.workflow_states.get().task_states.get()
    assert (approval.status, approval.comment) == ("approved", "Clinically accurate.")
    entry = PageLogEntry.objects.get(page=page, action=CLINICAL_REVIEW_LOG_ACTION)
    assert entry.user == signing_reviewer
    assert entry.data["reviewer"] == "Ms Ada Lovelace"


def test_review_interval_comes_from_the_setting(
    client, settings, marketing_editor, signing_reviewer, clinical_review, condition_index
):
    settings.CLINICAL_REVIEW_INTERVAL_MONTHS = 6
    page = submitted_page(client, marketing_editor, condition_index)
    client.force_login(signing_reviewer)
    workflow_action(client, page, "approve")
    page.refresh_from_db()
    assert page.next_review_due == add_months(timezone.localdate(), 6)


def test_approver_without_a_specialist_profile_keeps_the_pages_reviewer_and_says_so(
    client, caplog, marketing_editor, clinical_reviewer, clinical_review, condition_index
):
    named = SpecialistPageFactory(parent=condition_index.get_parent(), title="Grace Hopper")
    client.force_login(marketing_editor)
    submit_new_condition(client, condition_index, reviewed_by=str(named.pk))
    page = ConditionPage.objects.get(slug="varicose-veins")
    client.force_login(clinical_reviewer)

    with caplog.at_level(logging.WARNING, logger="pages.reviews.workflow"):
        workflow_action(client, page, "approve")

    page.refresh_from_db()
    assert page.live
    assert page.reviewed_by == named
    assert page.last_reviewed == timezone.localdate()
    assert "without a linked specialist profile" in caplog.text
    entry = PageLogEntry.objects.get(page=page, action=CLINICAL_REVIEW_LOG_ACTION)
    assert entry.data["reviewer_linked"] is False
    client.force_login(marketing_editor)
    history = client.get(reverse("wagtailadmin_pages:history", args=(page.pk,)))
    assert "not linked to a specialist profile" in history.content.decode()


def test_reviewer_requests_changes_with_a_comment_and_the_page_stays_a_draft(
    client, marketing_editor, signing_reviewer, clinical_review, condition_index
):
    page = submitted_page(client, marketing_editor, condition_index)
    client.force_login(signing_reviewer)

    workflow_action(client, page, "reject", comment="Add the Wells score to the diagnosis.")

    page.refresh_from_db()
    assert not page.live
    assert page.last_reviewed is None
    state = page.workflow_states.get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.task_states.get().comment == "Add the Wells score to the diagnosis."


def test_marketing_editor_cannot_approve_their_own_submission(
    client, marketing_editor, clinical_review, condition_index
):
    page = submitted_page(client, marketing_editor, condition_index)
    response = workflow_action(client, page, "approve")
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert page.workflow_in_progress


def test_clinical_reviewer_previews_a_page_in_review_but_edits_nothing(
    client, marketing_editor, clinical_reviewer, clinical_review, condition_index
):
    page = submitted_page(client, marketing_editor, condition_index)
    other = ConditionPageFactory(parent=condition_index)
    client.force_login(clinical_reviewer)
    task = page.current_workflow_task
    preview = reverse("wagtailadmin_pages:workflow_preview", args=(page.pk, task.pk))
    assert "Varicose veins" in client.get(preview).content.decode()
    for editable in (page, other):
        response = client.get(reverse("wagtailadmin_pages:edit", args=(editable.pk,)))
        assert response.status_code == 302
    # Neither saving a draft nor cancelling the review gets through.
    data = condition_form([symptoms_block(), care_card("urgent")], title="Changed")
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    client.post(edit_url, data)
    client.post(edit_url, {**data, "action-cancel-workflow": "1"})
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().title == "Varicose veins"
    assert page.workflow_in_progress


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2028, 2, 29), 12, datetime.date(2029, 2, 28)),
        (datetime.date(2026, 11, 26), 12, datetime.date(2027, 11, 26)),
        (datetime.date(2026, 11, 30), 3, datetime.date(2027, 2, 28)),
    ],
)
def test_next_review_lands_on_the_same_day_or_the_months_last_day(day, months, expected):
    assert add_months(day, months) == expected


def test_seed_puts_the_workflow_on_the_conditions_index_and_editor_grants_on_home_once():
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from wagtail.models import GroupPagePermission

    from pages.models import ConditionIndexPage, HomePage

    for _run in range(2):
        call_command("seed_demo", stdout=io.StringIO())

    index = ConditionIndexPage.objects.get()
    assert WorkflowPage.objects.get(page=index).workflow.name == CLINICAL_REVIEW_WORKFLOW
    editors = Group.objects.get(name="Marketing editors")
    grants = GroupPagePermission.objects.filter(group=editors)
    assert grants.count() == 3
    assert {grant.page_id for grant in grants} == {HomePage.objects.get().pk}


def test_a_copied_specialist_profile_does_not_take_the_staff_account(signing_reviewer, specialist):
    copy = specialist.copy(update_attrs={"slug": "ada-lovelace-copy", "title": "Ada Copy"})
    assert copy.specific.user is None
    specialist.refresh_from_db()
    assert specialist.user == signing_reviewer
