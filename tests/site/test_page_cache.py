import re
from pathlib import Path

import pytest
from django.db import connection
from django.template import Context, Template, engines
from django.template.response import TemplateResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from pages.models import ClinicSettings, StandardPage
from tests.factories import NewsIndexPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def test_second_anonymous_request_is_served_from_cache_without_queries(
    client, home_page, django_assert_num_queries
):
    first = client.get("/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_publishing_a_page_purges_the_cache_at_once(client, home_page):
    about = StandardPageFactory(parent=home_page, title="About", slug="about")
    assert "<h1>About</h1>" in client.get("/about/").content.decode()
    assert client.get("/about/")["X-Page-Cache"] == "hit"

    about.title = "About the clinic"
    about.save_revision().publish()

    response = client.get("/about/")
    assert response["X-Page-Cache"] == "miss"
    assert "<h1>About the clinic</h1>" in response.content.decode()


def test_unpublishing_purges_so_the_page_disappears(client, home_page):
    about = StandardPageFactory(parent=home_page, title="About", slug="about")
    assert client.get("/about/").status_code == 200
    about.unpublish()
    assert client.get("/about/").status_code == 404


def test_changing_clinic_settings_purges_every_page(client, home_page):
    assert "020 7946 0123" in client.get("/").content.decode()
    clinic = ClinicSettings.objects.get()
    clinic.phone = "020 7946 0999"
    clinic.save()
    assert "020 7946 0999" in client.get("/").content.decode()


def test_making_a_page_private_stops_its_public_copy_being_served(client, home_page):
    about = StandardPageFactory(parent=home_page, title="About", slug="about")
    assert client.get("/about/")["X-Page-Cache"] == "miss"
    assert client.get("/about/")["X-Page-Cache"] == "hit"

    restriction = PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.PASSWORD, password="staff-only"
    )
    response = client.get("/about/")
    assert response.status_code == 200  # the password form, not the page
    assert "<h1>About</h1>" not in response.content.decode()
    assert 'name="password"' in response.content.decode()

    restriction.delete()
    assert "<h1>About</h1>" in client.get("/about/").content.decode()


def test_visitors_with_a_session_are_never_served_or_stored(client, home_page, admin_user):
    client.force_login(admin_user)
    assert "X-Page-Cache" not in client.get("/")
    assert "X-Page-Cache" not in client.get("/")
    assert Client().get("/")["X-Page-Cache"] == "miss"


def test_responses_marked_private_or_no_store_are_never_cached(client, home_page, monkeypatch):
    StandardPageFactory(parent=home_page, title="Book", slug="book")

    def private_serve(self, request, *args, **kwargs):
        response = TemplateResponse(request, "pages/standard_page.html", {"page": self})
        response["Cache-Control"] = "private, no-store"
        return response

    monkeypatch.setattr(StandardPage, "serve", private_serve)
    assert "X-Page-Cache" not in client.get("/book/")
    assert "X-Page-Cache" not in client.get("/book/")


def test_cached_forms_get_a_fresh_csrf_token_for_each_visitor(home_page, monkeypatch):
    StandardPageFactory(parent=home_page, title="Form", slug="form")
    template = engines["django"].from_string(
        '<form method="post" action="/form/">{% csrf_token %}<button>Send</button></form>'
    )

    def serve_with_form(self, request, *args, **kwargs):
        from django.http import HttpResponse

        return HttpResponse(template.render({}, request))

    monkeypatch.setattr(StandardPage, "serve", serve_with_form)
    tokens = []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        response = visitor.get("/form/")
        token = response.content.decode().split('value="')[1].split('"')[0]
        assert "page-cache" not in token
        tokens.append(token)
        # The token works with the cookie this visitor was given.
        assert visitor.post("/form/", {"csrfmiddlewaretoken": token}).status_code != 403
    assert response["X-Page-Cache"] == "hit"
    assert tokens[0] != tokens[1]


def test_main_menu_is_cached_but_a_published_page_joins_it_at_once(
    client, home_page, page_cache_off
):
    client.get("/")  # fills the menu cache
    request = RequestFactory().get("/")
    with CaptureQueriesContext(connection) as queries:
        Template("{% load navigation_tags %}{% main_menu_pages as pages %}").render(
            Context({"request": request})
        )
    # Finding the site is the only query: the menu's pages come from the cache.
    assert not [q for q in queries.captured_queries if 'FROM "wagtailcore_page"' in q["sql"]]

    new_page = StandardPageFactory(parent=home_page, title="Our fees", show_in_menus=True)
    new_page.save_revision().publish()
    nav = client.get("/").content.decode().split('aria-label="Main"')[1].split("</nav>")[0]
    assert "Our fees" in nav


def test_tracking_junk_and_invalid_campaign_tags_share_the_cached_page(
    client, home_page, django_assert_num_queries
):
    assert client.get("/")["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = client.get("/", {"utm_source": "news letter!", "gclid": "abc"})
    assert response["X-Page-Cache"] == "hit"
    assert client.get("/", {"page": "2"})["X-Page-Cache"] == "miss"


def test_valid_campaign_tags_get_a_copy_of_their_own(client, home_page):
    """Booking links carry the tags (pages/enquiries/attribution.py): a copy per campaign."""
    assert client.get("/", {"utm_source": "newsletter"})["X-Page-Cache"] == "miss"
    assert client.get("/", {"utm_source": "newsletter", "x": "1"})["X-Page-Cache"] == "hit"
    assert client.get("/", {"utm_source": "radio"})["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "miss"


def test_the_booking_form_and_its_thank_you_page_are_never_cached(client):
    import io

    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
    for _ in range(2):
        response = client.get("/book-a-consultation/")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "no-store" in response["Cache-Control"]


def test_junk_parameters_and_host_ports_cannot_fill_the_cache(client, home_page, settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    assert client.get("/")["X-Page-Cache"] == "miss"
    states = [
        client.get("/", {f"junk{i}": i, "cachebuster": i}, HTTP_HOST=host)["X-Page-Cache"]
        for i in range(100)
        for host in ("testserver", "testserver:8080", "TESTSERVER:443")
    ]
    assert states == ["hit"] * 300  # one copy, however the address is dressed up


def test_parameters_a_page_reads_still_get_their_own_copy(client, home_page):
    news = NewsIndexPageFactory(parent=home_page)
    assert client.get(news.url)["X-Page-Cache"] == "miss"
    assert client.get(news.url, {"topic": "dvt"})["X-Page-Cache"] == "miss"
    assert client.get(news.url, {"topic": "dvt", "gclid": "x"})["X-Page-Cache"] == "hit"
    assert client.get(news.url, {"page": "2", "topic": "dvt"})["X-Page-Cache"] == "miss"


def test_search_results_are_never_served_from_the_page_cache(client, home_page):
    assert "X-Page-Cache" not in client.get("/search/", {"query": "fees"})
    StandardPageFactory(parent=home_page, title="Our fees", slug="fees")
    response = client.get("/search/", {"query": "fees"})
    assert "X-Page-Cache" not in response
    assert "Our fees" in response.content.decode()


# Parameters read only by views the page cache never stores: the search (excluded by prefix;
# `q` is its alias), the booking form and its thank-you page (private, no-store) and the page
# feedback's second step (never_cache), and admin reports (excluded by prefix: `export`).
READ_BY_UNCACHED_VIEWS = {"query", "q", "condition", "ref", "token", "export"}


def test_every_query_parameter_a_page_reads_is_part_of_the_cache_key(settings):
    """A page that reads a parameter the key ignores would show one visitor's result to all."""
    root = Path(settings.BASE_DIR)
    pattern = re.compile(r"""request\.GET(?:\.get|\.getlist)?[\(\[]\s*["'](\w+)["']""")
    read = {
        name
        for folder in ("site", "pages", "news")
        for path in (root / folder).rglob("*.py")
        for name in pattern.findall(path.read_text())
    }
    assert {"page", "topic", "query"} <= read  # the scan finds what it should
    assert read - READ_BY_UNCACHED_VIEWS <= settings.PAGE_CACHE_QUERY_PARAMETERS
