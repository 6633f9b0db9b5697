"""The "Where enquiries come from" report: counts of requests per month, never their contents.

Marketing editors (and enquiry handlers, administrators) see how many requests each month came
by condition, by the page they were sent from and by campaign, and how many reached
"consultation booked", as a chart, tables and a CSV. Counted in the database: the same few
queries whatever the number of requests. Small numbers are protected (see `protect_month`).
"""

import csv
import datetime
from typing import NamedTuple

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, F, Q, Value, When
from django.db.models.functions import TruncMonth
from django.http import HttpResponse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..conditions.models import ConditionPage
from ..roles import SEE_ENQUIRY_SOURCES
from .attribution import CAMPAIGN_TAGS
from .exports import neutralise_formula
from .models import EnquirySourceCounts, EnquiryStatus

SMALL_COUNT = 5  # counts from 1 to SMALL_COUNT - 1 are never shown as they are
FEWER_THAN_5 = "fewer than 5"
NOT_SHOWN = "not shown"
MAX_MONTHS = 24
DEFAULT_MONTHS = 12


class Breakdown(NamedTuple):
    slug: str
    heading: str
    value_heading: str
    fields: tuple
    blank_label: str


BREAKDOWNS = (
    # Only a condition page's title counts: the patient can type anything in that field.
    Breakdown("condition", "By condition", "Condition", ("condition_name",), "Other or not given"),
    Breakdown("page", "By page", "Sent from page", ("source_page_title",), "Not known"),
    Breakdown(
        "campaign", "By campaign", "Campaign (source / medium / name)", CAMPAIGN_TAGS, "No campaign"
    ),
)


class Row(NamedTuple):
    month: datetime.date
    label: str
    requests: object  # a number, FEWER_THAN_5 or NOT_SHOWN
    booked: object


# Small numbers -------------------------------------------------------------------------------


def can_be_worked_out(counts, hidden, total):
    """Whether one hidden count follows from the others' bounds and the group's known total."""
    bounds = {
        i: (1, SMALL_COUNT - 1) if counts[i] < SMALL_COUNT else (SMALL_COUNT, total) for i in hidden
    }
    hidden_sum = sum(counts[i] for i in hidden)  # the total minus every count shown
    for i, (low, high) in bounds.items():
        others_low = sum(bound[0] for j, bound in bounds.items() if j != i)
        others_high = sum(bound[1] for j, bound in bounds.items() if j != i)
        if max(low, hidden_sum - others_high) == min(high, hidden_sum - others_low):
            return True
    return False


def hidden_counts(counts, total):
    """The counts of one month's breakdown to hide, or None when hiding them all is not enough.

    Counts of 1 to 4 are hidden; then, smallest first, as many more as it takes so that no
    hidden count can be worked out by subtracting the shown ones from the month's total.
    """
    hidden = {i for i, count in enumerate(counts) if 0 < count < SMALL_COUNT}
    while hidden and can_be_worked_out(counts, hidden, total):
        shown = [i for i, count in enumerate(counts) if i not in hidden and count > 0]
        if not shown:
            return None
        hidden.add(min(shown, key=counts.__getitem__))
    return hidden


def protect_month(total, groups):
    """Which counts of a month to hide: (hide the total?, [hidden indexes of each breakdown]).

    The three breakdowns count the same requests, so the month's total is known even if it were
    not printed; it is printed (in the chart) and every breakdown is protected against it. When
    a breakdown cannot be protected (all its counts small and together giving themselves away),
    the whole month is hidden, total included.
    """
    hidden = [hidden_counts(counts, total) for counts in groups]
    if any(indexes is None for indexes in hidden):
        return total > 0, [{i for i, count in enumerate(c) if count} for c in groups]
    return 0 < total < SMALL_COUNT, hidden


def shown(count, hidden):
    if 0 < count < SMALL_COUNT:
        return FEWER_THAN_5
    return NOT_SHOWN if hidden else count


# Counting ----------------------------------------------------------------------------------


def next_month(month):
    return (month.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def month_starts(start, end):
    """The first day of every month from `start`'s to `end`'s."""
    month = start.replace(day=1)
    while month <= end:
        yield month
        month = next_month(month)


def as_month(value):
    return (timezone.localtime(value) if timezone.is_aware(value) else value).date()


def count_requests(first_month, last_month):
    """Raw counts: {breakdown slug: {month: [(label, requests, booked)]}}.

    One query per breakdown, whatever the number of requests.
    """
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(first_month.replace(day=1), datetime.time(), tzinfo=tz)
    end = datetime.datetime.combine(next_month(last_month), datetime.time(), tzinfo=tz)
    requests = (
        EnquirySourceCounts.objects.filter(submit_time__gte=start, submit_time__lt=end)
        .annotate(
            month=TruncMonth("submit_time"),
            condition_name=Case(
                When(condition__in=ConditionPage.objects.values("title"), then=F("condition")),
                default=Value(""),
            ),
        )
        .order_by()
    )
    counts = {
        "requests": Count("pk"),
        "booked": Count("pk", filter=Q(status=EnquiryStatus.BOOKED)),
    }
    result = {}
    for breakdown in BREAKDOWNS:
        by_month = result.setdefault(breakdown.slug, {})
        rows = requests.values("month", *breakdown.fields).annotate(**counts)
        for row in rows.order_by("month", *breakdown.fields):
            values = [row[field] for field in breakdown.fields]
            label = " / ".join(v or "-" for v in values) if any(values) else breakdown.blank_label
            by_month.setdefault(as_month(row["month"]), []).append(
                (label, row["requests"], row["booked"])
            )
    return result


def enquiry_sources(first_month, last_month):
    """The report, small numbers protected: {"months": [Row], slug: [Row], ...}."""
    raw = count_requests(first_month, last_month)
    report = {"months": [], **{breakdown.slug: [] for breakdown in BREAKDOWNS}}
    for month in month_starts(first_month, last_month):
        groups = [raw[breakdown.slug].get(month, []) for breakdown in BREAKDOWNS]
        # Every breakdown counts each request once: any of them gives the month's totals.
        total_requests = sum(requests for _, requests, _ in groups[0])
        total_booked = sum(booked for _, _, booked in groups[0])
        hide_total, hidden_requests = protect_month(
            total_requests, [[r for _, r, _ in group] for group in groups]
        )
        hide_booked_total, hidden_booked = protect_month(
            total_booked, [[b for _, _, b in group] for group in groups]
        )
        report["months"].append(
            Row(
                month,
                "",
                shown(total_requests, hide_total),
                shown(total_booked, hide_booked_total),
            )
        )
        for breakdown, group, hide_r, hide_b in zip(
            BREAKDOWNS, groups, hidden_requests, hidden_booked, strict=True
        ):
            report[breakdown.slug] += [
                Row(month, label, shown(r, i in hide_r), shown(b, i in hide_b))
                for i, (label, r, b) in enumerate(group)
            ]
    return report


# The admin view ----------------------------------------------------------------------------


class MonthRangeForm(forms.Form):
    start = forms.DateField(
        label="From month",
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    end = forms.DateField(
        label="To month",
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError("The first month must come before the last.")
            if len(list(month_starts(start, end))) > MAX_MONTHS:
                raise forms.ValidationError(f"Choose at most {MAX_MONTHS} months.")
        return cleaned


def default_range():
    this_month = timezone.localdate().replace(day=1)
    first = this_month
    for _ in range(DEFAULT_MONTHS - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return first, this_month


class EnquirySourcesReportView(WagtailAdminTemplateMixin, TemplateView):
    page_title = "Where enquiries come from"
    header_icon = "mail"
    template_name = "enquiries/admin/report.html"
    csv_filename = "enquiry-sources"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(SEE_ENQUIRY_SOURCES):
            raise PermissionDenied
        first, last = default_range()
        data = request.GET if "start" in request.GET else None
        self.form = MonthRangeForm(data, initial={"start": first, "end": last})
        if self.form.is_valid():
            first, last = self.form.cleaned_data["start"], self.form.cleaned_data["end"]
        self.first_month, self.last_month = first, last
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.report = enquiry_sources(self.first_month, self.last_month)
        if request.GET.get("export") == "csv":
            return self.csv_response()
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [{"url": "", "label": "Reports"}, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        months = self.report["months"]
        numbers = [row.requests for row in months if isinstance(row.requests, int)]
        return super().get_context_data(
            form=self.form,
            first_month=self.first_month,
            last_month=self.last_month,
            chart=bar_chart(months, max(numbers, default=0)),
            tables=[(breakdown, self.report[breakdown.slug]) for breakdown in BREAKDOWNS],
            csv_query=self.csv_query(),
            small_count=SMALL_COUNT,
            **kwargs,
        )

    def csv_query(self):
        query = self.request.GET.copy()
        query["start"] = f"{self.first_month:%Y-%m}"
        query["end"] = f"{self.last_month:%Y-%m}"
        query["export"] = "csv"
        return query.urlencode()

    def csv_response(self):
        name = f"{self.csv_filename}-{self.first_month:%Y-%m}-to-{self.last_month:%Y-%m}.csv"
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        writer = csv.writer(response)
        writer.writerow(["Breakdown", "Month", "Value", "Requests", "Consultation booked"])
        sections = [("All requests", self.report["months"])] + [
            (breakdown.value_heading, self.report[breakdown.slug]) for breakdown in BREAKDOWNS
        ]
        for heading, rows in sections:
            for row in rows:
                writer.writerow(
                    [
                        heading,
                        f"{row.month:%Y-%m}",
                        neutralise_formula(row.label),
                        row.requests,
                        row.booked,
                    ]
                )
        return response


class Bar(NamedTuple):
    row: Row
    requests_width: int
    booked_width: int


CHART_BAR_AREA = 400  # SVG units for the longest bar; the SVG stretches to its cell


def bar_chart(months, largest):
    """Bars for each month's row of the chart (SVG units); a hidden count is drawn as no bar."""
    scale = CHART_BAR_AREA / largest if largest else 0

    def width(count):
        return round(count * scale) if isinstance(count, int) else 0

    bars = [Bar(row, width(row.requests), width(row.booked)) for row in months]
    return {"bars": bars, "area": CHART_BAR_AREA}
