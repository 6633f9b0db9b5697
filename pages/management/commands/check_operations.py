"""For monitoring: is the site's background work keeping up? Exit status 1 says no, and why.

    manage.py check_operations                 # every 5 minutes from cron or the monitor
    manage.py check_operations --max-age 600   # seconds a task may wait (default 600)

Reports each task queue's waiting tasks and the oldest one's age (a stopped worker), tasks that
failed in the last day, and enquiry emails that failed or are overdue. Names no patients.
"""

from django.core.management.base import BaseCommand

from clinic_site.operations import queue_states
from pages.enquiries.emails import email_backlog


class Command(BaseCommand):
    help = "Report task queue depth and age and failed emails; exit 1 when something is wrong."

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-age", type=int, default=600, help="seconds a task may wait (default 600)"
        )

    def handle(self, *args, max_age, **options):
        problems = []
        for queue in queue_states():
            self.stdout.write(
                f"queue {queue.name}: {queue.waiting} waiting, oldest {queue.oldest_seconds} s, "
                f"{queue.failed_last_day} failed in the last day"
            )
            if queue.oldest_seconds > max_age:
                worker = "db_worker" + (
                    "" if queue.name == "default" else f" --queue-name {queue.name}"
                )
                problems.append(
                    f"queue {queue.name}: a task has waited {queue.oldest_seconds} s "
                    f"(over {max_age} s): is `{worker}` running?"
                )
            if queue.failed_last_day:
                problems.append(
                    f"queue {queue.name}: {queue.failed_last_day} task(s) failed in the last day "
                    "(see the worker's log)"
                )
        failed, overdue = email_backlog()
        self.stdout.write(f"enquiry emails: {failed} failed, {overdue} overdue")
        if failed:
            problems.append(
                f"{failed} enquiry request(s) whose emails failed every attempt: check the mail "
                "server, then `manage.py resend_enquiry_emails --all-failed`"
            )
        if overdue:
            problems.append(f"{overdue} enquiry request(s) with emails overdue")
        for problem in problems:
            self.stderr.write(f"PROBLEM: {problem}")
        if problems:
            raise SystemExit(1)
        self.stdout.write("OK")
