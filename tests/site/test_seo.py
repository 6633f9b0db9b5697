import pytest
from wagtail.models import PageViewRestriction

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_pages_carry_description_canonical_and_sharing_tags(client, home_page):
    StandardPageFactory(
        parent=home_page, title="About", slug="about", intro="Who we are and how we work."
    )
    html = client.get("/about/").content.decode()
    assert '<meta name="description" content="Who we are and how we work.">' in html
    assert '<link rel="canonical" href="http://localhost/about/">' in html
    assert '<meta property="og:title" content="About">' in html
    assert (
        '<meta property="og:image" content="http://testserver/static/img/share-default.png">'
        in html
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_search_description_wins_over_intro_and_is_trimmed(client, home_page):
    StandardPageFactory(
        parent=home_page, slug="long", intro="Not this.", search_description="Word " * 60
    )
    html = client.get("/long/").content.decode()
    description = html.split('<meta name="description" content="')[1].split('"')[0]
    assert description.startswith("Word Word")
    assert len(description) <= 160


def test_favicon_ico_redirects_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon-32.png"


def test_sitemap_lists_live_pages_only(client, home_page):
    StandardPageFactory(parent=home_page, slug="published-page")
    StandardPageFactory(parent=home_page, slug="draft-page", live=False)
    body = client.get("/sitemap.xml").content.decode()
    assert "http://localhost/published-page/" in body
    assert "draft-page" not in body


def test_sitemap_leaves_out_private_pages_and_those_below_them(client, home_page):
    staff = StandardPageFactory(parent=home_page, slug="staff")
    StandardPageFactory(parent=staff, slug="rota")
    StandardPageFactory(parent=home_page, slug="staffing-news")  # shares a prefix, not a path
    assert "http://localhost/staff/rota/" in client.get("/sitemap.xml").content.decode()

    restriction = PageViewRestriction.objects.create(
        page=staff, restriction_type=PageViewRestriction.LOGIN
    )
    body = client.get("/sitemap.xml").content.decode()
    assert "/staff/" not in body
    assert "http://localhost/staffing-news/" in body

    restriction.delete()
    assert "http://localhost/staff/rota/" in client.get("/sitemap.xml").content.decode()


def test_home_page_describes_the_clinic_as_medical_clinic_json_ld(client, home_page):
    import json

    html = client.get("/").content.decode()
    block = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    clinic = json.loads(block)
    assert clinic["@type"] == "MedicalClinic"
    assert clinic["name"] == "Test Vein Clinic"
    assert clinic["telephone"] == "020 7946 0123"
    assert clinic["address"]["postalCode"] == "W1 1AA"
    assert clinic["identifier"]["value"] == "1-111111111"
