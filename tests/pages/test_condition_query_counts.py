"""Condition pages and the A to Z render in at most 10 queries, none repeated, however big."""

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pages.models import ConditionPageRelatedCondition, ConditionPageSpecialist
from tests.factories import ConditionPageFactory, StandardPageFactory, emergency_care_card

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]

MAX_QUERIES = 10


def queries_for(client, url):
    client.get(url)  # warm the per-process caches (site root paths), as a running site has
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    assert context.captured_queries, "no queries captured: the budget checks would pass vacuously"
    return [query["sql"] for query in context.captured_queries]


def assert_no_repeated_query(queries):
    repeated = [sql for sql, count in Counter(queries).items() if count > 1]
    assert not repeated, "\n\n".join(repeated)


def rich_body(linked_page, copies):
    """A body with `copies` of every kind of block, symptom and treatment (some with links)."""
    body = []
    for n in range(copies):
        body += [
            ("section", {"heading": f"Section {n}", "body": "<p>Text.</p>"}),
            emergency_care_card("chest pain", "breathlessness"),
            (
                "symptoms",
                {
                    "heading": f"Symptoms {n}",
                    "symptoms": [{"name": f"Symptom {i}"} for i in range(copies * 3)],
                },
            ),
            (
                "risk_factors",
                {
                    "heading": f"Risks {n}",
                    "risk_factors": [{"name": f"Risk {i}"} for i in range(copies * 3)],
                },
            ),
            (
                "treatments",
                {
                    "heading": f"Treatments {n}",
                    "treatments": [
                        {"name": f"Treatment {i}", "description": "D.", "page": linked_page}
                        for i in range(copies * 2)
                    ],
                },
            ),
            (
                "faq",
                {"heading": "FAQ", "questions": [{"question": "Q?", "answer": "<p>A.</p>"}]},
            ),
            ("quote", {"quote": "Clear advice.", "attribution": "A patient"}),
            ("table", {"caption": "T", "columns": [], "rows": []}),
            ("call_to_action", {"heading": "Book", "button_label": "Book"}),
        ]
    return body


def build_condition(condition_index, specialist, slug, copies):
    treatment_page = StandardPageFactory(parent=condition_index.get_parent())
    page = ConditionPageFactory(
        parent=condition_index,
        slug=slug,
        also_known_as="One, Two",
        reviewed_by=specialist,
        body=rich_body(treatment_page, copies),
    )
    ConditionPageSpecialist.objects.create(page=page, specialist=specialist)
    for n in range(copies):
        related = ConditionPageFactory(parent=condition_index, title=f"Related {slug} {n}")
        ConditionPageRelatedCondition.objects.create(page=page, related=related)
    return page


def test_condition_page_queries_are_few_unrepeated_and_do_not_grow(
    client, condition_index, specialist
):
    build_condition(condition_index, specialist, "small", copies=1)
    build_condition(condition_index, specialist, "large", copies=5)

    small = queries_for(client, "/conditions/small/")
    large = queries_for(client, "/conditions/large/")

    assert len(large) <= MAX_QUERIES, "\n\n".join(large)
    assert len(large) == len(small)
    assert_no_repeated_query(large)


def test_condition_page_stays_within_budget_under_pytest_django_counter(
    client, condition_index, specialist, django_assert_max_num_queries
):
    build_condition(condition_index, specialist, "dvt", copies=3)
    client.get("/conditions/dvt/")
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get("/conditions/dvt/").status_code == 200


def test_condition_index_queries_are_few_unrepeated_and_do_not_grow(client, condition_index):
    ConditionPageFactory(parent=condition_index, also_known_as="A1")
    few = queries_for(client, "/conditions/")
    for n in range(30):
        ConditionPageFactory(
            parent=condition_index, title=f"Listed condition {n}", also_known_as="X, Y"
        )
    many = queries_for(client, "/conditions/")

    assert len(many) <= MAX_QUERIES, "\n\n".join(many)
    assert len(many) == len(few)
    assert_no_repeated_query(many)


def test_specialist_pages_queries_are_few_and_unrepeated(client, condition_index, specialist):
    for n in range(5):
        page = ConditionPageFactory(parent=condition_index, title=f"Treated condition {n}")
        ConditionPageSpecialist.objects.create(page=page, specialist=specialist)

    for url in ("/our-specialists/", "/our-specialists/ada-lovelace/"):
        queries = queries_for(client, url)
        assert len(queries) <= MAX_QUERIES, "\n\n".join(queries)
        assert_no_repeated_query(queries)


@pytest.fixture
def image_factory(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from wagtail_factories import ImageFactory

    return ImageFactory


def test_images_cost_the_same_queries_however_many_there_are(
    client, condition_index, specialist, image_factory
):
    def page_with_images(slug, count):
        images = [image_factory(title=f"Photo {slug} {n}") for n in range(count)]
        return ConditionPageFactory(
            parent=condition_index,
            slug=slug,
            hero_image=images[0],
            body=[
                emergency_care_card(),
                *[
                    ("image", {"image": image, "alt_text": "A leg", "decorative": False})
                    for image in images
                ],
            ],
        )

    page_with_images("one", 1)
    page_with_images("five", 5)

    one = queries_for(client, "/conditions/one/")
    five = queries_for(client, "/conditions/five/")

    assert len(five) == len(one)
    assert len(five) <= MAX_QUERIES
    assert_no_repeated_query(five)
