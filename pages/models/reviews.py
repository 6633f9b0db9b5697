"""Clinical review: the workflow task that signs a condition page off, and the review dates."""

import calendar
import datetime
import logging
from contextvars import ContextVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import AbstractGroupApprovalTask

logger = logging.getLogger(__name__)

CLINICAL_REVIEW_LOG_ACTION = "pages.clinical_review"

# (user id, page id) while a reviewer's approval publishes the page: Wagtail's workflow
# publishes as the approver, and clinical reviewers hold no publish permission of their own.
approving = ContextVar("approving", default=None)


def add_months(day, months):
    """The same day `months` later; the 31st becomes the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_review_date(reviewed_on):
    return add_months(reviewed_on, settings.CLINICAL_REVIEW_INTERVAL_MONTHS)


def sign_off(page, user):
    """Record `user`'s approval on the newest revision, which the workflow then publishes.

    The reviewer is the specialist profile linked to the user's account; when there is none
    the page keeps the reviewer it had, and the page history says so.
    """
    from .conditions import ConditionPage
    from .specialists import SpecialistPage

    draft = page.get_latest_revision_as_object()
    if not isinstance(draft, ConditionPage):
        return None
    reviewer = SpecialistPage.objects.filter(user=user).first() if user else None
    if reviewer is not None:
        draft.reviewed_by = reviewer
    else:
        logger.warning(
            "%s approved %r without a linked specialist profile; the reviewer stays %s.",
            user,
            draft.title,
            draft.reviewed_by or "empty",
        )
    draft.last_reviewed = timezone.localdate()
    draft.next_review_due = next_review_date(draft.last_reviewed)
    revision = draft.save_revision(user=user, clean=False)
    # The workflow publishes `page.get_latest_revision()`: point it at the signed-off one.
    page.refresh_from_db(fields=["latest_revision", "has_unpublished_changes", "draft_title"])
    log(
        instance=draft,
        action=CLINICAL_REVIEW_LOG_ACTION,
        user=user,
        revision=revision,
        data={
            "reviewer": draft.reviewed_by.full_name if draft.reviewed_by else "",
            "reviewer_linked": reviewer is not None,
            "next_review_due": draft.next_review_due.isoformat(),
        },
    )
    return revision


class ClinicalReviewTask(AbstractGroupApprovalTask):
    """A clinical reviewer approves or requests changes; approving signs the page off."""

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name != "approve":
            return super().on_action(task_state, user, action_name, **kwargs)
        page = task_state.workflow_state.content_object
        sign_off(page, user)
        token = approving.set((user.pk if user else None, page.pk))
        try:
            return super().on_action(task_state, user, action_name, **kwargs)
        finally:
            approving.reset(token)

    @classmethod
    def get_description(cls):
        return (
            "Members of the chosen groups approve condition pages. Approving records the "
            "approver's specialist profile as the reviewer and sets the review dates."
        )

    class Meta:
        verbose_name = "clinical review task"
        verbose_name_plural = "clinical review tasks"


REVIEW_DUE_SOON_DAYS = 30


def condition_pages_due_for_review(today=None):
    """Live condition pages overdue or due within 30 days, or never reviewed at all."""
    from django.db.models import Q

    from .conditions import ConditionPage

    today = today or timezone.localdate()
    cutoff = today + datetime.timedelta(days=REVIEW_DUE_SOON_DAYS)
    return (
        ConditionPage.objects.live()
        .filter(Q(next_review_due__lte=cutoff) | Q(next_review_due__isnull=True))
        .select_related("reviewed_by__user")
    )
