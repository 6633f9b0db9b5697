"""What editors see when they get something wrong in the admin: a clear error, nothing lost."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from pages.conditions.models import CARE_CARD_REQUIRED, REVIEWER_REQUIRED, not_ready_message
from pages.models import ConditionPage, SpecialistPage
from tests.factories import ConditionPageFactory, SpecialistIndexPageFactory

pytestmark = pytest.mark.django_db

CARE_CARD_MESSAGE = "Add a care card for urgent or emergency help"


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


def list_items(values):
    data = {
        str(index): {"value": value, "deleted": "", "order": str(index), "id": ""}
        for index, value in enumerate(values)
    }
    data["count"] = str(len(values))
    return data


def care_card(level):
    return ("care_card", {"level": level, "symptoms": list_items(["chest pain"]), "note": ""})


def symptoms_block():
    return (
        "symptoms",
        {
            "heading": "Symptoms",
            "intro": "",
            "symptoms": list_items([{"name": "Swollen calf", "detail": "One leg only."}]),
        },
    )


def condition_form(body, reviewed_by="", last_reviewed="", next_review_due="", **fields):
    return nested_form_data(
        {
            "title": "Varicose veins",
            "slug": "varicose-veins",
            "summary": "Swollen, twisted veins just under the skin.",
            "also_known_as": "",
            "hero_image": "",
            "body": streamfield(body),
            "specialist_placements": inline_formset([]),
            "related_condition_links": inline_formset([]),
            "reviewed_by": reviewed_by,
            "last_reviewed": last_reviewed,
            "next_review_due": next_review_due,
            "seo_title": "",
            "search_description": "",
            **fields,
        }
    )


def add_url(condition_index):
    return reverse("wagtailadmin_pages:add", args=("pages", "conditionpage", condition_index.id))


def test_publishing_without_care_card_or_reviewer_is_refused_and_keeps_the_text(
    editor_client, condition_index
):
    data = condition_form([symptoms_block(), care_card("non_urgent")])
    response = editor_client.post(add_url(condition_index), {**data, "action-publish": "1"})

    assert response.status_code == 200
    html = response.content.decode()
    assert CARE_CARD_MESSAGE in html
    assert REVIEWER_REQUIRED in html
    assert "Swollen, twisted veins just under the skin." in html
    assert "Swollen calf" in html  # the stream's data goes back to the editor
    assert not ConditionPage.objects.exists()


def test_draft_can_be_saved_without_care_card_or_reviewer(editor_client, condition_index):
    response = editor_client.post(add_url(condition_index), condition_form([symptoms_block()]))

    assert response.status_code == 302
    page = ConditionPage.objects.get()
    assert not page.live
    assert page.get_latest_revision_as_object().body[0].value["symptoms"][0]["name"] == (
        "Swollen calf"
    )


@pytest.mark.parametrize("level", ["urgent", "emergency"])
def test_publishing_with_urgent_or_emergency_care_card_and_reviewer_goes_live(
    editor_client, condition_index, specialist, level
):
    data = condition_form([symptoms_block(), care_card(level)], reviewed_by=str(specialist.id))
    response = editor_client.post(add_url(condition_index), {**data, "action-publish": "1"})

    assert response.status_code == 302
    assert ConditionPage.objects.get().live


def test_editing_a_live_page_to_remove_its_care_card_cannot_be_published(
    editor_client, condition_index, specialist
):
    page = ConditionPageFactory(parent=condition_index, slug="dvt", reviewed_by=specialist)
    data = condition_form([symptoms_block()], reviewed_by=str(specialist.id), slug="dvt")

    response = editor_client.post(
        reverse("wagtailadmin_pages:edit", args=(page.id,)), {**data, "action-publish": "1"}
    )

    assert CARE_CARD_MESSAGE in response.content.decode()
    page.refresh_from_db()
    assert page.body[0].block_type == "care_card"


def test_next_review_before_last_review_is_refused_with_a_clear_message(
    editor_client, condition_index
):
    data = condition_form(
        [symptoms_block()], last_reviewed="2026-05-01", next_review_due="2026-04-01"
    )

    response = editor_client.post(add_url(condition_index), data)

    html = response.content.decode()
    assert "The next review must be after the last review (1 May 2026)." in html
    assert 'value="2026-04-01"' in html
    assert not ConditionPage.objects.exists()


def test_model_refuses_next_review_on_the_same_day_as_last_review():
    page = ConditionPage(
        title="DVT",
        slug="dvt",
        summary="A clot.",
        last_reviewed=datetime.date(2026, 5, 1),
        next_review_due=datetime.date(2026, 5, 1),
    )
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "next_review_due" in error.value.message_dict


GMC_MESSAGE = "A GMC reference number is exactly 7 digits, for example 1234567."


@pytest.mark.parametrize(
    ("gmc_number", "message"),
    [
        ("123456", GMC_MESSAGE),
        ("12345a7", GMC_MESSAGE),
        # The browser's maxlength stops an eighth digit; a pasted one gets Django's message.
        ("12345678", "Ensure this value has at most 7 characters (it has 8)."),
    ],
)
def test_gmc_number_must_be_exactly_seven_digits(editor_client, home_page, gmc_number, message):
    index = SpecialistIndexPageFactory(parent=home_page)
    data = nested_form_data(
        {
            "title": "Ada Lovelace",
            "slug": "ada-lovelace",
            "honorific": "Ms",
            "role": "Consultant vascular surgeon",
            "qualifications": "MB BS, FRCS",
            "photo": "",
            "gmc_number": gmc_number,
            "specialties": "Varicose veins",
            "biography": rich_text("<p>Ada trained in London.</p>"),
        }
    )
    url = reverse("wagtailadmin_pages:add", args=("pages", "specialistpage", index.id))

    response = editor_client.post(url, {**data, "action-publish": "1"})

    html = response.content.decode()
    assert message in html
    assert "MB BS, FRCS" in html
    assert not SpecialistPage.objects.exists()


def test_gmc_number_of_seven_digits_is_accepted(editor_client, home_page):
    index = SpecialistIndexPageFactory(parent=home_page)
    data = nested_form_data(
        {
            "title": "Ada Lovelace",
            "slug": "ada-lovelace",
            "honorific": "Ms",
            "role": "Consultant vascular surgeon",
            "gmc_number": "1234567",
            "biography": rich_text("<p>Ada trained in London.</p>"),
        }
    )
    url = reverse("wagtailadmin_pages:add", args=("pages", "specialistpage", index.id))

    assert editor_client.post(url, {**data, "action-publish": "1"}).status_code == 302
    assert SpecialistPage.objects.get().gmc_number == "1234567"


def test_refusals_tell_editors_a_draft_is_still_possible():
    message = not_ready_message("publish", [CARE_CARD_REQUIRED, REVIEWER_REQUIRED])
    assert message.startswith("This page cannot be published yet.")
    assert "save a draft" in message
