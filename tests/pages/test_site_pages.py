import logging

import pytest
from django.template.loader import render_to_string
from wagtail.models import Page

from pages.models import HomePage, StandardPage
from tests.factories import ConsultationFormPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def test_home_page_shows_hero_and_clinic_contact_details(client, home_page):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="hero__heading">Specialist vein care</h1>' in html
    assert 'href="tel:02079460123"' in html
    assert "ICO registration number ZA111111" in html
    assert "provider number 1-111111111" in html


def test_booking_and_privacy_links_come_from_clinic_settings(client, home_page):
    from pages.models import ClinicSettings

    booking = ConsultationFormPageFactory(parent=home_page, title="Book", slug="book")
    privacy = StandardPageFactory(parent=home_page, title="Privacy notice", slug="privacy")
    ClinicSettings.objects.update(booking_page=booking, privacy_notice_page=privacy)

    html = client.get("/").content.decode()
    assert (
        f'<a class="button button--primary" href="/book/?from={home_page.pk}">Book a consultation</a>'
        in html
    )
    assert '<a href="/privacy/">Privacy notice</a>' in html


def test_main_navigation_lists_only_live_pages_marked_show_in_menus(client, home_page):
    StandardPageFactory(parent=home_page, title="About us", show_in_menus=True)
    StandardPageFactory(parent=home_page, title="Hidden from menu", show_in_menus=False)
    StandardPageFactory(parent=home_page, title="Draft page", show_in_menus=True, live=False)

    html = client.get("/").content.decode()
    nav = html.split('aria-label="Main"')[1].split("</nav>")[0]
    assert "About us" in nav
    assert "Hidden from menu" not in nav
    assert "Draft page" not in nav


def test_standard_page_renders_its_stream_blocks(client, home_page):
    StandardPageFactory(
        parent=home_page,
        title="About",
        slug="about",
        body=[
            ("section", {"heading": "Our team", "body": "<p>Consultant vascular surgeons.</p>"}),
            ("quote", {"quote": "Calm and clear.", "attribution": "A patient"}),
        ],
    )
    html = client.get("/about/").content.decode()
    assert "<h1>About</h1>" in html
    assert "<h2>Our team</h2>" in html
    assert "<p>Consultant vascular surgeons.</p>" in html
    assert "<blockquote><p>Calm and clear.</p></blockquote>" in html


def test_unknown_address_gets_the_clinic_404_page(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_500_page_renders_without_database_or_context():
    html = render_to_string("500.html")
    assert "Sorry, something went wrong" in html
    assert "telephone the clinic" in html


def test_server_error_is_logged_to_the_request_logger(client, home_page, monkeypatch, caplog):
    def broken_serve(self, request, *args, **kwargs):
        raise RuntimeError("template exploded")

    monkeypatch.setattr(HomePage, "serve", broken_serve)
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/")
    assert response.status_code == 500
    assert any("template exploded" in str(record.exc_info[1]) for record in caplog.records)


def test_page_tree_rules():
    assert HomePage.can_exist_under(Page())
    assert StandardPage.allowed_parent_page_models() == [HomePage, StandardPage]
    assert HomePage.max_count == 1
