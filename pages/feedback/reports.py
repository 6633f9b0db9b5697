"""Admin reports: "Page feedback" (yes/no counts per page) and "Feedback comments", each with
CSV and XLSX export (Wagtail's ReportView). Seen by those with SEE_PAGE_FEEDBACK."""

from django.db.models import Count, Q
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from .models import PageFeedback


class FeedbackReportView(ReportView):
    header_icon = "help"
    permission_policy = ModelPermissionPolicy(PageFeedback)
    permission_required = "see"
    paginate_by = 50


class PageFeedbackReportView(FeedbackReportView):
    page_title = "Page feedback"
    index_url_name = "page_feedback_report"
    index_results_url_name = "page_feedback_report_results"
    default_ordering = "-no_count"
    columns = [
        TitleColumn("title", label="Page", url_name="wagtailadmin_pages:edit", sort_key="title"),
        Column("yes_count", label="Helpful", sort_key="yes_count"),
        Column("no_count", label="Not helpful", sort_key="no_count"),
        Column("comment_count", label="Comments", sort_key="comment_count"),
    ]
    list_export = ["title", "url_path", "yes_count", "no_count", "comment_count"]
    export_headings = {
        "url_path": "Path",
        "yes_count": "Helpful",
        "no_count": "Not helpful",
        "comment_count": "Comments",
    }
    export_filename = "page-feedback"

    def get_base_queryset(self):
        return (
            Page.objects.filter(feedback__isnull=False)
            .annotate(
                yes_count=Count("feedback", filter=Q(feedback__helpful=True)),
                no_count=Count("feedback", filter=Q(feedback__helpful=False)),
                comment_count=Count("feedback", filter=~Q(feedback__comment="")),
            )
            .order_by("-no_count", "title")
        )

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["no_results_message"] = "No page has had feedback yet."
        return context


class FeedbackCommentsReportView(FeedbackReportView):
    page_title = "Feedback comments"
    index_url_name = "feedback_comments_report"
    index_results_url_name = "feedback_comments_report_results"
    default_ordering = "-created_on"
    columns = [
        DateColumn("created_on", label="Date", sort_key="created_on"),
        Column("page", label="Page", sort_key="page__title"),
        Column("helpful_label", label="Helpful?", accessor="helpful_label"),
        Column("comment", label="What they were looking for"),
    ]
    list_export = ["created_on", "page", "helpful_label", "comment"]
    export_headings = {"created_on": "Date", "helpful_label": "Helpful?"}
    export_filename = "feedback-comments"

    def get_base_queryset(self):
        return PageFeedback.objects.exclude(comment="").select_related("page")

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["no_results_message"] = "No comments yet."
        return context
