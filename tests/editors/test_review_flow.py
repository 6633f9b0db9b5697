"""What editors and reviewers are told along the Clinical review, and what they may do."""

import re

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import GroupApprovalTask, Task, Workflow, WorkflowPage, WorkflowTask

from pages.reviews.models import APPROVE_LABEL, REQUEST_CHANGES_LABEL
from pages.roles import WAGTAIL_DEFAULT_WORKFLOW, retire_wagtail_default_workflow
from tests.factories import NewsArticlePageFactory, NewsIndexPageFactory

from .test_clinical_review import submit_new_condition, submitted_page, workflow_action

pytestmark = pytest.mark.django_db


def sign_in(client, user):
    """Another person at the same browser: no messages left over from the last one."""
    client.cookies.pop("messages", None)
    client.force_login(user)


def messages_of(response):
    return [str(message.message) for message in get_messages(response.wsgi_request)]


def test_submitting_says_the_page_went_to_clinical_review(
    client, marketing_editor, clinical_review, condition_index
):
    client.force_login(marketing_editor)
    response = submit_new_condition(client, condition_index)

    assert response.status_code == 302
    texts = messages_of(client.get(response.url))
    assert any("created and sent to Clinical review" in text for text in texts), texts
    assert not any("moderation" in text for text in texts)


def test_reviewer_is_told_the_page_is_live_with_them_as_reviewer(
    client, marketing_editor, signing_reviewer, clinical_review, condition_index
):
    page = submitted_page(client, marketing_editor, condition_index)
    sign_in(client, signing_reviewer)

    response = workflow_action(client, page, "approve")
    response = client.get(response.url)

    assert response.url == reverse("wagtailadmin_home")
    (text,) = messages_of(response)
    assert text.startswith("You approved 'Varicose veins'. It is live now.")
    assert "Reviewer: Ms Ada Lovelace; next review due" in text


def test_reviewer_is_told_who_will_see_their_request_for_changes(
    client, marketing_editor, signing_reviewer, clinical_review, condition_index
):
    page = submitted_page(client, marketing_editor, condition_index)
    sign_in(client, signing_reviewer)

    response = client.get(
        workflow_action(client, page, "reject", comment="Add the Wells score.").url
    )

    (text,) = messages_of(response)
    assert text == (
        "You asked for changes to 'Varicose veins'. Marketer sees your comment when they open "
        "the page, and can send it back to you."
    )


def test_approval_without_any_reviewer_is_refused_and_explained(
    client, marketing_editor, clinical_reviewer, clinical_review, condition_index
):
    page = submitted_page(client, marketing_editor, condition_index)
    sign_in(client, clinical_reviewer)  # no specialist profile, and the page names nobody

    response = client.get(workflow_action(client, page, "approve").url)

    page.refresh_from_db()
    assert not page.live
    assert page.workflow_in_progress
    (text,) = messages_of(response)
    assert text.startswith("'Varicose veins' was not approved: Your account is not linked")


def test_only_the_reviewers_of_the_task_read_its_outcome(
    client, marketing_editor, signing_reviewer, clinical_review, condition_index
):
    page = submitted_page(client, marketing_editor, condition_index)
    task_state = page.current_workflow_task_state
    client.force_login(marketing_editor)

    response = client.get(reverse("clinical_review_outcome", args=(task_state.pk,)))

    assert response.status_code == 302  # Wagtail's permission denied: back to the dashboard
    assert not any("approved" in text for text in messages_of(response))


def test_reviewers_dashboard_lists_labelled_actions_for_each_page(
    client, marketing_editor, signing_reviewer, clinical_review, condition_index
):
    submitted_page(client, marketing_editor, condition_index)
    client.force_login(signing_reviewer)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert f'{APPROVE_LABEL}<span class="w-sr-only"> Varicose veins</span>' in html
    assert f'{REQUEST_CHANGES_LABEL}<span class="w-sr-only"> Varicose veins</span>' in html
    assert 'Preview<span class="w-sr-only"> Varicose veins (opens in a new tab)</span>' in html
    assert 'toggle_aria_label="Actions"' not in html


def test_wagtails_default_workflow_is_retired_and_news_has_none(home_page):
    # As Wagtail's migrations leave it: "Moderators approval" on the root, covering every page.
    workflow = Workflow.objects.create(name=WAGTAIL_DEFAULT_WORKFLOW)
    task = GroupApprovalTask.objects.create(name=WAGTAIL_DEFAULT_WORKFLOW)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(page=home_page.get_parent(), workflow=workflow)
    article = NewsArticlePageFactory(parent=NewsIndexPageFactory(parent=home_page))
    assert article.get_workflow() == workflow

    retire_wagtail_default_workflow(apps)

    assert not Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).exists()
    assert not Task.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).exists()
    assert article.get_workflow() is None


def test_every_role_sees_the_clinics_name_on_the_dashboard_and_no_gravatar(
    client, home_page, marketing_editor, clinical_reviewer, enquiry_handler
):
    from pages.clinic.models import ClinicSettings

    clinic_name = ClinicSettings.objects.get().clinic_name
    for user in (marketing_editor, clinical_reviewer, enquiry_handler):
        client.force_login(user)
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        heading = re.search(r'<h1 class="w-h1 w-mt-0">\s*(.*?)\s*</h1>', html).group(1)
        assert heading == clinic_name, user
        assert "gravatar.com" not in html
