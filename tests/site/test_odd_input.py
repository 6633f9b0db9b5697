"""Odd input through every public URL of the demo site: a 4xx with a clear message, never a 500.

Runs on whichever database the suite runs on; CI runs it on PostgreSQL too, which refuses NUL
characters in text (the case that used to 500 on /search/).
"""

import io
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page

from news.models import NewsIndexPage
from pages.models import ConsultationFormPage

pytestmark = pytest.mark.django_db

FIXED_URLS = ["/search/", "/sitemap.xml", "/robots.txt", "/favicon.ico", "/healthz/"]
NUL = "The address contains a NUL character (%00), which is not allowed."
ODD_QUERIES = [
    "query=%00",
    "query=a%00b&page=2",
    "page=%00",
    "topic=%00",
    "condition=%00",
    "utm_source=%00",
    "query=%ff%fe%fd",  # not UTF-8
    "query=" + "x" * 5000,
    "page=-1",
    "page=" + "9" * 40,
    "page=1e309",
    "topic=../../etc/passwd",
    "condition=" + "%E2%80%AE" * 50,  # right-to-left override characters
    "query[]=1&query[]=2",
    "%zz=%zz",
]


@pytest.fixture
def public_urls(home_page):
    call_command("seed_demo", stdout=io.StringIO())
    pages = Page.objects.live().public().exclude(depth=1).specific()
    urls = sorted({page.url for page in pages if page.url})
    urls += [index.feed_url for index in NewsIndexPage.objects.live()]
    urls += [form.url + "thank-you/" for form in ConsultationFormPage.objects.live()]
    assert len(urls) >= 10, urls
    return urls + FIXED_URLS


def test_odd_query_strings_never_cause_a_server_error(public_urls):
    client = Client(raise_request_exception=False)
    for url in public_urls:
        for query in ODD_QUERIES:
            response = client.get(f"{url}?{query}")
            assert response.status_code < 500, f"{url}?{query}"
            if "%00" in query and url != "/healthz/":
                assert response.status_code == 400, f"{url}?{query}"
                assert NUL in response.content.decode()


def test_odd_paths_never_cause_a_server_error(public_urls):
    client = Client(raise_request_exception=False)
    for url in public_urls:
        for suffix in ("%00/", "%ff/", "..%2f..%2f/", "x" * 300 + "/", "%E2%80%AE/"):
            response = client.get(url.rstrip("/") + "/" + suffix)
            assert response.status_code < 500, url + suffix


def test_a_form_sent_in_utf16_is_refused_with_a_clear_message(public_urls):
    client = Client(raise_request_exception=False)
    body = urlencode({"name": "Zeynep Öztürk", "query": "clot"})
    for url in public_urls:
        if url == "/healthz/":
            continue
        for charset in ("utf-16", "utf-32", "latin-1", "no-such-charset"):
            response = client.generic(
                "POST",
                url,
                body.encode("utf-8"),
                content_type=f"application/x-www-form-urlencoded; charset={charset}",
            )
            assert response.status_code == 400, f"{url} {charset}"
            assert "Forms must be sent as UTF-8" in response.content.decode()


def test_odd_form_fields_on_the_booking_page_get_a_validation_message_not_a_500(public_urls):
    booking = ConsultationFormPage.objects.live().get().url
    client = Client(raise_request_exception=False)
    for fields in (
        {"name": "Amira\x00Haddad", "email": "a@example.com"},
        {"email": "\x00"},
        {"idempotency_key": "\x00", "started": "\x00"},
        {"privacy_consent": "x" * 100_000},
    ):
        response = client.post(booking, fields)
        assert response.status_code in (200, 400), fields
        assert "There is a problem" in response.content.decode() or response.status_code == 400
