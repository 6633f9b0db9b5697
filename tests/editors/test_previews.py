"""Previews load inside the admin under the production security headers; public pages stay
unframeable."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from pages.conditions.models import ConditionPage
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_headers(settings):
    """The header settings production.py uses (the middleware reads them when it loads)."""
    settings.X_FRAME_OPTIONS = "DENY"
    settings.CSP_UPGRADE_INSECURE_REQUESTS = True


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.com", "pw"))
    return client


def csp(response):
    return {
        part.split()[0]: part.split()[1:]
        for part in (p.strip() for p in response["Content-Security-Policy"].split(";"))
        if part
    }


def preview_panel_response(client, page):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(page.id,))
    data = nested_form_data(
        {"title": page.title, "slug": page.slug, "intro": "", "body": streamfield([])}
    )
    assert client.post(url, data).json()["is_valid"]
    return client.get(url, {"in_preview_panel": "true", "mode": ""})


def test_preview_panel_may_be_framed_by_the_admin_and_keeps_the_public_policy(
    production_headers, editor_client, home_page
):
    page = StandardPageFactory(parent=home_page, title="Why choose us", slug="why-choose-us")

    response = preview_panel_response(editor_client, page)

    assert response.status_code == 200
    assert "<h1>Why choose us</h1>" in response.content.decode()
    directives = csp(response)
    assert directives["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    # Otherwise the page's own policy: what the preview shows is what visitors will get.
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert "upgrade-insecure-requests" in directives


def test_reviewers_revision_preview_may_be_framed_by_the_admin(
    production_headers, editor_client, home_page
):
    page = StandardPageFactory(parent=home_page, title="Why choose us", slug="why-choose-us")
    revision = page.save_revision()

    response = editor_client.get(
        reverse("wagtailadmin_pages:revisions_view", args=(page.id, revision.id))
    )

    assert response.status_code == 200
    assert csp(response)["frame-ancestors"] == ["'self'"]


def test_block_previews_may_be_framed_by_the_admin(production_headers, editor_client):
    care_card = ConditionPage._meta.get_field("body").stream_block.child_blocks["care_card"]

    response = editor_client.get(
        reverse("wagtailadmin_block_preview"), {"id": care_card.definition_prefix}
    )

    assert response.status_code == 200
    assert csp(response)["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_the_published_page_still_refuses_every_frame(production_headers, client, home_page):
    StandardPageFactory(parent=home_page, title="Why choose us", slug="why-choose-us")

    response = client.get("/why-choose-us/")

    assert response.status_code == 200
    assert csp(response)["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
