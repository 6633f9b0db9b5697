"""What a clinical reviewer sees after approving or requesting changes: a sentence, on the dashboard."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.safestring import SafeData, mark_safe
from wagtail.models import TaskState

from ..conditions.models import ConditionPage, publishing_problems
from ..conditions.specialists import SpecialistPage


def review_outcome(request, task_state_id):
    """Read the review's outcome from the database and say it in words, then go home.

    ClinicalReviewTask.on_action sends the reviewer here (Wagtail's own workflow views say
    nothing: the dashboard row just disappears).
    """
    task_state = get_object_or_404(TaskState, id=task_state_id)
    task = task_state.task.specific
    if not (request.user.is_superuser or task.groups.filter(user=request.user).exists()):
        raise PermissionDenied
    page = task_state.revision.content_object.specific
    title = page.get_admin_display_title()
    if task_state.status == TaskState.STATUS_APPROVED:
        page.refresh_from_db()
        message = f"You approved '{title}'."
        if page.live:
            message += " It is live now."
        if isinstance(page, ConditionPage) and page.next_review_due:
            reviewer = page.reviewed_by.full_name if page.reviewed_by else "nobody"
            message += f" Reviewer: {reviewer}; next review due {page.next_review_due:%-d %B %Y}."
        messages.success(request, message)
    elif task_state.status == TaskState.STATUS_REJECTED:
        submitter = task_state.workflow_state.requested_by
        who = (submitter.get_full_name() or submitter.get_username()) if submitter else "The editor"
        messages.success(
            request,
            f"You asked for changes to '{title}'. {who} sees your comment when they open "
            "the page, and can send it back to you.",
        )
    else:
        draft = page.get_latest_revision_as_object()
        if isinstance(draft, ConditionPage):
            draft.reviewed_by = (
                SpecialistPage.objects.filter(user=request.user).first() or draft.reviewed_by
            )
            problems = publishing_problems(draft)
            if "reviewed_by" in problems:
                problems["reviewed_by"] = (
                    "Your account is not linked to a specialist profile and the page names no "
                    "reviewer: ask an administrator to choose your account as 'Staff account' "
                    "on your profile under Our specialists."
                )
            messages.error(request, f"'{title}' was not approved: " + " ".join(problems.values()))
        else:
            messages.warning(request, f"'{title}' is still awaiting review.")
    return redirect("wagtailadmin_home")


WAGTAIL_SUBMITTED_WORDS = "submitted for moderation"


def name_the_workflow_in_messages(request, page):
    """'submitted for moderation' becomes 'sent to Clinical review' (the workflow's own name).

    Wagtail queues its message before the after_create_page / after_edit_page hooks run;
    the queue is read and the messages added again, reworded where they say the above.
    """
    workflow_state = page.current_workflow_state
    if workflow_state is None:
        return
    queued = list(messages.get_messages(request))
    for message in queued:
        text = message.message
        if WAGTAIL_SUBMITTED_WORDS in text:
            reworded = text.replace(
                WAGTAIL_SUBMITTED_WORDS, f"sent to {workflow_state.workflow.name}"
            )
            # Wagtail's messages are HTML it built and escaped (buttons); keep them as such.
            text = mark_safe(reworded) if isinstance(text, SafeData) else reworded  # noqa: S308
        messages.add_message(request, message.level, text, extra_tags=message.extra_tags)
