"""Treatment pages: the page tree, what they show, JSON-LD, search, sitemap and the publish rule."""

import json
import re

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, WorkflowPage
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from pages.conditions.models import REVIEWER_REQUIRED, ClinicalPageNotReady
from pages.models import TreatmentIndexPage, TreatmentPage, TreatmentPageCondition
from pages.reviews.workflow import add_months
from pages.roles import (
    CLINICAL_REVIEW_WORKFLOW,
    CLINICAL_REVIEWERS,
    MARKETING_EDITORS,
    ensure_clinical_review_workflow,
)
from tests.factories import (
    ConditionPageFactory,
    TreatmentIndexPageFactory,
    TreatmentPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def treatment_index(home_page):
    return TreatmentIndexPageFactory(parent=home_page)


@pytest.fixture
def stenting(treatment_index, condition_index, specialist):
    dvt = ConditionPageFactory(
        parent=condition_index, title="Deep vein thrombosis", slug="dvt", reviewed_by=specialist
    )
    page = TreatmentPageFactory.build(
        title="Deep vein stenting",
        slug="deep-vein-stenting",
        also_known_as="venous stenting",
        kind=TreatmentPage.PROCEDURE,
        reviewed_by=specialist,
        last_reviewed=timezone.localdate(),
    )
    page.condition_links.add(TreatmentPageCondition(condition=dvt))
    page.specialist_placements.create(specialist=specialist)
    treatment_index.add_child(instance=page)
    page.save_revision().publish()
    return page


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_treatment_pages_live_only_under_the_treatments_index():
    assert TreatmentPage.parent_page_types == ["pages.TreatmentIndexPage"]
    assert TreatmentIndexPage.parent_page_types == ["pages.HomePage"]
    assert TreatmentIndexPage.max_count == 1
    assert TreatmentPage.subpage_types == []


def test_treatment_page_shows_its_sections_contents_conditions_and_specialist(client, stenting):
    html = client.get(stenting.url).content.decode()

    headings = re.findall(r'<h2 id="([a-z-]+)" tabindex="-1">([^<]+)</h2>', html)
    assert [heading for _anchor, heading in headings] == [
        "What it is",
        "Who it is for",
        "How it is done",
        "Risks and side effects",
        "Recovery",
        "Alternatives",
        "Conditions it treats",
        "Your specialist",
    ]
    contents = html.split('class="contents__list"')[1].split("</ol>")[0]
    assert re.findall(r'href="#([a-z-]+)"', contents) == [anchor for anchor, _ in headings]
    assert html.count('href="#contents"') == 6  # "Back to contents" after each section
    assert 'href="/conditions/dvt/">Deep vein thrombosis</a>' in html
    assert 'href="/our-specialists/ada-lovelace/">' in html
    assert "Also known as venous stenting" in html


def test_empty_sections_are_left_out_of_the_page_and_its_contents(client, stenting):
    stenting.recovery = ""
    stenting.risks = ""
    stenting.save_revision().publish()
    html = client.get(stenting.url).content.decode()
    assert "Recovery" not in html
    assert "Risks and side effects" not in html


def test_treatment_json_ld_is_a_medical_procedure_with_its_conditions_and_reviewer(
    client, stenting
):
    (data,) = json_ld(client.get(stenting.url).content.decode())
    web_page = data["@graph"][0]
    assert web_page["@type"] == "MedicalWebPage"
    assert web_page["about"] == {
        "@type": "MedicalProcedure",
        "name": "Deep vein stenting",
        "description": "A short, plain description of the treatment.",
        "alternateName": ["venous stenting"],
        "howPerformed": "A balloon widens the vein and a stent keeps it open.",
    }
    assert web_page["mentions"][0]["name"] == "Deep vein thrombosis"
    assert web_page["reviewedBy"]["@type"] == "Physician"
    assert web_page["lastReviewed"] == timezone.localdate().isoformat()


def test_index_lists_only_live_public_treatments_a_to_z(
    client, treatment_index, stenting, specialist
):
    TreatmentPageFactory(parent=treatment_index, title="Blood thinners", reviewed_by=specialist)
    TreatmentPageFactory(parent=treatment_index, title="Draft treatment", live=False)
    html = client.get(treatment_index.url).content.decode()
    titles = re.findall(r'class="az-list__title"><a [^>]+>([^<]+)</a>', html)
    assert titles == ["Blood thinners", "Deep vein stenting"]


def test_search_finds_a_treatment_by_another_name_and_the_sitemap_lists_it(client, stenting):
    html = client.get("/search/", {"query": "venous stenting"}).content.decode()
    assert 'href="/treatments/deep-vein-stenting/"' in html
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/treatments/deep-vein-stenting/</loc>" in sitemap


def test_specialist_profile_lists_the_treatments_they_provide(client, stenting, specialist):
    html = client.get(specialist.url).content.decode()
    assert 'href="/treatments/deep-vein-stenting/">Deep vein stenting</a>' in html


def test_a_treatment_page_without_a_reviewer_cannot_be_published_by_any_route(treatment_index):
    page = TreatmentPageFactory.build(title="Compression stockings", slug="compression", live=False)
    treatment_index.add_child(instance=page)
    revision = page.save_revision()
    with pytest.raises(ClinicalPageNotReady, match="Choose the specialist who reviewed"):
        revision.publish()
    page.refresh_from_db()
    assert not page.live


def treatment_form(**fields):
    return nested_form_data(
        {
            "title": "Compression stockings",
            "slug": "compression-stockings",
            "summary": "Stockings that reduce the risk of DVT.",
            "also_known_as": "",
            "kind": TreatmentPage.THERAPY,
            "what_it_is": rich_text("Graduated compression stockings."),
            "who_it_is_for": rich_text(""),
            "how_it_is_done": rich_text(""),
            "risks": rich_text(""),
            "recovery": rich_text(""),
            "alternatives": rich_text(""),
            "condition_links": inline_formset([]),
            "specialist_placements": inline_formset([]),
            "reviewed_by": "",
            "last_reviewed": "",
            "next_review_due": "",
            "seo_title": "",
            "search_description": "",
            **fields,
        }
    )


def test_publishing_in_the_admin_without_a_reviewer_says_what_is_missing(
    admin_client, treatment_index
):
    url = reverse("wagtailadmin_pages:add", args=("pages", "treatmentpage", treatment_index.pk))
    response = admin_client.post(url, {**treatment_form(), "action-publish": "1"})
    assert response.status_code == 200
    assert response.context["form"].errors["reviewed_by"] == [REVIEWER_REQUIRED]
    draft = admin_client.post(url, treatment_form())
    assert draft.status_code == 302
    assert not TreatmentPage.objects.get(slug="compression-stockings").live


def test_clinical_review_covers_treatments_approval_signs_and_publishes(
    client, treatment_index, specialist, django_user_model
):
    workflow = ensure_clinical_review_workflow(django_apps)
    assert WorkflowPage.objects.get(page=treatment_index).workflow.name == CLINICAL_REVIEW_WORKFLOW
    marketer = django_user_model.objects.create_user("marketer", password="pw")
    marketer.groups.add(Group.objects.get(name=MARKETING_EDITORS))
    reviewer = django_user_model.objects.create_user("reviewer", password="pw")
    reviewer.groups.add(Group.objects.get(name=CLINICAL_REVIEWERS))
    specialist.user = reviewer
    specialist.save_revision().publish()

    client.force_login(marketer)
    url = reverse("wagtailadmin_pages:add", args=("pages", "treatmentpage", treatment_index.pk))
    assert client.post(url, {**treatment_form(), "action-submit": "1"}).status_code == 302
    page = TreatmentPage.objects.get(slug="compression-stockings")
    assert page.get_workflow() == workflow
    assert not page.live and page.workflow_in_progress

    client.force_login(reviewer)
    task_state = page.current_workflow_task_state
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)
    )
    assert client.post(approve, {"comment": "Accurate."}).status_code == 302
    page.refresh_from_db()
    assert page.live
    assert page.reviewed_by == specialist.specific
    assert page.next_review_due == add_months(timezone.localdate(), 12)
    assert Page.objects.get(pk=page.pk).specific.last_reviewed == timezone.localdate()
