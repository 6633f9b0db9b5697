"""Send again the emails of consultation requests that failed every attempt.

    manage.py resend_enquiry_emails CC-7K4Q2M CC-3XR9PA
    manage.py resend_enquiry_emails --all-failed

Only emails not yet sent go (a request whose staff email went but whose acknowledgement failed
sends just the acknowledgement). Exits 1 when any is still not sent, so a script can tell.
"""

from django.core.management.base import BaseCommand, CommandError

from pages.enquiries.emails import EmailStatus, deliver_enquiry_emails, send_failed_again
from pages.models import ConsultationSubmission


class Command(BaseCommand):
    help = "Send again the emails of consultation requests that failed every attempt."

    def add_arguments(self, parser):
        parser.add_argument("references", nargs="*", help="e.g. CC-7K4Q2M")
        parser.add_argument("--all-failed", action="store_true", help="every failed request")

    def handle(self, *args, references, all_failed, **options):
        if bool(references) == all_failed:
            raise CommandError("Give request references, or --all-failed (not both).")
        requests = ConsultationSubmission.objects.all()
        if references:
            requests = requests.filter(reference__in=[r.strip().upper() for r in references])
            unknown = set(r.strip().upper() for r in references) - set(
                requests.values_list("reference", flat=True)
            )
            if unknown:
                raise CommandError(f"No request with reference {', '.join(sorted(unknown))}.")
        ids = send_failed_again(requests.values_list("pk", flat=True))
        for submission_id in ids:
            deliver_enquiry_emails(submission_id)
        results = ConsultationSubmission.objects.filter(pk__in=ids).order_by("submit_time")
        not_sent = [r.reference for r in results if r.email_status != EmailStatus.SENT]
        self.stdout.write(f"Sent again: {len(ids) - len(not_sent)} request(s).")
        if not ids:
            self.stdout.write("Nothing to send: no matching request had failed.")
        if not_sent:
            self.stderr.write(f"Still not sent (mail server down?): {', '.join(not_sent)}")
            raise SystemExit(1)
