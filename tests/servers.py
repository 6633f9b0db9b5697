"""Real servers for the tests that need them: Varnish in front of the site, gunicorn nodes.

Each runs on a free loopback port, is waited for, and is stopped (its process only) after.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

VCL = Path(__file__).resolve().parent.parent / "tools" / "varnish" / "clinic.vcl"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Answer:
    status: int
    headers: dict
    body: str

    def cookies(self):
        """name -> value of the cookies this answer sets."""
        pairs = (value.split(";", 1)[0].split("=", 1) for value in self.headers["Set-Cookie"])
        return dict(pairs)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def fetch(url, headers=None, data=None, method=None):
    """One HTTP request, redirects not followed, errors returned rather than raised."""
    request = urllib.request.Request(  # noqa: S310 - the tests' own loopback servers
        url, data=data, headers=headers or {}, method=method
    )
    try:
        response = _opener.open(request, timeout=20)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        headers = {name: response.headers.get(name) for name in response.headers}
        headers["Set-Cookie"] = response.headers.get_all("Set-Cookie") or []
        return Answer(response.status, headers, response.read().decode())


def wait_until_up(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            fetch(url)
            return
        time.sleep(0.3)
    raise RuntimeError(f"nothing answered at {url} within {timeout} s")


@contextlib.contextmanager
def running(command, url, env=None):
    """Start `command`, wait until `url` answers, stop that process afterwards."""
    process = subprocess.Popen(command, env=env)  # noqa: S603
    try:
        wait_until_up(url)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


def require_varnish():
    """varnishd's path; a skip where it is not installed, but a failure in CI (`make test`
    installs it there)."""
    path = shutil.which("varnishd") or (
        "/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None
    )
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("varnishd is missing in CI: `make proxy` installs it")
        pytest.skip("varnishd is not installed (`make proxy` installs it)")
    return path


@contextlib.contextmanager
def varnish(backend_port, workdir):
    """Varnish on a free port with tools/varnish/clinic.vcl, in front of 127.0.0.1:backend_port."""
    varnishd = require_varnish()
    vcl = Path(workdir) / "clinic.vcl"
    vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";'))
    port = free_port()
    command = [
        varnishd,
        "-F",  # in the foreground, so that stopping this process stops Varnish
        "-j",
        "none",
        "-n",
        str(Path(workdir) / "varnish"),
        "-a",
        f"127.0.0.1:{port}",
        "-f",
        str(vcl),
        "-s",
        "malloc,32m",
    ]
    with running(command, f"http://127.0.0.1:{port}/healthz/"):
        yield f"http://127.0.0.1:{port}"


@contextlib.contextmanager
def gunicorn_node(env):
    """One application server (gunicorn, 2 workers) with the given environment."""
    port = free_port()
    command = [
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
    ]
    with running(command, f"http://127.0.0.1:{port}/healthz/", env=env):
        yield f"http://127.0.0.1:{port}"
