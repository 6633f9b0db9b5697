import datetime
import json
import re

import pytest
from wagtail.models import Page, PageViewRestriction

from pages.models import (
    ClinicSettings,
    ConditionIndexPage,
    ConditionPage,
    ConditionPageRelatedCondition,
    ConditionPageSpecialist,
    HomePage,
    SpecialistIndexPage,
    SpecialistPage,
    StandardPage,
)
from tests.factories import (
    ConditionIndexPageFactory,
    ConditionPageFactory,
    ConsultationFormPageFactory,
    SpecialistIndexPageFactory,
    emergency_care_card,
)

pytestmark = pytest.mark.django_db


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1, blocks
    return json.loads(blocks[0])


def graph_node(data, schema_type):
    return next(node for node in data["@graph"] if node["@type"] == schema_type)


def test_condition_and_specialist_pages_sit_where_the_tree_rules_say():
    assert ConditionIndexPage.allowed_parent_page_models() == [HomePage]
    assert ConditionIndexPage.allowed_subpage_models() == [ConditionPage]
    assert ConditionPage.allowed_parent_page_models() == [ConditionIndexPage]
    assert ConditionPage.allowed_subpage_models() == []
    assert SpecialistIndexPage.allowed_parent_page_models() == [HomePage]
    assert SpecialistIndexPage.allowed_subpage_models() == [SpecialistPage]
    assert SpecialistPage.allowed_parent_page_models() == [SpecialistIndexPage]
    assert ConditionIndexPage.max_count == SpecialistIndexPage.max_count == 1
    assert not ConditionPage.can_exist_under(StandardPage())


def test_home_page_offers_one_condition_index_and_one_specialist_index(home_page):
    assert ConditionIndexPage.can_create_at(home_page)
    assert SpecialistIndexPage.can_create_at(home_page)
    ConditionIndexPageFactory(parent=home_page)
    SpecialistIndexPageFactory(parent=home_page)
    assert not ConditionIndexPage.can_create_at(home_page)
    assert not SpecialistIndexPage.can_create_at(home_page)


def test_condition_page_shows_summary_names_review_line_and_specialists(
    client, condition_index, specialist
):
    page = ConditionPageFactory(
        parent=condition_index,
        title="Deep vein thrombosis",
        slug="dvt",
        summary="A clot in a deep vein.",
        also_known_as="DVT, Deep venous thrombosis",
        reviewed_by=specialist,
        last_reviewed=datetime.date(2026, 3, 2),
        next_review_due=datetime.date(2029, 3, 2),
    )
    ConditionPageSpecialist.objects.create(page=page, specialist=specialist)

    html = client.get("/conditions/dvt/").content.decode()

    assert "<h1>Deep vein thrombosis</h1>" in html
    assert "Also known as DVT, Deep venous thrombosis" in html
    assert '<meta name="description" content="A clot in a deep vein.">' in html
    assert 'Page last reviewed: <time datetime="2026-03-02">2 March 2026</time>' in html
    assert 'Next review due: <time datetime="2029-03-02">2 March 2029</time>' in html
    assert (
        'Reviewed by <a href="/our-specialists/ada-lovelace/">Ms Ada Lovelace</a>, '
        "consultant vascular surgeon" in html
    )
    assert "Your specialist" in html
    assert '<nav class="breadcrumbs" aria-label="Breadcrumb">' in html


def test_condition_page_hides_unpublished_reviewer_and_related_conditions(
    client, condition_index, specialist
):
    draft_condition = ConditionPageFactory(parent=condition_index, title="Draft", live=False)
    live_condition = ConditionPageFactory(parent=condition_index, title="Varicose veins")
    page = ConditionPageFactory(parent=condition_index, slug="dvt", reviewed_by=specialist)
    ConditionPageRelatedCondition.objects.create(page=page, related=draft_condition)
    ConditionPageRelatedCondition.objects.create(page=page, related=live_condition)
    specialist.unpublish()

    html = client.get("/conditions/dvt/").content.decode()

    assert "Reviewed by" not in html
    related = html.split('id="related-heading"')[1].split("</section>")[0]
    assert "Varicose veins" in related
    assert "Draft" not in related


def test_index_lists_live_conditions_a_to_z_with_their_other_names(client, condition_index):
    ConditionPageFactory(parent=condition_index, title="Varicose veins", summary="Swollen veins.")
    ConditionPageFactory(
        parent=condition_index,
        title="Deep vein thrombosis",
        summary="A clot.",
        also_known_as="DVT",
    )
    ConditionPageFactory(parent=condition_index, title="Aneurysm draft", live=False)

    html = client.get("/conditions/").content.decode()

    assert html.index("Deep vein thrombosis") < html.index("Varicose veins")
    assert "Aneurysm draft" not in html
    assert '<a href="#letter-d">D</a>' in html
    assert '<a href="#letter-v">V</a>' in html
    assert '<span class="az-nav__empty" aria-hidden="true">A</span>' in html
    assert 'DVT: see <a href="/conditions/deep-vein-thrombosis/">Deep vein thrombosis</a>' in html
    assert "Swollen veins." in html


def test_index_leaves_out_conditions_with_their_own_view_restriction(client, condition_index):
    private = ConditionPageFactory(parent=condition_index, title="Private condition")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    html = client.get("/conditions/").content.decode()

    assert "Private condition" not in html
    assert "No conditions have been published yet." in html


def test_password_on_the_index_still_protects_its_condition_pages(client, condition_index):
    ConditionPageFactory(parent=condition_index, slug="dvt")
    PageViewRestriction.objects.create(
        page=condition_index, restriction_type="password", password="s3cret-word"
    )

    response = client.get("/conditions/dvt/")

    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
    assert "care-card" not in response.content.decode()


def test_also_known_as_names_are_searchable(condition_index):
    page = ConditionPageFactory(
        parent=condition_index, title="Deep vein thrombosis", also_known_as="DVT"
    )
    ConditionPageFactory(parent=condition_index, title="Varicose veins")

    assert list(ConditionPage.objects.live().search("DVT")) == [page]


def test_json_ld_describes_the_condition_from_its_blocks(client, condition_index, specialist):
    ConditionPageFactory(
        parent=condition_index,
        title="Deep vein thrombosis",
        slug="dvt",
        summary="A clot in a deep vein.",
        also_known_as="DVT",
        reviewed_by=specialist,
        last_reviewed=datetime.date(2026, 3, 2),
        body=[
            emergency_care_card("chest pain"),
            (
                "symptoms",
                {
                    "heading": "Symptoms",
                    "intro": "",
                    "symptoms": [{"name": "Leg pain", "detail": "Usually the calf."}],
                },
            ),
            (
                "risk_factors",
                {"heading": "Risks", "intro": "", "risk_factors": [{"name": "Obesity"}]},
            ),
            (
                "treatments",
                {
                    "heading": "Treatments",
                    "intro": "",
                    "treatments": [{"name": "Stockings", "description": "Compression."}],
                },
            ),
            (
                "faq",
                {
                    "heading": "Questions",
                    "questions": [{"question": "Can I fly?", "answer": "<p>Ask <b>us</b>.</p>"}],
                },
            ),
        ],
    )

    data = json_ld(client.get("/conditions/dvt/").content.decode())

    web_page = graph_node(data, "MedicalWebPage")
    assert data["@context"] == "https://schema.org"
    assert web_page["url"] == "http://localhost/conditions/dvt/"
    assert web_page["lastReviewed"] == "2026-03-02"
    assert web_page["reviewedBy"]["name"] == "Ms Ada Lovelace"
    condition = web_page["about"]
    assert condition["@type"] == "MedicalCondition"
    assert condition["alternateName"] == ["DVT"]
    assert condition["signOrSymptom"] == [
        {"@type": "MedicalSignOrSymptom", "name": "Leg pain", "description": "Usually the calf."}
    ]
    assert condition["riskFactor"] == [{"@type": "MedicalRiskFactor", "name": "Obesity"}]
    assert condition["possibleTreatment"][0]["name"] == "Stockings"
    crumbs = web_page["breadcrumb"]["itemListElement"]
    assert [crumb["name"] for crumb in crumbs] == [
        "Home",
        "Conditions we treat",
        "Deep vein thrombosis",
    ]
    faq = graph_node(data, "FAQPage")
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"] == "Ask us."


def test_json_ld_escapes_editor_text_so_it_cannot_close_the_script(client, condition_index):
    ConditionPageFactory(
        parent=condition_index, slug="tricky", summary="</script><script>alert(1)</script> & co"
    )

    html = client.get("/conditions/tricky/").content.decode()

    script = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in script and ">" not in script
    assert "\\u003C/script\\u003E" in script
    assert graph_node(json_ld(html), "MedicalWebPage")["description"].startswith("</script>")


def test_call_to_action_links_to_the_booking_page_with_the_condition(client, condition_index):
    booking = ConsultationFormPageFactory(parent=condition_index.get_parent(), slug="book")
    ClinicSettings.objects.update(booking_page=booking)
    condition = ConditionPageFactory(
        parent=condition_index,
        slug="deep-vein-thrombosis",
        body=[
            emergency_care_card(),
            (
                "call_to_action",
                {"heading": "Talk to us", "text": "", "button_label": "Book a consultation"},
            ),
        ],
    )

    html = client.get("/conditions/deep-vein-thrombosis/").content.decode()

    assert (
        '<a class="button button--primary" '
        f'href="/book/?condition=deep-vein-thrombosis&amp;from={condition.pk}">'
        "Book a consultation</a>" in html
    )


def test_call_to_action_offers_the_phone_number_without_a_booking_page(client, condition_index):
    ConditionPageFactory(
        parent=condition_index,
        slug="dvt",
        body=[("call_to_action", {"heading": "Talk to us", "button_label": "Book"})],
    )

    html = client.get("/conditions/dvt/").content.decode()

    assert 'Call us on <a href="tel:02079460123">020 7946 0123</a>' in html


def test_specialist_page_links_to_the_gmc_register_and_lists_conditions_treated(
    client, condition_index, specialist
):
    treated = ConditionPageFactory(parent=condition_index, title="Varicose veins")
    ConditionPageSpecialist.objects.create(page=treated, specialist=specialist)
    draft = ConditionPageFactory(parent=condition_index, title="Draft condition", live=False)
    ConditionPageSpecialist.objects.create(page=draft, specialist=specialist)

    html = client.get("/our-specialists/ada-lovelace/").content.decode()

    assert "<h1>Ms Ada Lovelace</h1>" in html
    assert 'href="https://www.gmc-uk.org/doctors/1234567"' in html
    conditions = html.split('id="conditions-heading"')[1].split("</section>")[0]
    assert "Varicose veins" in conditions
    assert "Draft condition" not in conditions
    physician = graph_node(json_ld(html), "Physician")
    assert physician["identifier"]["value"] == "1234567"


def test_specialist_index_lists_live_specialists(client, specialist):
    html = client.get("/our-specialists/").content.decode()
    assert '<a href="/our-specialists/ada-lovelace/">Ms Ada Lovelace</a>' in html


def test_index_pages_appear_in_the_main_menu_when_marked(client, home_page):
    ConditionIndexPageFactory(parent=home_page, show_in_menus=True)
    nav = client.get("/").content.decode().split('aria-label="Main"')[1].split("</nav>")[0]
    assert "Conditions we treat" in nav


def test_unknown_condition_slug_is_a_404(client, condition_index):
    assert client.get("/conditions/no-such-condition/").status_code == 404


def test_non_condition_child_of_the_index_is_still_served(client, condition_index):
    # Made before subpage_types were tightened, say: route() falls back to Wagtail's.
    child = StandardPage(title="Old page", slug="old-page", intro="")
    condition_index.add_child(instance=child)
    assert client.get("/conditions/old-page/").status_code == 200
    assert Page.objects.get(slug="old-page").specific_class is StandardPage


def test_login_restriction_on_a_condition_page_itself_sends_visitors_to_log_in(
    client, condition_index
):
    page = ConditionPageFactory(parent=condition_index, slug="dvt")
    PageViewRestriction.objects.create(page=page, restriction_type="login")

    response = client.get("/conditions/dvt/")

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_restriction_on_the_home_page_protects_condition_and_specialist_pages(
    client, condition_index, specialist
):
    ConditionPageFactory(parent=condition_index, slug="dvt")
    PageViewRestriction.objects.create(
        page=condition_index.get_parent(), restriction_type="password", password="s3cret-word"
    )

    for url in ("/conditions/dvt/", "/our-specialists/ada-lovelace/", "/conditions/"):
        assert 'name="password"' in client.get(url).content.decode(), url


def test_draft_condition_page_is_a_404(client, condition_index):
    ConditionPageFactory(parent=condition_index, slug="draft", live=False)
    assert client.get("/conditions/draft/").status_code == 404
