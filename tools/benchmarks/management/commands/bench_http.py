"""HTTP benchmark against gunicorn (2 workers, DEBUG off), relative to a bare Django "floor" view.

Run it through `make bench`, which sets DJANGO_SETTINGS_MODULE=benchmarks.settings and a
throw-away DATABASE_URL (and REDIS_URL for the cache, else each worker's local memory).
First the in-process CPU table (bench_pages.cpu_table: the issue-15 method). Then, for each
page, cached and uncached: requests/s (wrk) and its ratio to the floor measured just before it,
CPU ms per request in the gunicorn workers and its ratio to the floor, SQL queries per request
(page and fragment caches off); then Lighthouse (mobile) scores and the home page's weight.
Figures, never assertions: this machine is shared and noisy.
"""

import contextlib
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test import Client, override_settings
from wagtail.models import Site

from .bench_pages import count_queries, cpu_table

FLOOR_URL = "/bench-floor/"
PAGES = {
    "home": "/",
    "DVT page": "/conditions/deep-vein-thrombosis/",
    "treatment page": "/treatments/deep-vein-stenting/",
    "news index": "/news/",
    "booking form": "/book-a-consultation/",
}
LIGHTHOUSE_CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROMIUM_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)


class Command(BaseCommand):
    help = "Benchmark the demo pages over HTTP against a bare Django view (prints figures)."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=10, help="wrk duration per page.")
        parser.add_argument("--connections", type=int, default=8, help="wrk connections.")
        parser.add_argument("--lighthouse", default="", help="Path to lighthouse's cli/index.js.")
        parser.add_argument("--markdown", default="", help="Also write the tables to this file.")
        parser.add_argument(
            "--cpu-runs", type=int, default=200, help="Requests per row of the in-process table."
        )
        parser.add_argument(
            "--cpu-only",
            action="store_true",
            help="Print the in-process CPU table only (no gunicorn, wrk or Lighthouse).",
        )

    def handle(
        self, *args, seconds, connections, lighthouse, markdown, cpu_runs, cpu_only, **options
    ):
        if settings.ROOT_URLCONF != "benchmarks.urls":
            raise CommandError("Run with DJANGO_SETTINGS_MODULE=benchmarks.settings.")
        if not cpu_only and not shutil.which("wrk"):
            raise CommandError("wrk is needed: apt-get install wrk (make bench does this).")
        port = free_port()
        self.prepare_site(port)
        cpu_report = cpu_table(f"127.0.0.1:{port}", cpu_runs)
        self.stdout.write(cpu_report + "\n")
        if cpu_only:
            return
        queries = {name: self.count_queries(url) for name, url in PAGES.items()}

        rows = []
        for cached in (False, True):
            with gunicorn(port, cached) as worker_pids:
                base = f"http://127.0.0.1:{port}"
                # Interleaved: each page against the floor measured just before it, as the
                # machine's load drifts over a run.
                for name, url in PAGES.items():
                    floor = measure(base + FLOOR_URL, worker_pids, seconds, connections)
                    result = measure(base + url, worker_pids, seconds, connections)
                    rows.append((name, cached, result, floor, queries[name]))
                if cached and lighthouse:
                    scores = {
                        name: run_lighthouse(lighthouse, base + url) for name, url in PAGES.items()
                    }
        cache = "Redis" if settings.REDIS_URL else "local memory"
        report = f"gunicorn, 2 workers, cache in {cache}\n\n" + self.table(rows)
        if lighthouse:
            report += "\n\n" + self.lighthouse_table(scores)
        self.stdout.write(report)
        if markdown:
            Path(markdown).write_text(cpu_report + "\n\n" + report + "\n")

    def prepare_site(self, port):
        quiet = io.StringIO()
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_demo", stdout=quiet)
        call_command("collectstatic", interactive=False, verbosity=0, clear=True)
        # Canonical links must name the address the browser uses (Lighthouse checks them).
        Site.objects.filter(is_default_site=True).update(hostname="127.0.0.1", port=port)

    def count_queries(self, url):
        with override_settings(PAGE_CACHE_SECONDS=0, FRAGMENT_CACHE_SECONDS=0):
            client = Client(HTTP_HOST="127.0.0.1")
            client.get(url)
            return count_queries(client, url)

    @staticmethod
    def table(rows):
        lines = [
            "| page | page cache | requests/s | floor requests/s | × floor | CPU ms/request "
            "| × floor CPU | SQL queries |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name, cached, result, floor, queries in rows:
            lines.append(
                f"| {name} | {'on' if cached else 'off'} | {result['rps']:.0f} | "
                f"{floor['rps']:.0f} | {result['rps'] / floor['rps']:.2f} | "
                f"{result['cpu_ms']:.2f} | {result['cpu_ms'] / floor['cpu_ms']:.1f} | {queries} |"
            )
        return "\n".join(lines)

    @staticmethod
    def lighthouse_table(scores):
        lines = [
            "| page (Lighthouse, mobile) | performance | accessibility | best practices | SEO | bytes | requests |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name, score in scores.items():
            lines.append(
                f"| {name} | {score['performance']} | {score['accessibility']} | "
                f"{score['best-practices']} | {score['seo']} | {score['bytes']} | {score['requests']} |"
            )
        return "\n".join(lines)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(port, cached):
    env = {**os.environ, "PAGE_CACHE_SECONDS": "600" if cached else "0"}
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "clinic_site.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE},
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz/")
        yield worker_pids(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_until_up(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2):  # noqa: S310
            return
        time.sleep(0.3)
    raise CommandError(f"gunicorn did not answer at {url}")


def worker_pids(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return [int(pid) for pid in children]


def cpu_seconds(pids):
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / ticks


def measure(url, pids, seconds, connections):
    wrk = shutil.which("wrk")
    subprocess.run([wrk, "-t1", "-c2", "-d1s", url], capture_output=True, check=True)  # noqa: S603  (warm-up)
    cpu_before = cpu_seconds(pids)
    output = subprocess.run(  # noqa: S603
        [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    cpu_used = cpu_seconds(pids) - cpu_before
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise CommandError(f"{url}: {errors.group(1)} error responses under load")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "cpu_ms": cpu_used * 1000 / requests,
    }


def run_lighthouse(cli_path, url):
    report = subprocess.run(  # noqa: S603
        [
            shutil.which("node") or "/usr/bin/node",
            cli_path,
            url,
            "--output=json",
            "--quiet",
            f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
            f"--chrome-flags={CHROMIUM_FLAGS}",
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "CHROME_PATH": shutil.which("chromium") or "/usr/bin/chromium"},
    ).stdout
    result = json.loads(report)
    scores = {c: round(result["categories"][c]["score"] * 100) for c in LIGHTHOUSE_CATEGORIES}
    scores["bytes"] = int(result["audits"]["total-byte-weight"]["numericValue"])
    scores["requests"] = len(result["audits"]["network-requests"]["details"]["items"])
    return scores
