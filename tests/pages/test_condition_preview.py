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
