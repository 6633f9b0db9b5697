"""Email each clinical reviewer the condition pages they should review soon. Run it weekly (cron).

A page goes to the staff account linked to its reviewer's specialist profile. Pages with no
reviewer, or whose reviewer has no account with an email address, go to every member of the
Clinical reviewers group, so that none is forgotten.
"""

from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string

from pages.reviews.workflow import condition_pages_due_for_review
from pages.roles import CLINICAL_REVIEWERS


def reachable(user):
    return user is not None and user.is_active and bool(user.email)


def reminders():
    """{user: [pages]} for every page overdue or due within 30 days, most overdue first."""
    pages = condition_pages_due_for_review().order_by("next_review_due", "title")
    by_user = defaultdict(list)
    unassigned = []
    for page in pages:
        reviewer_user = page.reviewed_by.user if page.reviewed_by else None
        if reachable(reviewer_user):
            by_user[reviewer_user].append(page)
        else:
            unassigned.append(page)
    if unassigned:
        group_members = (
            get_user_model()
            .objects.filter(groups__name=CLINICAL_REVIEWERS, is_active=True)
            .exclude(email="")
        )
        for user in group_members:
            by_user[user].extend(unassigned)
    return by_user


class Command(BaseCommand):
    help = "Email clinical reviewers the condition pages that are overdue or due for review soon."

    def handle(self, *args, **options):
        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        messages = []
        for user, pages in reminders().items():
            body = render_to_string(
                "reviews/emails/review_reminder.txt",
                {
                    "recipient_name": user.get_full_name() or user.get_username(),
                    "pages": pages,
                    "base_url": base_url,
                },
            )
            count = len(pages)
            subject = f"{count} condition page{'s' if count != 1 else ''} due for clinical review"
            messages.append(EmailMessage(subject, body, to=[user.email]))
        if messages:
            get_connection().send_messages(messages)
        self.stdout.write(
            f"Sent {len(messages)} review reminder{'s' if len(messages) != 1 else ''}."
        )
