"""'Was this page helpful?': stored without personal data, scrubbed, rate limited, cache-safe."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from pages.feedback.forms import scrub, sign_answer
from pages.models import PageFeedback
from pages.roles import CLINICAL_REVIEWERS, ENQUIRY_HANDLERS, MARKETING_EDITORS
from tests.factories import ConditionPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dvt(condition_index, specialist):
    return ConditionPageFactory(
        parent=condition_index, title="Deep vein thrombosis", slug="dvt", reviewed_by=specialist
    )


def answer(client, page, helpful="no", **headers):
    return client.post("/feedback/", {"page": page.pk, "helpful": helpful}, **headers)


def test_condition_page_offers_the_question_as_a_plain_form(client, dvt):
    html = client.get(dvt.url).content.decode()
    section = html.split('id="feedback"')[1].split("</section>")[0]
    assert "Was this page helpful?" in section
    assert 'action="/feedback/" method="post"' in section
    assert f'name="page" value="{dvt.pk}"' in section
    # Nothing per visitor, so the pages carrying it can be shared by a CDN (site/caching.py).
    assert "csrfmiddlewaretoken" not in section
    assert "Do not include personal or medical details" in section


def test_without_javascript_an_answer_is_stored_then_the_comment_step_follows(client, dvt):
    response = answer(client, dvt, "no")
    assert response.status_code == 302
    feedback = PageFeedback.objects.get()
    assert (feedback.page_id, feedback.helpful, feedback.comment) == (dvt.pk, False, "")

    step = client.get(response["Location"])
    assert step.status_code == 200
    assert "no-store" in step["Cache-Control"]
    assert "What were you looking for?" in step.content.decode()

    token = response["Location"].split("token=")[1]
    thanks = client.post(
        "/feedback/more/",
        {"token": token, "comment": "Recovery time. Call me on 07700 900123 or a.b@example.com"},
    )
    assert thanks.status_code == 200
    assert "Thank you for your feedback" in thanks.content.decode()
    feedback.refresh_from_db()
    assert feedback.comment == "Recovery time. Call me on [removed] or [removed]"


def test_with_javascript_both_steps_answer_json(client, dvt):
    response = answer(client, dvt, "yes", HTTP_ACCEPT="application/json")
    token = response.json()["token"]
    saved = client.post(
        "/feedback/more/", {"token": token, "comment": "All good"}, HTTP_ACCEPT="application/json"
    )
    assert saved.json() == {"saved": True}
    assert PageFeedback.objects.get().comment == "All good"


def test_nothing_personal_is_kept():
    fields = {field.name for field in PageFeedback._meta.get_fields()}
    assert fields == {"id", "page", "helpful", "comment", "created_on"}


@pytest.mark.parametrize(
    "text,expected",
    [
        ("email me at jo.bloggs+nhs@mail.co.uk please", "email me at [removed] please"),
        ("ring +44 (0)20 7946 0000", "ring [removed]"),
        ("07700-900-123", "[removed]"),
        (
            "I was looking for the 2024 prices and 3 stents",
            "I was looking for the 2024 prices and 3 stents",
        ),
    ],
)
def test_obvious_emails_and_phone_numbers_are_removed(text, expected):
    assert scrub(text) == expected


def test_a_comment_is_saved_once_and_an_old_or_forged_token_is_refused(client, dvt):
    token = answer(client, dvt, HTTP_ACCEPT="application/json").json()["token"]
    client.post("/feedback/more/", {"token": token, "comment": "first"})
    client.post("/feedback/more/", {"token": token, "comment": "second"})
    assert PageFeedback.objects.get().comment == "first"
    forged = client.post("/feedback/more/", {"token": token + "x", "comment": "spam"})
    assert forged.status_code == 400
    assert "expired" in forged.content.decode()


def test_answers_about_other_page_types_or_drafts_are_refused(client, home_page, dvt):
    standard = StandardPageFactory(parent=home_page, slug="about")
    assert answer(client, standard).status_code == 400
    dvt.unpublish()
    assert answer(client, dvt).status_code == 400
    assert not PageFeedback.objects.exists()


def test_answers_are_rate_limited_per_client(client, dvt, settings):
    settings.FEEDBACK_RATE_LIMIT_COUNT = 2
    assert answer(client, dvt).status_code == 302
    assert answer(client, dvt).status_code == 302
    refused = answer(client, dvt)
    assert refused.status_code == 429
    assert PageFeedback.objects.count() == 2


def test_answers_need_no_csrf_token_so_the_form_holds_nothing_per_visitor(dvt):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/feedback/", {"page": dvt.pk, "helpful": "no"})
    assert response.status_code == 302
    step = strict.post(
        response["Location"].split("?")[0],
        {"token": response["Location"].split("token=")[1], "comment": "stenting"},
    )
    assert step.status_code in (200, 302)
    assert PageFeedback.objects.get().comment == "stenting"


def test_token_names_the_answer_it_was_made_for(dvt):
    feedback = PageFeedback.objects.create(page=dvt, helpful=True)
    assert sign_answer(feedback) != sign_answer(PageFeedback.objects.create(page=dvt, helpful=True))


def csv_rows(response):
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def staff(django_user_model, group, username):
    user = django_user_model.objects.create_user(username, password="pw")
    user.groups.add(Group.objects.get(name=group))
    return user


def test_editors_see_counts_and_comments_with_csv_export(client, dvt, django_user_model):
    for helpful, comment in [(True, ""), (False, "cost of stenting"), (False, "")]:
        PageFeedback.objects.create(page=dvt, helpful=helpful, comment=comment)
    client.force_login(staff(django_user_model, MARKETING_EDITORS, "marketer"))

    rows = csv_rows(client.get(reverse("page_feedback_report") + "?export=csv"))
    assert rows[0] == ["Title", "Path", "Helpful", "Not helpful", "Comments"]
    assert rows[1][0] == "Deep vein thrombosis"
    assert rows[1][2:] == ["1", "2", "1"]

    comments = csv_rows(client.get(reverse("feedback_comments_report") + "?export=csv"))
    assert comments[0] == ["Date", "Page", "Helpful?", "Comment"]
    assert comments[1][1:] == ["Deep vein thrombosis", "No", "cost of stenting"]


@pytest.mark.parametrize("group,allowed", [(CLINICAL_REVIEWERS, True), (ENQUIRY_HANDLERS, False)])
def test_only_editors_and_reviewers_see_the_feedback_reports(
    client, django_user_model, home_page, group, allowed
):
    client.force_login(staff(django_user_model, group, "someone"))
    response = client.get(reverse("page_feedback_report"))
    assert (response.status_code == 200) is allowed
