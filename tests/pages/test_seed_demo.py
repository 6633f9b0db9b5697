import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, PageLogEntry, Revision, Site

from pages.models import ClinicSettings, HomePage, StandardPage

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", stdout=io.StringIO())


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "log_entries": PageLogEntry.objects.count(),
        "settings": ClinicSettings.objects.count(),
        "sites": Site.objects.count(),
    }


def test_seed_builds_home_why_choose_us_privacy_notice_and_settings():
    seed()
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.id
    assert not Page.objects.filter(depth=2).exclude(id=home.id).exists()
    titles = set(StandardPage.objects.live().values_list("title", flat=True))
    assert {"Why choose us", "Privacy notice"} <= titles
    clinic = ClinicSettings.objects.get()
    assert clinic.privacy_notice_page.specific.title == "Privacy notice"
    assert clinic.phone and clinic.email and clinic.cqc_number and clinic.ico_number


def test_seed_with_a_port_gives_the_sitemap_links_that_reach_the_dev_server(client):
    call_command("seed_demo", port=8000, stdout=io.StringIO())
    call_command("seed_demo", port=8000, stdout=io.StringIO())

    sitemap = client.get("/sitemap.xml", HTTP_HOST="localhost:8000").content.decode()

    assert Site.objects.get(is_default_site=True).port == 8000
    assert "<loc>http://localhost:8000/</loc>" in sitemap


def test_seed_run_twice_changes_nothing():
    seed()
    first = snapshot()
    seed()
    assert snapshot() == first


def test_seeded_site_serves_home_and_standard_pages(client):
    seed()
    for url in ("/", "/why-choose-us/", "/privacy-notice/"):
        assert client.get(url).status_code == 200, url
