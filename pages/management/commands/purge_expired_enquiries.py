"""Delete consultation requests older than ENQUIRY_RETENTION_DAYS: run it daily from cron."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from pages.models import ConsultationSubmission


class Command(BaseCommand):
    help = "Delete consultation requests older than the retention period (ENQUIRY_RETENTION_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")

    def handle(self, *args, dry_run, **options):
        days = settings.ENQUIRY_RETENTION_DAYS
        expired = ConsultationSubmission.objects.filter(
            submit_time__lt=timezone.now() - timedelta(days=days)
        )
        count = expired.count()
        if dry_run:
            self.stdout.write(f"{count} request(s) older than {days} days would be deleted.")
            return
        expired.delete()
        self.stdout.write(f"Deleted {count} request(s) older than {days} days.")
