"""Clinical review: signing a condition or treatment page off when its workflow is approved, review dates.

`finish_workflow` is Wagtail's extension point for what happens when a workflow is approved
(WAGTAIL_FINISH_WORKFLOW_ACTION). For a condition page it records the approver as reviewer and
sets the review dates on the newest revision, then publishes it on the approval's authority:
clinical reviewers hold no publish permission of their own. ClinicallyReviewedPage.publish()
still applies the publish rule (reviewer; for condition pages a care card too).
"""

import calendar
import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.workflows import publish_workflow_state

from ..conditions.models import ClinicallyReviewedPage, ConditionPage
from ..conditions.specialists import SpecialistPage

logger = logging.getLogger(__name__)

CLINICAL_REVIEW_LOG_ACTION = "pages.clinical_review"


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
    draft = page.get_latest_revision_as_object()
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


@transaction.atomic
def finish_workflow(workflow_state, user=None):
    """WAGTAIL_FINISH_WORKFLOW_ACTION: sign clinical pages off, then publish as Wagtail would."""
    page = workflow_state.content_object
    page = getattr(page, "specific", page)
    if not isinstance(page, ClinicallyReviewedPage):
        return publish_workflow_state(workflow_state, user=user)
    revision = sign_off(page, user)
    return revision.publish(user=user, skip_permission_checks=True)


REVIEW_DUE_SOON_DAYS = 30


def condition_pages_due_for_review(today=None):
    """Live condition pages overdue or due within 30 days, or never reviewed at all."""
    today = today or timezone.localdate()
    cutoff = today + datetime.timedelta(days=REVIEW_DUE_SOON_DAYS)
    return (
        ConditionPage.objects.live()
        .filter(Q(next_review_due__lte=cutoff) | Q(next_review_due__isnull=True))
        .select_related("reviewed_by__user")
    )
