"""Real-browser journeys: pytest-playwright driving the system's Chromium (no browser downloads).

A failing journey leaves its Playwright trace and a screenshot in test-artifacts/ (addopts in
pyproject.toml).

The demo site is seeded once per session and kept as a snapshot: each journey's `demo_site` loads
its own copy, which the transactional test's flush wipes afterwards.
"""

import io
import json
import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from playwright.sync_api import expect
from wagtail.models import Page, Site

from ..conftest import ensure_wagtail_root

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made
# from the same thread by fixtures are safe here because the live server has its own.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# As generous as the page timeout below: an admin save on a loaded 2-core machine is slow.
expect.set_options(timeout=30_000)

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


@pytest.fixture(scope="session")
def demo_database(media_root, django_db_setup, django_db_blocker):
    """The seeded demo database as Django's test serialisation: loading it is much quicker
    than seeding. Seeded from a flushed database, so it does not depend on which tests ran."""
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        ensure_wagtail_root()
        call_command("seed_demo", stdout=io.StringIO())
        Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
        rows = json.loads(connection.creation.serialize_db_to_string())
        call_command("flush", interactive=False, verbosity=0)
    # Content types first: signal handlers look them up while the other rows are loaded.
    rows.sort(key=lambda row: row["model"] != "contenttypes.contenttype")
    return json.dumps(rows)


def load_demo_database(snapshot):
    """Load the snapshot into a flushed database. A flush leaves only the content types and
    permissions that post_migrate makes, under new ids: the snapshot brings its own."""
    assert not Page.objects.exists(), "load_demo_database needs a flushed database"
    Permission.objects.all().delete()
    ContentType.objects.all().delete()
    ContentType.objects.clear_cache()
    connection.creation.deserialize_db_from_string(snapshot)
    ContentType.objects.clear_cache()
    # Rows came with their ids: move PostgreSQL's sequences past them, as loaddata does.
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(sql)


@pytest.fixture
def demo_site(demo_database, transactional_db, live_server, settings):
    """The seeded demo site behind a live server; returns its base URL. Each journey gets its
    own copy, so one that writes cannot affect another."""
    # Wagtail's autosave (every 500 ms) can create a new page while the journey's Publish is
    # on its way, which then fails ("slug already in use"); tracing slows the browser enough
    # for that to happen. The journeys test publishing, not autosave.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    load_demo_database(demo_database)
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


# Set EDITORS_GUIDE_SCREENSHOTS=1 to refresh the editors' guide's pictures from the journeys
# (`make guide-screenshots`); otherwise they go to a throw-away folder.
GUIDE_SCREENSHOTS = Path(__file__).resolve().parents[2] / "site" / "static" / "editors-guide"
BROKEN_FRAME_WORDS = ("Refused to frame", "frame-ancestors", "Refused to display")


@pytest.fixture
def guide_screenshot(tmp_path):
    folder = GUIDE_SCREENSHOTS if os.environ.get("EDITORS_GUIDE_SCREENSHOTS") else tmp_path

    def take(page, name, **options):
        path = folder / f"{name}.png"
        page.wait_for_timeout(700)  # let the admin's messages finish sliding in
        page.screenshot(path=path, **options)
        assert path.stat().st_size > 0
        return path

    return take


@pytest.fixture
def breakage(page):
    """Everything that would show an editor a broken frame or image, as it happens."""
    problems = []

    def on_console(message):
        text = message.text
        if any(words in text for words in BROKEN_FRAME_WORDS) or "Content Security Policy" in text:
            problems.append(f"console: {text}")

    def on_response(response):
        if response.request.resource_type in {"image", "document"} and response.status >= 400:
            problems.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.context.on("response", on_response)
    return problems


def assert_nothing_broken(page, breakage):
    """No broken images, no frame that failed to load, nothing refused by a security policy."""
    broken_images = page.evaluate(
        "() => [...document.images]"
        ".filter(image => image.getAttribute('src') && image.complete && image.naturalWidth === 0)"
        ".map(image => image.src)"
    )
    error_frames = [frame.url for frame in page.frames if frame.url.startswith("chrome-error:")]
    assert not broken_images, f"broken images on {page.url}: {broken_images}"
    assert not error_frames, f"a frame failed to load on {page.url}"
    assert not breakage, f"on {page.url}: " + "; ".join(breakage)


def assert_every_field_is_labelled(page):
    """axe-core's naming rules only: the admin's own layout has issues that are Wagtail's."""
    rules = [
        "label",
        "aria-input-field-name",
        "button-name",
        "link-name",
        "image-alt",
        "select-name",
    ]
    results = Axe().run(page, options={"runOnly": {"type": "rule", "values": rules}})
    report = [
        f"{violation['id']}: " + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
    ]
    assert not report, f"unlabelled controls on {page.url}: " + "; ".join(report)


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
