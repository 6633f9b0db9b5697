"""Each staff group may do its job and nothing more: every boundary tested both ways."""

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission
from wagtail.permissions import policy_registry
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from news.models import NewsArticlePage
from pages.models import ConditionPage, StandardPage
from pages.roles import MARKETING_EDITORS, ensure_roles
from tests.factories import (
    ConditionPageFactory,
    NewsIndexPageFactory,
    StandardPageFactory,
)
from tests.pages.test_condition_validation import care_card, condition_form, symptoms_block

pytestmark = pytest.mark.django_db

image_policy = policy_registry.get_by_type(get_image_model())
document_policy = policy_registry.get_by_type(get_document_model())

ENQUIRIES_URL = "/admin/consultationsubmission/"
SETTINGS_URL = "/admin/settings/pages/clinicsettings/"


def add_url(model, parent):
    app_label, model_name = model._meta.app_label, model._meta.model_name
    return reverse("wagtailadmin_pages:add", args=(app_label, model_name, parent.pk))


def assert_denied(client, url):
    """Wagtail's admin answers a person without permission with a redirect to the dashboard."""
    response = client.get(url)
    assert (response.status_code, response.get("Location")) == (302, "/admin/"), url


def standard_page_form(title):
    return nested_form_data(
        {
            "title": title,
            "slug": "fees",
            "intro": "A short summary.",
            "body": streamfield([]),
            "seo_title": "",
            "search_description": "",
        }
    )


def news_article_form(title):
    return nested_form_data(
        {
            "title": title,
            "slug": "saturdays",
            "summary": "Advice from our vein specialists.",
            "publication_date": "",
            "author": "",
            "author_name": "The clinic team",
            "listing_image": "",
            "body": streamfield([("section", {"heading": "", "body": rich_text("<p>Text.</p>")})]),
            "topics": [],
            "related_conditions": [],
            "seo_title": "",
            "search_description": "",
        }
    )


# Marketing editors


def test_marketing_editor_creates_and_publishes_a_standard_page(
    client, marketing_editor, home_page
):
    client.force_login(marketing_editor)
    data = {**standard_page_form("Fees"), "action-publish": "1"}
    response = client.post(add_url(StandardPage, home_page), data)
    assert response.status_code == 302, response.context["form"].errors
    assert StandardPage.objects.get(title="Fees").live


def test_marketing_editor_creates_and_publishes_a_news_article(client, marketing_editor, home_page):
    news_index = NewsIndexPageFactory(parent=home_page)
    client.force_login(marketing_editor)
    data = {**news_article_form("Clinic opens on Saturdays"), "action-publish": "1"}
    response = client.post(add_url(NewsArticlePage, news_index), data)
    assert response.status_code == 302, response.context["form"].errors
    assert NewsArticlePage.objects.get(title="Clinic opens on Saturdays").live


def test_marketing_editor_edits_a_condition_page_but_cannot_publish_it(
    client, marketing_editor, condition_index, specialist
):
    condition = ConditionPageFactory(parent=condition_index, title="Varicose veins", live=True)
    client.force_login(marketing_editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=(condition.pk,))
    editor = client.get(edit_url)
    assert editor.status_code == 200
    assert 'name="action-publish"' not in editor.content.decode()

    data = condition_form(
        [symptoms_block(), care_card("emergency")],
        reviewed_by=str(specialist.pk),
        summary="A new summary written by marketing.",
    )
    response = client.post(edit_url, {**data, "action-publish": "1"})

    assert response.status_code == 302
    condition.refresh_from_db()
    assert condition.summary == "A short, plain description of the condition."
    assert condition.has_unpublished_changes
    draft = condition.get_latest_revision_as_object()
    assert draft.summary == "A new summary written by marketing."


def test_marketing_editor_cannot_create_a_condition_page_straight_to_live(
    client, marketing_editor, condition_index, specialist
):
    client.force_login(marketing_editor)
    data = condition_form(
        [symptoms_block(), care_card("emergency")], reviewed_by=str(specialist.pk)
    )
    response = client.post(add_url(ConditionPage, condition_index), {**data, "action-publish": "1"})
    assert response.status_code == 302
    assert not ConditionPage.objects.get(slug="varicose-veins").live


def test_only_superusers_publish_condition_pages_directly(
    marketing_editor, clinical_reviewer, admin_user, clinical_review, condition_index
):
    condition = ConditionPageFactory(parent=condition_index)
    assert not condition.permissions_for_user(marketing_editor).can_publish()
    assert not condition_index.permissions_for_user(marketing_editor).can_publish_subpage()
    assert condition.permissions_for_user(marketing_editor).can_edit()
    assert condition.permissions_for_user(marketing_editor).can_submit_for_moderation()
    assert not condition.permissions_for_user(clinical_reviewer).can_publish()
    assert condition.permissions_for_user(admin_user).can_publish()


def test_marketing_editor_uploads_edits_and_chooses_images_and_documents(marketing_editor):
    for policy in (image_policy, document_policy):
        assert policy.user_has_permission(marketing_editor, "add")
        assert policy.user_has_permission(marketing_editor, "change")
        assert policy.user_has_permission(marketing_editor, "choose")


def test_marketing_editor_reaches_images_documents_and_clinic_settings(
    client, marketing_editor, home_page
):
    client.force_login(marketing_editor)
    for url in ("/admin/images/multiple/add/", "/admin/documents/multiple/add/", SETTINGS_URL):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert response.redirect_chain == [] or "/admin/settings/" in response.redirect_chain[-1][0]


def test_marketing_editor_adds_a_news_topic_where_the_article_help_text_says(
    client, marketing_editor, home_page
):
    from news.models import NewsArticlePage, NewsTopic

    help_text = NewsArticlePage._meta.get_field("topics").help_text
    assert "Snippets → News topics" in help_text
    client.force_login(marketing_editor)
    dashboard = client.get("/admin/").content.decode()
    assert "/admin/snippets/" in dashboard
    response = client.post("/admin/snippets/news/newstopic/add/", {"name": "Varicose veins"})
    assert response.status_code == 302
    assert NewsTopic.objects.filter(name="Varicose veins").exists()


def test_marketing_editor_has_no_access_to_enquiries_users_or_groups(
    client, marketing_editor, home_page
):
    client.force_login(marketing_editor)
    for url in (ENQUIRIES_URL, "/admin/users/", "/admin/groups/", "/admin/workflows/list/"):
        assert_denied(client, url)


# Clinical reviewers


def test_clinical_reviewer_reaches_the_admin_but_edits_and_uploads_nothing(
    client, clinical_reviewer, condition_index
):
    condition = ConditionPageFactory(parent=condition_index)
    client.force_login(clinical_reviewer)
    assert client.get("/admin/").status_code == 200
    assert not condition.permissions_for_user(clinical_reviewer).can_edit()
    assert (
        not condition_index.get_parent().permissions_for_user(clinical_reviewer).can_add_subpage()
    )
    assert not image_policy.user_has_permission(clinical_reviewer, "add")
    assert not document_policy.user_has_permission(clinical_reviewer, "add")
    for url in (ENQUIRIES_URL, SETTINGS_URL, "/admin/users/", "/admin/images/"):
        assert_denied(client, url)


# Enquiry handlers


def test_enquiry_handler_reads_enquiries_and_nothing_else(client, enquiry_handler, home_page):
    page = StandardPageFactory(parent=home_page)
    client.force_login(enquiry_handler)
    assert client.get("/admin/").status_code == 200
    assert client.get(ENQUIRIES_URL).status_code == 200
    assert not page.permissions_for_user(enquiry_handler).can_edit()
    assert not home_page.permissions_for_user(enquiry_handler).can_add_subpage()
    assert not image_policy.user_has_permission(enquiry_handler, "add")
    assert not image_policy.user_has_permission(enquiry_handler, "choose")
    assert not document_policy.user_has_permission(enquiry_handler, "add")
    for url in (SETTINGS_URL, "/admin/images/", "/admin/documents/", "/admin/users/"):
        assert_denied(client, url)


def test_enquiry_handler_has_only_admin_access_enquiries_and_their_sources_report():
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Enquiry handlers")
    assert set(group.permissions.values_list("codename", flat=True)) == {
        "access_admin",
        "handle_enquiries",
        "see_enquiry_sources",
        # The enquiry desk's list of reasons for not proceeding, kept by the team.
        "add_notproceedingreason",
        "change_notproceedingreason",
        "delete_notproceedingreason",
        "view_notproceedingreason",
    }
    assert not GroupPagePermission.objects.filter(group=group).exists()
    assert not group.collection_permissions.exists()


# The migration


def historical_apps():
    """The models as the latest migration sees them."""
    loader = MigrationExecutor(connection).loader
    return loader.project_state(loader.graph.leaf_nodes("pages")).apps


def test_roles_on_a_fresh_database_hang_from_the_root_page():
    group = django_apps.get_model("auth", "Group").objects.get(name=MARKETING_EDITORS)
    grants = GroupPagePermission.objects.filter(group=group)
    assert {grant.page.depth for grant in grants} == {1}
    assert set(grants.values_list("permission__codename", flat=True)) == {
        "add_page",
        "change_page",
        "publish_page",
    }


def test_running_the_roles_again_after_the_seed_moves_grants_to_the_home_page(home_page):
    ensure_roles(historical_apps())
    ensure_roles(django_apps)  # the seed's call: nothing more changes

    group = django_apps.get_model("auth", "Group").objects.get(name=MARKETING_EDITORS)
    grants = GroupPagePermission.objects.filter(group=group)
    assert grants.count() == 3
    assert {grant.page_id for grant in grants} == {home_page.pk}
    assert group.collection_permissions.count() == 6
    assert set(group.permissions.values_list("codename", flat=True)) == {
        "access_admin",
        "change_clinicsettings",
        "review_conditionpage",
        "see_pagefeedback",
        "add_newstopic",
        "change_newstopic",
        "see_enquiry_sources",
    }
