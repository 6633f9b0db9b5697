"""The Clinical review workflow's task: a clinical reviewer approves or requests changes."""

import contextlib

from django.urls import reverse
from wagtail.models import AbstractGroupApprovalTask

from ..conditions.models import ClinicalPageNotReady

APPROVE_LABEL = "Approve and publish"
APPROVE_WITH_COMMENT_LABEL = "Approve and publish, with a comment"
REQUEST_CHANGES_LABEL = "Request changes"


class ClinicalReviewTask(AbstractGroupApprovalTask):
    """Approving signs the page off and publishes it (see workflow.finish_workflow).

    Reviewers read the page in its preview and compare it with the live version, then approve
    or request changes from their dashboard. They edit nothing and cannot cancel the review:
    only superusers open the editor of a page under review (Wagtail would let every member of
    the task's groups in, to save drafts and cancel the workflow).
    """

    def user_can_access_editor(self, obj, user):
        return user.is_superuser

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [
                ("reject", REQUEST_CHANGES_LABEL, True),
                ("approve", APPROVE_LABEL, False),
                ("approve", APPROVE_WITH_COMMENT_LABEL, True),
            ]
        return []

    def on_action(self, task_state, user, action_name, **kwargs):
        """Approve or request changes, then say what happened (reviews.admin.review_outcome)."""
        # A refused publish rolls the approval back: the page still awaits review, and the
        # outcome page says what is missing.
        with contextlib.suppress(ClinicalPageNotReady):
            super().on_action(task_state, user, action_name, **kwargs)
        return reverse("clinical_review_outcome", args=(task_state.id,))

    @classmethod
    def get_description(cls):
        return (
            "Members of the chosen groups approve condition pages. Approving records the "
            "approver's specialist profile as the reviewer and sets the review dates."
        )

    class Meta:
        verbose_name = "clinical review task"
        verbose_name_plural = "clinical review tasks"
