"""A data-subject request: export (as JSON) or erase every consultation request for one email.

    manage.py enquiry_data patient@example.com --export > requests.json
    manage.py enquiry_data patient@example.com --erase --yes

Requests are matched on the stored email address, ignoring case. Nothing else in the database
holds a patient's details: emails are not stored and task arguments are only row ids.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from pages.enquiries.models import EXPORTED_FIELDS
from pages.models import ConsultationSubmission


class Command(BaseCommand):
    help = "Export or erase every consultation request held for one email address."

    def add_arguments(self, parser):
        parser.add_argument("email")
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--export", action="store_true", help="print the requests as JSON")
        action.add_argument("--erase", action="store_true", help="delete the requests")
        parser.add_argument("--yes", action="store_true", help="confirm --erase")

    def handle(self, *args, email, export, erase, yes, **options):
        requests = ConsultationSubmission.objects.filter(email__iexact=email.strip())
        if export:
            rows = list(requests.order_by("submit_time").values(*EXPORTED_FIELDS))
            self.stdout.write(json.dumps(rows, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False))
            return
        if not yes:
            raise CommandError(f"{requests.count()} request(s) found: add --yes to erase them.")
        count, _ = requests.delete()
        self.stdout.write(f"Erased {count} request(s).")
