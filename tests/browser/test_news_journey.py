import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from news.models import NewsArticlePage, NewsIndexPage

from .conftest import (
    assert_every_field_is_labelled,
    assert_no_serious_axe_violations,
    sign_in_to_admin,
)

pytestmark = pytest.mark.browser


def test_editor_publishes_an_article_and_it_leads_latest_news(page, demo_site):
    news_index = NewsIndexPage.objects.get()
    assert NewsArticlePage.objects.child_of(news_index).live().count() == 3
    get_user_model().objects.create_superuser("editor", "editor@example.com", "editor-pass-123")
    sign_in_to_admin(page, demo_site, "editor", "editor-pass-123")

    page.goto(f"{demo_site}/admin/pages/{news_index.pk}/add_subpage/")
    page.locator("#id_title").fill("Clinic open on Saturday mornings")
    page.get_by_role("textbox", name="Summary").fill(
        "From December the clinic sees patients on Saturdays from 9am to 1pm."
    )
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Text section").click()
    page.get_by_role("textbox", name="Heading").fill("Appointments")
    body = page.locator(".public-DraftEditor-content").first
    body.click()
    body.press_sequentially("Book a Saturday consultation by phone or online.")
    # Draftail copies its content into the form a moment after typing stops.
    expect(page.locator('input[name="body-0-value-body"]')).to_have_value(
        re.compile("Saturday consultation")
    )
    # The article's rich text box is announced by its label, like every other field.
    assert_every_field_is_labelled(page)
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("created and published").wait_for()

    article = NewsArticlePage.objects.get(title="Clinic open on Saturday mornings")
    assert article.live

    page.goto(demo_site + "/")
    latest_news = page.get_by_role("region", name="Latest News")
    assert (
        latest_news.locator(".news-card__title").first.inner_text()
        == "Clinic open on Saturday mornings"
    )
    latest_news.get_by_role("link", name="Clinic open on Saturday mornings").click()
    page.wait_for_url("**/news/clinic-open-on-saturday-mornings/")
    assert page.locator("h1").inner_text() == "Clinic open on Saturday mornings"
    assert page.get_by_role("heading", name="Appointments").is_visible()


def test_news_index_and_article_have_no_serious_accessibility_problems(page, demo_site):
    page.goto(demo_site + "/news/")
    assert page.locator("h1").inner_text() == "Latest News"
    assert_no_serious_axe_violations(page)

    page.get_by_role("navigation", name="Topics").get_by_role("link", name="Travel and DVT").click()
    page.wait_for_url("**/news/?topic=travel-and-dvt")
    assert_no_serious_axe_violations(page)

    page.get_by_role("link", name="Long journeys: who should wear compression stockings?").click()
    page.wait_for_url("**/news/compression-stockings-on-long-journeys/")
    assert_no_serious_axe_violations(page)
