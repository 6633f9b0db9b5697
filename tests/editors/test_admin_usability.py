"""The admin explains itself: listings with filters, the checker in the userbar, scheduled publishing."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import (
    ConditionPageFactory,
    NewsArticlePageFactory,
    NewsIndexPageFactory,
    NewsTopicFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db


def test_condition_listing_filters_by_reviewer(
    client, marketing_editor, condition_index, specialist
):
    ConditionPageFactory(parent=condition_index, title="Varicose veins", reviewed_by=specialist)
    ConditionPageFactory(parent=condition_index, title="Leg ulcers")
    client.force_login(marketing_editor)

    everything = client.get("/admin/condition_pages/").content.decode()
    filtered = client.get(
        "/admin/condition_pages/", {"reviewed_by": specialist.pk}
    ).content.decode()

    assert "Varicose veins" in everything and "Leg ulcers" in everything
    assert "Varicose veins" in filtered and "Leg ulcers" not in filtered


def test_news_listing_filters_by_topic(client, marketing_editor, home_page):
    news_index = NewsIndexPageFactory(parent=home_page)
    travel = NewsTopicFactory(name="Travel")
    NewsArticlePageFactory(parent=news_index, title="Flying with DVT", topics=[travel])
    NewsArticlePageFactory(parent=news_index, title="New clinic opening")
    client.force_login(marketing_editor)

    filtered = client.get("/admin/news_articles/", {"topics": travel.pk}).content.decode()

    assert "Flying with DVT" in filtered
    assert "New clinic opening" not in filtered


def test_staff_see_the_accessibility_checker_in_the_userbar(client, marketing_editor, home_page):
    client.force_login(marketing_editor)
    html = client.get(home_page.url).content.decode()
    assert 'id="checker-trigger"' in html
    assert 'id="checker-axe-configuration"' in html


def test_publish_scheduled_puts_a_page_live_when_its_time_comes(home_page):
    page = StandardPageFactory(parent=home_page, live=False)
    page.go_live_at = timezone.now() + datetime.timedelta(minutes=5)
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    assert not page.live

    # Let the five minutes pass.
    revision.refresh_from_db()
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled", stdout=io.StringIO())

    page.refresh_from_db()
    assert page.live


def test_page_listings_appear_in_the_menu_only_for_people_who_edit_pages(
    client, marketing_editor, clinical_reviewer, home_page
):
    client.force_login(marketing_editor)
    assert "/admin/condition_pages/" in client.get("/admin/").content.decode()
    client.force_login(clinical_reviewer)
    html = client.get("/admin/").content.decode()
    assert "/admin/condition_pages/" not in html
    assert "/admin/news_articles/" not in html
