import pytest

from pages.models import ConditionPage, ConditionPageRelatedCondition, ConditionPageSpecialist
from tests.factories import ConditionPageFactory

pytestmark = pytest.mark.django_db


def test_unsaved_page_lists_its_in_memory_specialists_and_related_conditions_for_preview(
    condition_index, specialist
):
    other = ConditionPageFactory(parent=condition_index, title="Varicose veins")
    draft = ConditionPageFactory(parent=condition_index, title="Draft", live=False)
    page = ConditionPage(title="DVT", slug="dvt", summary="A clot.")
    page.specialist_placements.add(ConditionPageSpecialist(specialist=specialist))
    page.related_condition_links.add(ConditionPageRelatedCondition(related=other))
    page.related_condition_links.add(ConditionPageRelatedCondition(related=draft))

    assert page.specialists_and_related_conditions() == ([specialist], [other])


def test_editor_previews_a_new_condition_page_with_its_blocks_and_specialist(
    client, django_user_model, condition_index, specialist
):
    from django.urls import reverse
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.com", "pw"))
    data = nested_form_data(
        {
            "title": "Varicose veins",
            "slug": "varicose-veins",
            "summary": "Swollen veins.",
            "body": streamfield(
                [
                    (
                        "care_card",
                        {
                            "level": "urgent",
                            "symptoms": {
                                "count": "1",
                                "0": {
                                    "value": "a leg becomes red",
                                    "deleted": "",
                                    "order": "0",
                                    "id": "",
                                },
                            },
                        },
                    )
                ]
            ),
            "specialist_placements": inline_formset([{"specialist": str(specialist.id)}]),
            "related_condition_links": inline_formset([]),
            "reviewed_by": str(specialist.id),
        }
    )
    url = reverse(
        "wagtailadmin_pages:preview_on_add", args=("pages", "conditionpage", condition_index.id)
    )

    assert client.post(url, data).json()["is_valid"]
    html = client.get(url).content.decode()

    assert "<h1>Varicose veins</h1>" in html
    assert "a leg becomes red" in html
    assert "Ms Ada Lovelace" in html
