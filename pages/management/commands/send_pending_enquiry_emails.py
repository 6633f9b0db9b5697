"""Re-send consultation emails that are still waiting: run it from cron every few minutes.

Needed with the immediate task backend (it cannot defer a retry) and as a safety net if a
queued task was lost. Requests younger than --grace minutes are left to the worker.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from pages.enquiries.emails import EmailStatus, deliver_enquiry_emails
from pages.models import ConsultationSubmission


class Command(BaseCommand):
    help = "Send any consultation emails still waiting after a failure."

    def add_arguments(self, parser):
        parser.add_argument("--grace", type=int, default=5, help="minutes (default 5)")

    def handle(self, *args, grace, **options):
        now = timezone.now()
        due = ConsultationSubmission.objects.filter(email_status=EmailStatus.PENDING).filter(
            Q(next_email_attempt_at__lte=now)
            | Q(next_email_attempt_at__isnull=True, submit_time__lte=now - timedelta(minutes=grace))
        )
        ids = list(due.order_by("submit_time").values_list("pk", flat=True))
        for submission_id in ids:
            deliver_enquiry_emails(submission_id)
        still_pending = ConsultationSubmission.objects.filter(
            pk__in=ids, email_status=EmailStatus.PENDING
        ).count()
        self.stdout.write(f"Tried {len(ids)} request(s); {still_pending} still waiting.")
