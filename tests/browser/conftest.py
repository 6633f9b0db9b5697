"""Real-browser journeys: Playwright driving the system's Chromium (no browser downloads here)."""

import io
import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

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
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    # Generous: a loaded 2-core machine can take a while over an admin publish.
    context.set_default_timeout(30_000)
    browser_page = context.new_page()
    yield browser_page
    context.close()


@pytest.fixture
def demo_site(transactional_db, live_server):
    """The seeded demo site behind a live server; returns its base URL."""
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
