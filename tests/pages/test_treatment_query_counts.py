"""Treatment pages and their index render in a constant number of queries, none repeated."""

import pytest

from pages.models import TreatmentPageCondition, TreatmentPageSpecialist
from tests.factories import (
    ConditionPageFactory,
    SpecialistPageFactory,
    TreatmentIndexPageFactory,
    TreatmentPageFactory,
)
from tests.pages.test_condition_query_counts import (
    MAX_QUERIES,
    assert_no_repeated_query,
    queries_for,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]


def treatment_with(index, condition_index, specialist, links, title):
    page = TreatmentPageFactory.build(title=title, reviewed_by=specialist)
    for n in range(links):
        page.condition_links.add(
            TreatmentPageCondition(
                condition=ConditionPageFactory(parent=condition_index, reviewed_by=specialist)
            )
        )
        page.specialist_placements.add(
            TreatmentPageSpecialist(
                specialist=SpecialistPageFactory(
                    parent=specialist.get_parent(), title=f"{title} {n}"
                )
            )
        )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_treatment_page_queries_do_not_grow_with_its_links(
    client, home_page, condition_index, specialist
):
    index = TreatmentIndexPageFactory(parent=home_page)
    small = treatment_with(index, condition_index, specialist, 1, "Stenting")
    counts = [len(queries_for(client, small.url))]
    big = treatment_with(index, condition_index, specialist, 6, "Thinners")
    queries = queries_for(client, big.url)
    counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= MAX_QUERIES, counts
    assert_no_repeated_query(queries)


def test_treatment_index_queries_do_not_grow_with_treatments(client, home_page, specialist):
    index = TreatmentIndexPageFactory(parent=home_page)
    TreatmentPageFactory(parent=index, reviewed_by=specialist)
    few = len(queries_for(client, index.url))
    for _ in range(8):
        TreatmentPageFactory(parent=index, reviewed_by=specialist)
    assert len(queries_for(client, index.url)) == few
