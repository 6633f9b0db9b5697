import pytest
from django.db import connection
from django.template import Context, Template, engines
from django.template.response import TemplateResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from pages.models import ClinicSettings, StandardPage
from tests.factories import StandardPageFactory

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


def test_campaign_tracking_parameters_share_the_cached_page(
    client, home_page, django_assert_num_queries
):
    assert client.get("/")["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = client.get("/", {"utm_source": "newsletter", "gclid": "abc"})
    assert response["X-Page-Cache"] == "hit"
    assert client.get("/", {"page": "2"})["X-Page-Cache"] == "miss"


def test_the_booking_form_and_its_thank_you_page_are_never_cached(client):
    import io

    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
    for _ in range(2):
        response = client.get("/book-a-consultation/")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "no-store" in response["Cache-Control"]
