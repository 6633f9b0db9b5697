"""Send many consultation requests at once to a running server, then count what was stored.

    TRUSTED_PROXY_HOPS=1 ENQUIRY_MIN_FILL_SECONDS=1 manage.py runserver 127.0.0.1:8005 &
    TRUSTED_PROXY_HOPS=1 ENQUIRY_MIN_FILL_SECONDS=1 manage.py enquiry_load_test \\
        --url http://127.0.0.1:8005/book-a-consultation/ --requests 200 --clients 20

Each client fetches the form (cookie, CSRF token, signed start time, idempotency key), waits the
minimum time to fill, sends it and, every fifth time, sends it again as a double-click would.
Each request claims its own address in X-Forwarded-For, so the server must trust one proxy hop.
The command must use the server's database: it counts the rows the run created, then deletes
them unless --keep is given.
"""

import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pages.models import ConsultationSubmission

HIDDEN = re.compile(r'name="(csrfmiddlewaretoken|started|idempotency_key)" value="([^"]+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Command(BaseCommand):
    help = "Load-test the consultation form on a running server: stored / errors / duplicates."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/book-a-consultation/")
        parser.add_argument("--requests", type=int, default=200)
        parser.add_argument("--clients", type=int, default=20)
        parser.add_argument("--keep", action="store_true", help="keep the rows it created")

    def handle(self, *args, url, requests, clients, keep, **options):
        if not url.startswith(("http://", "https://")):
            raise CommandError("--url must be an http(s) address.")
        self.url = url
        self.run_id = uuid.uuid4().hex[:8]
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=clients) as pool:
            outcomes = list(pool.map(self.send_one, range(requests)))
        elapsed = time.monotonic() - started

        marker = f"load test {self.run_id}"
        rows = ConsultationSubmission.objects.filter(form_data__message__startswith=marker)
        messages = list(rows.values_list("form_data__message", flat=True))
        errors = [outcome for outcome in outcomes if outcome != "ok"]
        self.stdout.write(
            f"sent: {requests} ({requests // 5} sent twice) from {clients} clients in "
            f"{elapsed:.1f}s\nstored: {len(set(messages))}\nerrors: {len(errors)}\n"
            f"duplicates: {len(messages) - len(set(messages))}"
        )
        for error in sorted(set(errors))[:5]:
            self.stdout.write(f"  e.g. {error}")
        if not keep:
            rows.delete()

    def send_one(self, number):
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
        address = f"198.51.{number // 250}.{number % 250 + 1}"
        try:
            with opener.open(self.url, timeout=30) as response:
                hidden = dict(HIDDEN.findall(response.read().decode()))
            time.sleep(settings.ENQUIRY_MIN_FILL_SECONDS + 0.2)
            body = urllib.parse.urlencode(
                {
                    **hidden,
                    "name": f"Load test patient {number}",
                    "email": f"load{number}@example.com",
                    "phone": "020 7946 0000",
                    "preferred_contact_method": "Email",
                    "condition_of_interest": "Varicose veins",
                    "message": f"load test {self.run_id} #{number}",
                    "privacy_consent": "on",
                }
            ).encode()
            for _ in range(2 if number % 5 == 0 else 1):
                request = urllib.request.Request(  # noqa: S310 (scheme checked in handle)
                    self.url, data=body, headers={"X-Forwarded-For": address, "Referer": self.url}
                )
                try:
                    opener.open(request, timeout=30)
                    return f"HTTP 200 (form shown again, not stored) for #{number}"
                except urllib.error.HTTPError as error:
                    if error.code != 302:
                        return f"HTTP {error.code}"
            return "ok"
        except OSError as error:
            return f"{type(error).__name__}"
