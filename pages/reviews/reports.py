"""Admin for clinical reviews: the "Condition pages due for review" report and its dashboard count."""

from django.db.models import F
from django.urls import reverse
from django.utils.formats import date_format
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from ..conditions.models import ConditionPage
from .workflow import REVIEW_DUE_SOON_DAYS, condition_pages_due_for_review


class DayColumn(Column):
    """The date itself ('5 January 2026'): review dates are planned, not 'ago'."""

    def get_value(self, instance):
        value = super().get_value(instance)
        return date_format(value, "j F Y") if value else "Never"


class ReviewsDueReportView(ReportView):
    page_title = "Condition pages due for review"
    header_icon = "time"
    index_url_name = "condition_reviews_due"
    index_results_url_name = "condition_reviews_due_results"
    permission_policy = ModelPermissionPolicy(ConditionPage)
    permission_required = "review"
    default_ordering = "next_review_due"
    paginate_by = 50
    columns = [
        TitleColumn(
            "title",
            label="Condition page",
            url_name="wagtailadmin_pages:edit",
            sort_key="title",
        ),
        Column("reviewer", label="Reviewer", accessor="reviewed_by", sort_key="reviewed_by__title"),
        DayColumn("last_reviewed", label="Last reviewed", sort_key="last_reviewed"),
        DayColumn("next_review_due", label="Next review due", sort_key="next_review_due"),
        Column("review_status", label="Status"),
    ]
    list_export = ["title", "reviewed_by", "last_reviewed", "next_review_due", "review_status"]
    export_headings = {"reviewed_by": "Reviewer", "review_status": "Status"}
    export_filename = "condition-reviews-due"

    def get_base_queryset(self):
        return condition_pages_due_for_review()

    def order_queryset(self, queryset):
        # Never-reviewed pages (no date) come first on every database, then the most overdue.
        field = self.ordering.lstrip("-")
        descending = self.ordering.startswith("-")
        expression = (
            F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_first=True)
        )
        return queryset.order_by(expression, "title")

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["no_results_message"] = (
            f"No condition page is overdue or due for review in the next {REVIEW_DUE_SOON_DAYS} days."
        )
        return context


class ReviewsDuePanel(Component):
    """Dashboard: how many condition pages need a review soon, with a link to the report."""

    name = "condition_reviews_due"
    template_name = "reviews/admin/reviews_due_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        pages = condition_pages_due_for_review()
        return {
            "due_count": pages.count(),
            "report_url": reverse("condition_reviews_due"),
            "days": REVIEW_DUE_SOON_DAYS,
        }
