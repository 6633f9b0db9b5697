"""The seed's Deep vein thrombosis page, its specialist and indexes, built by seed_demo."""

import io
import json
import re

import pytest
from django.core.management import call_command

from pages.demo_content import DVT_RISK_FACTORS, DVT_SYMPTOMS, DVT_TREATMENTS
from pages.models import ConditionIndexPage, ConditionPage, SpecialistIndexPage, SpecialistPage

pytestmark = pytest.mark.django_db

DVT_URL = "/conditions/deep-vein-thrombosis/"


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=io.StringIO())


def dvt_json_ld(client):
    html = client.get(DVT_URL).content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(script.group(1))
    return next(node for node in data["@graph"] if node["@type"] == "MedicalWebPage")


def test_seed_builds_condition_and_specialist_indexes_in_the_menu(seeded, client):
    assert ConditionIndexPage.objects.get().url_path.endswith("/conditions/")
    assert SpecialistIndexPage.objects.get().url_path.endswith("/our-specialists/")
    nav = client.get("/").content.decode().split('aria-label="Main"')[1].split("</nav>")[0]
    assert "Conditions we treat" in nav
    assert "Our specialists" in nav


def test_seeded_dvt_page_carries_every_symptom_risk_factor_and_treatment(seeded, client):
    response = client.get(DVT_URL)
    html = response.content.decode()

    assert response.status_code == 200
    for name, detail in DVT_SYMPTOMS:
        assert name in html
        assert detail in html
    for name in DVT_RISK_FACTORS:
        assert name in html
    for name, description, when in DVT_TREATMENTS:
        assert name in html and description in html and when in html
    assert "venous thromboembolism" in html and "pulmonary embolism" in html
    assert "multidisciplinary team meeting" in html
    assert "Call 999 or go to A&amp;E now if:" in html
    for symptom in ("chest pain", "breathlessness", "coughing up blood"):
        assert f"<li>{symptom}</li>" in html
    assert "Page last reviewed:" in html and "Next review due:" in html
    assert 'Reviewed by <a href="/our-specialists/ian-franklin/">Mr Ian Franklin</a>' in html
    assert "Sample content" in html


def test_seed_lists_varicose_veins_once_and_covers_the_seeds_risk_factors(seeded):
    risk_factors = [
        item["name"]
        for child in ConditionPage.objects.get(slug="deep-vein-thrombosis").body
        if child.block_type == "risk_factors"
        for item in child.value["risk_factors"]
    ]
    assert [name.lower() for name in risk_factors].count("varicose veins") == 1
    assert "Heart disease" in risk_factors
    assert len(risk_factors) == 5


def test_seeded_dvt_json_ld_names_every_symptom_risk_factor_and_treatment(seeded, client):
    web_page = dvt_json_ld(client)
    condition = web_page["about"]

    assert condition["name"] == "Deep vein thrombosis"
    assert condition["alternateName"] == ["DVT"]
    assert [item["name"] for item in condition["signOrSymptom"]] == [n for n, _ in DVT_SYMPTOMS]
    assert [item["name"] for item in condition["riskFactor"]] == DVT_RISK_FACTORS
    assert [item["name"] for item in condition["possibleTreatment"]] == [
        name for name, _, _ in DVT_TREATMENTS
    ]
    assert web_page["reviewedBy"]["name"] == "Mr Ian Franklin"
    assert web_page["lastReviewed"]


def test_seeded_specialist_has_no_invented_gmc_number_and_says_so(seeded, client):
    specialist = SpecialistPage.objects.get(slug="ian-franklin")
    assert specialist.gmc_number == ""
    html = client.get("/our-specialists/ian-franklin/").content.decode()
    assert "The GMC reference number is left blank on purpose" in html
    assert '<a href="/conditions/deep-vein-thrombosis/">Deep vein thrombosis</a>' in html


def test_seeded_dvt_page_is_publishable_by_the_admin_rules(seeded):
    page = ConditionPage.objects.get(slug="deep-vein-thrombosis")
    assert page.reviewed_by is not None
    assert any(
        child.block_type == "care_card" and child.value["level"] == "emergency"
        for child in page.body
    )
    assert page.next_review_due > page.last_reviewed


def test_seed_run_twice_keeps_one_of_each_condition_page(seeded):
    call_command("seed_demo", stdout=io.StringIO())
    assert ConditionPage.objects.count() == 1
    assert SpecialistPage.objects.count() == 1
    assert ConditionPage.objects.get().specialist_placements.count() == 1
