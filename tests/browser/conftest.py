"""Real-browser journeys: pytest-playwright driving the system's Chromium (no browser downloads).

A failing journey leaves its Playwright trace and a screenshot in test-artifacts/ (addopts in
pyproject.toml).
"""

import io
import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from ..conftest import ensure_wagtail_root

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made
# from the same thread by fixtures are safe here because the live server has its own.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def chromium_path():
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path:
        pytest.fail("Chromium not found: run `make browser` or set CHROMIUM_PATH.")
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}}


@pytest.fixture
def context(context, pytestconfig, request):
    # Generous: a loaded 2-core machine can take a while over an admin publish.
    context.set_default_timeout(30_000)
    if pytestconfig.getoption("--tracing") != "off":
        # pytest-playwright's trace also films the screen, which costs a third of the journeys'
        # time here: keep the DOM snapshot of every action and drop the film.
        context.tracing.stop()
        context.tracing.start(title=request.node.nodeid, snapshots=True, sources=True)
    return context


@pytest.fixture
def demo_site(transactional_db, live_server, settings):
    """The seeded demo site behind a live server; returns its base URL."""
    # Wagtail's autosave (every 500 ms) can create a new page while the journey's Publish is
    # on its way, which then fails ("slug already in use"); tracing slows the browser enough
    # for that to happen. The journeys test publishing, not autosave.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    ensure_wagtail_root()
    call_command("seed_demo", stdout=io.StringIO())
    from wagtail.models import Site

    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    return live_server.url


def assert_no_serious_axe_violations(page):
    """Fail with axe-core's own report when the page has serious or critical violations."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    serious = [
        violation
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    report = "\n".join(
        f"{violation['id']} ({violation['impact']}): {violation['help']} -> "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in serious
    )
    assert not serious, f"axe found serious violations on {page.url}:\n{report}"


def sign_in_to_admin(page, base_url, username, password):
    """Sign in through the admin's own login form, starting from a fresh session."""
    page.context.clear_cookies()
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")


def add_block(page, label):
    """Add a block at the end of the page's body StreamField, chosen by its label."""
    page.locator("#panel-child-content-body-content button[title='Insert a block']").last.click()
    page.get_by_role("option", name=label).click()
