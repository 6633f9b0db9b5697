"""The editors' guide: docs/editors-guide.md, served in the admin's Help menu to every role."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from pages.guide import GUIDE_PATH

pytestmark = pytest.mark.django_db

STATIC_DIR = settings.BASE_DIR / "site" / "static"


@pytest.mark.parametrize("role", ["marketing_editor", "clinical_reviewer", "enquiry_handler"])
def test_every_role_reads_the_guide_from_the_help_menu(client, request, home_page, role):
    client.force_login(request.getfixturevalue(role))

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    guide = client.get(reverse("editors_guide"))

    assert reverse("editors_guide") in dashboard
    assert "Clinic editors&#x27; guide" in dashboard or "Clinic editors' guide" in dashboard
    html = guide.content.decode()
    assert guide.status_code == 200
    for heading in ("Who can do what", "Write a condition page", "Send it to Clinical review"):
        assert heading in html


def test_guide_is_for_staff_only(client):
    response = client.get(reverse("editors_guide"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_every_picture_in_the_guide_exists_and_is_served_as_a_static_file(client, marketing_editor):
    source = GUIDE_PATH.read_text()
    pictures = re.findall(r"\.\./site/static/([\w./-]+\.png)", source)
    assert len(pictures) >= 5
    for picture in pictures:
        assert (STATIC_DIR / picture).stat().st_size > 10_000, picture

    client.force_login(marketing_editor)
    html = client.get(reverse("editors_guide")).content.decode()
    for picture in pictures:
        assert f'src="{settings.STATIC_URL}{picture}"' in html
    assert "../site/static" not in html
