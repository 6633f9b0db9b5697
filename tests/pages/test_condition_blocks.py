"""Every condition block renders its template, with its preview value and with real data."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from pages.conditions.blocks import (
    CareCardBlock,
    ConditionBodyBlock,
    ConditionCallToActionBlock,
    DataTableBlock,
    FaqBlock,
    RiskFactorListBlock,
    SymptomListBlock,
    TreatmentOptionsBlock,
)

CONDITION_BLOCKS = [
    SymptomListBlock,
    RiskFactorListBlock,
    TreatmentOptionsBlock,
    CareCardBlock,
    FaqBlock,
    DataTableBlock,
    ConditionCallToActionBlock,
]


@pytest.mark.parametrize("block_class", CONDITION_BLOCKS, ids=lambda cls: cls.__name__)
def test_block_has_icon_description_preview_and_its_own_template(block_class):
    block = block_class()
    assert block.meta.icon and block.meta.description
    snake = "".join("_" + ch.lower() if ch.isupper() else ch for ch in block_class.__name__)
    assert block.meta.template == f"blocks/{snake.lstrip('_')}.html"
    render_to_string(block.meta.template, {"value": block.get_preview_value()})


def test_condition_body_offers_every_condition_block_and_the_shared_ones():
    assert list(ConditionBodyBlock.base_blocks) == [
        "section",
        "symptoms",
        "risk_factors",
        "treatments",
        "care_card",
        "image",
        "quote",
        "faq",
        "table",
        "call_to_action",
    ]


def render(block_class, value, context=None):
    block = block_class()
    return block.render(block.to_python(value), context=context)


def test_symptom_list_renders_heading_intro_and_each_symptom_with_detail():
    html = render(
        SymptomListBlock,
        {
            "heading": "Symptoms",
            "intro": "You may notice:",
            "symptoms": [
                {"name": "Leg pain", "detail": "Usually the calf."},
                {"name": "Warm skin", "detail": ""},
            ],
        },
    )
    assert "<h2>Symptoms</h2>" in html
    assert "<p>You may notice:</p>" in html
    assert '<span class="item-list__name">Leg pain</span>' in html
    assert '<span class="item-list__detail">Usually the calf.</span>' in html
    assert html.count('<li class="item-list__item">') == 2


def test_risk_factor_list_renders_each_risk_factor():
    html = render(
        RiskFactorListBlock,
        {"heading": "Risk factors", "risk_factors": [{"name": "Obesity"}, {"name": "HRT"}]},
    )
    assert "<h2>Risk factors</h2>" in html
    assert '<span class="item-list__name">Obesity</span>' in html
    assert '<span class="item-list__name">HRT</span>' in html


def test_treatment_options_render_as_h3_with_when_considered():
    html = render(
        TreatmentOptionsBlock,
        {
            "heading": "Treatments",
            "treatments": [
                {
                    "name": "Stenting",
                    "description": "Balloons and stents open the vein.",
                    "when_considered": "Long-standing blockage.",
                }
            ],
        },
    )
    assert "<h3>Stenting</h3>" in html
    assert "<p>Balloons and stents open the vein.</p>" in html
    assert "<strong>When it is considered:</strong> Long-standing blockage." in html


@pytest.mark.parametrize(
    ("level", "wording", "modifier"),
    [
        (
            "non_urgent",
            "Non-urgent advice:</span> Book an appointment with us or see your GP if:",
            "non-urgent",
        ),
        (
            "urgent",
            "Urgent advice:</span> Ask for an urgent GP appointment or get help from NHS 111 if:",
            "urgent",
        ),
        (
            "emergency",
            "Immediate action required:</span> Call 999 or go to A&amp;E now if:",
            "emergency",
        ),
    ],
)
def test_care_card_uses_fixed_wording_for_its_level(level, wording, modifier):
    html = render(CareCardBlock, {"level": level, "symptoms": ["chest pain"], "note": ""})
    assert wording in html
    assert f'class="care-card care-card--{modifier}"' in html
    assert "<li>chest pain</li>" in html


def test_care_card_value_knows_which_levels_need_prompt_help():
    block = CareCardBlock()
    levels = {
        level: block.to_python({"level": level, "symptoms": ["x"]}).is_urgent_or_emergency
        for level in ("non_urgent", "urgent", "emergency")
    }
    assert levels == {"non_urgent": False, "urgent": True, "emergency": True}


def test_faq_renders_questions_as_h3_and_answers_as_rich_text():
    html = render(
        FaqBlock,
        {
            "heading": "Questions",
            "questions": [{"question": "Can I fly?", "answer": "<p>Ask <b>us</b>.</p>"}],
        },
    )
    assert "<h2>Questions</h2>" in html
    assert "<h3>Can I fly?</h3>" in html
    assert "<p>Ask <b>us</b>.</p>" in html


def test_table_renders_caption_column_headers_and_row_headers():
    html = render(DataTableBlock, DataTableBlock().meta.preview_value)
    assert "<caption>Compression stocking classes</caption>" in html
    assert '<th scope="col">Pressure at the ankle (mmHg)</th>' in html
    assert '<th scope="row">Class 2</th>' in html
    assert "<td>18 to 24</td>" in html
    assert 'role="region" aria-label="Compression stocking classes" tabindex="0"' in html


def test_call_to_action_without_a_request_renders_no_broken_button():
    html = render(ConditionCallToActionBlock, {"heading": "Talk to us", "button_label": "Book"})
    assert "<h2" in html and "Talk to us" in html
    assert "href" not in html


@pytest.mark.django_db
def test_call_to_action_carries_the_condition_slug_to_the_booking_page(home_page):
    from pages.models import ClinicSettings
    from tests.factories import ConsultationFormPageFactory

    booking = ConsultationFormPageFactory(parent=home_page, slug="book")
    ClinicSettings.objects.update(booking_page=booking)
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    condition = type("Condition", (), {"slug": "varicose-veins", "pk": 7})()

    html = render(
        ConditionCallToActionBlock,
        {"heading": "Talk to us", "button_label": "Book now"},
        context={"request": request, "page": condition},
    )

    assert 'href="/book/?condition=varicose-veins&amp;from=7">Book now</a>' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "preview_text"),
    [
        ("symptoms", "<h2>Symptoms of deep vein thrombosis</h2>"),
        ("risk_factors", "<h2>Who is more likely to get DVT</h2>"),
        ("treatments", "<h3>Compression stockings</h3>"),
        ("care_card", "<li>coughing up blood</li>"),
        ("faq", "<h3>Can I fly if I have had a DVT?</h3>"),
        ("table", "<caption>Compression stocking classes</caption>"),
        ("call_to_action", "Talk to a DVT specialist"),
    ],
)
def test_admin_block_preview_renders_each_condition_block_with_the_site_styles(
    client, django_user_model, home_page, name, preview_text
):
    from django.urls import reverse

    from pages.models import ConditionPage

    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.com", "pw"))
    block = ConditionPage.body.field.stream_block.child_blocks[name]

    response = client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/static/css/site.css"' in html
    assert f'class="w-block-{name} block-{name}"' in html
    assert preview_text in html
