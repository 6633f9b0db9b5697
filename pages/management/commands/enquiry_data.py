"""A data-subject request: export (as JSON or CSV) or erase everything held for one email.

    manage.py enquiry_data patient@example.com --export > requests.json
    manage.py enquiry_data patient@example.com --export --format=csv > requests.csv
    manage.py enquiry_data patient@example.com --erase --yes

What is held and how it is exported or erased is pages/enquiries/subject_access.py, shared with
the admin's "Subject access and erasure" view; both are audited (with no user, from here).
"""

from django.core.management.base import BaseCommand, CommandError

from pages.enquiries import subject_access


class Command(BaseCommand):
    help = "Export or erase every consultation request (and its notes) held for one email."

    def add_arguments(self, parser):
        parser.add_argument("email")
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--export", action="store_true", help="print what is held")
        action.add_argument("--erase", action="store_true", help="delete the requests")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--yes", action="store_true", help="confirm --erase")

    def handle(self, *args, email, export, erase, format, yes, **options):
        if export:
            self.stdout.write(subject_access.export(email, format))
            return
        if not yes:
            count = subject_access.requests_for(email).count()
            raise CommandError(f"{count} request(s) found: add --yes to erase them.")
        self.stdout.write(f"Erased {subject_access.erase(email)} request(s).")
