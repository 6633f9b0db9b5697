"""The "Where enquiries come from" report: counts only, small numbers protected, per role."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pages.enquiries.models import EnquiryStatus
from pages.enquiries.reports import (
    FEWER_THAN_5,
    NOT_SHOWN,
    enquiry_sources,
    hidden_counts,
    protect_month,
)
from pages.models import ConsultationSubmission
from pages.roles import (
    CLINICAL_REVIEWERS,
    ENQUIRY_HANDLERS,
    MARKETING_EDITORS,
    SEE_ENQUIRY_SOURCES,
)
from tests.factories import ConditionPageFactory, ConsultationSubmissionFactory

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/reports/enquiry-sources/"
MARCH = datetime.date(2026, 3, 1)
APRIL = datetime.date(2026, 4, 1)
SPRING = {"utm_source": "newsletter", "utm_medium": "email", "utm_campaign": "spring-veins"}
PERSONAL = {
    "name": "Zebedee Quixotic-Fairweather",
    "email": "zebedee.secret@example.org",
    "phone": "07700 900123",
    "message": "Ultrasecret symptom description",
}


def make_requests(count, month, status=EnquiryStatus.NEW, day=10, **values):
    """`count` stored requests sent in `month`, each holding the distinctive personal values."""
    ConsultationSubmissionFactory.sent_on(
        month.replace(day=day),
        count,
        form_data={"name": PERSONAL["name"], "message": PERSONAL["message"]},
        email=PERSONAL["email"],
        status=status,
        **values,
    )


def report_for(client, user, **query):
    client.force_login(user)
    return client.get(REPORT_URL, {"start": "2026-03", "end": "2026-04", **query})


def user_in(django_user_model, group_name):
    user = django_user_model.objects.create_user(group_name.split()[0].lower(), password="pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def marketing_editor(django_user_model):
    return user_in(django_user_model, MARKETING_EDITORS)


@pytest.fixture
def dvt(condition_index):
    return ConditionPageFactory(parent=condition_index, title="Deep vein thrombosis")


# Small numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "counts, hidden",
    [
        ([12, 9], set()),
        ([12, 3], {0, 1}),  # the 3 alone would be the total minus 12: the 12 goes too
        ([8, 6, 2], {1, 2}),  # 2 and 6 hidden: their sum (8) fits many pairs
        ([9, 2, 3], {1, 2}),  # two small counts summing to 5: neither can be worked out
        ([9, 1, 1], {0, 1, 2}),  # 1 + 1 = 2 would give both away
        ([4, 4], None),  # 8 from two counts under 5: both 4, whatever is hidden
        ([3], None),
    ],
)
def test_hidden_counts_leave_no_small_count_to_subtraction(counts, hidden):
    assert hidden_counts(counts, sum(counts)) == hidden


def test_a_month_that_cannot_be_protected_is_hidden_whole_total_included():
    hide_total, hidden = protect_month(8, [[4, 4], [8], [8]])
    assert hide_total and hidden == [{0, 1}, {0}, {0}]
    assert protect_month(15, [[12, 3], [15], [15]]) == (False, [{0, 1}, set(), set()])


def test_report_counts_by_month_condition_page_and_campaign_with_small_numbers_protected(dvt):
    make_requests(9, MARCH, condition=dvt.title, source_page_title=dvt.title, **SPRING)
    make_requests(3, MARCH, EnquiryStatus.BOOKED, condition=dvt.title, **SPRING)
    # Typed by the patient, not a condition page's title: counted as "Other or not given".
    make_requests(7, MARCH, condition="Varicose veins", source_page_title="Varicose veins")
    make_requests(6, APRIL, EnquiryStatus.BOOKED, condition=dvt.title)

    report = enquiry_sources(MARCH, APRIL)

    assert [tuple(row) for row in report["months"]] == [
        (MARCH, "", 19, FEWER_THAN_5),
        (APRIL, "", 6, 6),
    ]
    assert [tuple(row[1:]) for row in report["condition"]] == [
        ("Other or not given", 7, 0),
        ("Deep vein thrombosis", 12, FEWER_THAN_5),
        ("Deep vein thrombosis", 6, 6),
    ]
    # March's 3 from no known page: the 7 hides too, or 19 - 9 - 7 would give the 3 away.
    # Its 3 booked are all the month's bookings: nothing more to hide them behind, so every
    # booked count of March is hidden (the zeros are no one).
    assert [tuple(row[1:]) for row in report["page"]] == [
        ("Not known", FEWER_THAN_5, FEWER_THAN_5),
        ("Deep vein thrombosis", 9, 0),
        ("Varicose veins", NOT_SHOWN, 0),
        ("Not known", 6, 6),
    ]
    assert [tuple(row[1:]) for row in report["campaign"]] == [
        ("No campaign", 7, 0),
        ("newsletter / email / spring-veins", 12, FEWER_THAN_5),
        ("No campaign", 6, 6),
    ]


def test_months_are_the_clinics_months_on_every_database(dvt):
    # 23:30 on 31 March in UTC is already 1 April in London (summer time).
    make_requests(5, APRIL, condition=dvt.title)
    late = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC)
    ConsultationSubmission.objects.update(submit_time=late)
    report = enquiry_sources(MARCH, APRIL)
    assert [(row.month, row.requests) for row in report["months"]] == [(MARCH, 0), (APRIL, 5)]


def test_requests_outside_the_months_chosen_are_not_counted(client, marketing_editor, dvt):
    make_requests(5, datetime.date(2026, 2, 1), condition=dvt.title)
    make_requests(6, MARCH, condition=dvt.title)
    report = report_for(client, marketing_editor).context["tables"][0][1]
    assert [(row.month, row.requests) for row in report] == [(MARCH, 6)]


# The page and the CSV --------------------------------------------------------------------------


def test_page_shows_chart_and_tables_and_the_csv_says_the_same(client, marketing_editor, dvt):
    make_requests(6, MARCH, EnquiryStatus.BOOKED, condition=dvt.title, **SPRING)
    make_requests(2, MARCH, condition=dvt.title, **SPRING)

    page = report_for(client, marketing_editor).content.decode()
    # The chart's bars: 8 requests is the longest bar (400 units), 6 booked three quarters.
    assert '<rect y="2" height="11" width="400"' in page
    assert '<rect y="14" height="8" width="300"' in page
    assert "<td>8</td>" in page and "newsletter / email / spring-veins" in page
    assert f"<td>{FEWER_THAN_5}</td>" not in page  # 2 of 8 not booked: nothing small is shown
    assert "<script" not in page[page.index('class="enquiry-sources"') : page.index("By page")]

    response = report_for(client, marketing_editor, export="csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "enquiry-sources-2026-03-to-2026-04.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Breakdown", "Month", "Value", "Requests", "Consultation booked"]
    assert ["All requests", "2026-03", "", "8", "6"] in rows
    assert [
        "Campaign (source / medium / name)",
        "2026-03",
        "newsletter / email / spring-veins",
        "8",
        "6",
    ] in rows


def test_small_counts_read_fewer_than_5_in_page_and_csv(client, marketing_editor, dvt):
    make_requests(3, MARCH, condition=dvt.title)
    page = report_for(client, marketing_editor).content.decode()
    assert f"<td>{FEWER_THAN_5}</td>" in page and "<td>3</td>" not in page
    rows = list(csv.reader(io.StringIO(report_for(client, marketing_editor, export="csv").text)))
    assert all(row[3] in {"Requests", "0", FEWER_THAN_5} for row in rows), rows


def test_spreadsheet_formulas_in_page_titles_are_neutralised(client, marketing_editor):
    make_requests(5, MARCH, source_page_title="=HYPERLINK(evil)")
    csv_text = report_for(client, marketing_editor, export="csv").text
    assert "'=HYPERLINK(evil)" in csv_text and ",=HYPERLINK" not in csv_text


def test_nothing_personal_reaches_the_page_or_the_csv(client, marketing_editor, dvt):
    typed_condition = "Zebedee worries about his left leg"
    make_requests(6, MARCH, condition=typed_condition, **SPRING)
    make_requests(6, MARCH, condition=dvt.title, status=EnquiryStatus.BOOKED)
    ConsultationSubmission.objects.update(
        form_data={**PERSONAL, "condition_of_interest": typed_condition}
    )
    for response in (
        report_for(client, marketing_editor),
        report_for(client, marketing_editor, export="csv"),
    ):
        text = response.content.decode()
        assert "newsletter" in text  # the report did render its rows
        for value in [*PERSONAL.values(), typed_condition, "Zebedee", "CC-"]:
            assert value not in text


def test_an_invalid_month_range_says_so_and_shows_the_default(client, marketing_editor):
    response = report_for(client, marketing_editor, start="2026-05", end="2026-01")
    assert "The first month must come before the last." in response.content.decode()
    assert len(response.context["chart"]["bars"]) == 12
    response = report_for(client, marketing_editor, start="2020-01", end="2026-01")
    assert "Choose at most 24 months." in response.content.decode()


def test_query_count_does_not_grow_with_the_number_of_requests(
    client, marketing_editor, condition_index
):
    titles = [ConditionPageFactory(parent=condition_index).title for _ in range(5)]
    make_requests(10, MARCH, condition=titles[0], **SPRING)
    client.force_login(marketing_editor)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert report_for(client, marketing_editor).status_code == 200
        return len(captured)

    few = queries()
    for index in range(1000 // 50):
        make_requests(
            50,
            APRIL if index % 2 else MARCH,
            EnquiryStatus.BOOKED if index % 3 else EnquiryStatus.NEW,
            day=1 + index,
            condition=titles[index % 5],
            source_page_title=f"Page {index % 7}",
            utm_campaign=f"campaign-{index % 4}",
        )
    assert ConsultationSubmission.objects.count() == 1010
    assert queries() == few


# Who may see it --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "group_name, allowed",
    [(MARKETING_EDITORS, True), (ENQUIRY_HANDLERS, True), (CLINICAL_REVIEWERS, False)],
)
def test_report_and_its_menu_item_per_role(client, django_user_model, group_name, allowed):
    user = user_in(django_user_model, group_name)
    assert user.has_perm(SEE_ENQUIRY_SOURCES) is allowed
    for export in ("", "csv"):
        response = report_for(client, user, export=export)
        if allowed:
            assert response.status_code == 200
        else:  # Wagtail answers a refusal by sending the user to the dashboard
            assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert ("Where enquiries come from" in menu) is allowed


def test_administrators_see_it_and_anonymous_visitors_are_sent_to_log_in(client, admin_user):
    assert client.get(REPORT_URL).status_code == 302
    assert report_for(client, admin_user).status_code == 200
