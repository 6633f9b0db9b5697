"""Admin hooks of the pages app, one section per domain (Wagtail looks for them here)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy

from clinic_site.admin_menus import PageEditorsMenuItem, PermissionMenuItem

from .conditions.models import PUBLISH_REFUSED_LOG_ACTION, ConditionPage
from .enquiries.admin import EnquiryHandlerPermissionPolicy, EnquiryViewSet, NewEnquiriesPanel
from .enquiries.audit import ENQUIRY_MAIL_LOG_ACTION
from .enquiries.desk import ENQUIRY_CHANGED, ENQUIRY_ERASED, ENQUIRY_EXPORTED, ENQUIRY_VIEWED
from .enquiries.desk_admin import NotProceedingReasonViewSet, SetStatusBulkAction
from .enquiries.models import ConsultationFormPage, ConsultationSubmission, EnquiryStatus
from .enquiries.reports import EnquirySourcesReportView
from .feedback.reports import FeedbackCommentsReportView, PageFeedbackReportView
from .guide import editors_guide
from .reviews.admin import name_the_workflow_in_messages, review_outcome
from .reviews.reports import ReviewsDuePanel, ReviewsDueReportView
from .reviews.workflow import CLINICAL_REVIEW_LOG_ACTION
from .roles import HANDLE_ENQUIRIES, SEE_ENQUIRY_SOURCES, SEE_PAGE_FEEDBACK, SEE_REVIEWS_DUE

register_permission_policy(
    ConsultationSubmission, EnquiryHandlerPermissionPolicy(ConsultationSubmission)
)


@hooks.register("register_admin_viewset")
def register_enquiry_viewset():
    return EnquiryViewSet()


@hooks.register("register_admin_viewset")
def register_not_proceeding_reasons():
    return NotProceedingReasonViewSet()


hooks.register("register_bulk_action", SetStatusBulkAction)


@hooks.register("register_log_actions")
def register_enquiry_desk_log_actions(actions):
    """Who saw, exported, changed or erased which request: references and field names only,
    so an erased patient does not live on in the log."""
    actions.register_action(ENQUIRY_VIEWED, "Request viewed", "Viewed the request")

    @actions.register_action(ENQUIRY_EXPORTED)
    class EnquiryExportedFormatter(LogFormatter):
        label = "Request exported"

        def format_message(self, log_entry):
            data = log_entry.data
            return f"Exported ({data.get('format', '').upper()}, {data.get('via')})."

    @actions.register_action(ENQUIRY_CHANGED)
    class EnquiryChangedFormatter(LogFormatter):
        label = "Request worked"

        def format_message(self, log_entry):
            data = log_entry.data
            status = EnquiryStatus(data["status"]).label.lower()
            return f"Changed {', '.join(data.get('fields', []))}; status now {status}."

    @actions.register_action(ENQUIRY_ERASED)
    class EnquiryErasedFormatter(LogFormatter):
        label = "Request erased"

        def format_message(self, log_entry):
            return f"Erased with its notes ({log_entry.data.get('via')})."


@hooks.register("filter_form_submissions_for_user")
def hide_consultation_requests_from_page_editors(user, editable_forms):
    # Editing the booking page must not mean reading patients' health enquiries.
    if user.has_perm(HANDLE_ENQUIRIES):
        return editable_forms
    return editable_forms.not_type(ConsultationFormPage)


# Where enquiries come from (counts only) ---------------------------------------------------------


@hooks.register("register_admin_urls")
def register_enquiry_sources_report_url():
    return [
        path(
            "reports/enquiry-sources/",
            EnquirySourcesReportView.as_view(),
            name="enquiry_sources_report",
        )
    ]


@hooks.register("register_reports_menu_item")
def register_enquiry_sources_menu_item():
    return PermissionMenuItem(
        "Where enquiries come from",
        reverse("enquiry_sources_report"),
        icon_name="mail",
        permission=SEE_ENQUIRY_SOURCES,
    )


@hooks.register("register_log_actions")
def register_clinical_review_log_action(actions):
    @actions.register_action(CLINICAL_REVIEW_LOG_ACTION)
    class ClinicalReviewFormatter(LogFormatter):
        label = "Clinical review recorded"

        def format_message(self, log_entry):
            data = log_entry.data
            if data.get("reviewer_linked"):
                who = f"Reviewed by {data['reviewer']}"
            else:
                who = (
                    "The approver's account is not linked to a specialist profile, so the "
                    f"reviewer was left as {data.get('reviewer') or 'empty'}"
                )
            return f"{who}; next review due {data['next_review_due']}."

    @actions.register_action(ENQUIRY_MAIL_LOG_ACTION)
    class EnquiryMailRoutingFormatter(LogFormatter):
        label = "Enquiry emails redirected"

        def format_message(self, log_entry):
            data = log_entry.data
            old, new = data.get("old") or "(empty)", data.get("new") or "(empty)"
            return f"Changed {data.get('field')} (where enquiry emails go) from {old} to {new}."

    @actions.register_action(PUBLISH_REFUSED_LOG_ACTION)
    class PublishRefusedFormatter(LogFormatter):
        label = "Publishing refused"

        def format_message(self, log_entry):
            return "Not published: " + " ".join(log_entry.data.get("problems", []))


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def name_the_clinical_review_in_messages(request, page):
    name_the_workflow_in_messages(request, page)


@hooks.register("register_admin_urls")
def register_reviews_due_report_urls():
    return [
        path("editors-guide/", editors_guide, name="editors_guide"),
        path(
            "clinical-review/<int:task_state_id>/outcome/",
            review_outcome,
            name="clinical_review_outcome",
        ),
        path(
            "reports/condition-reviews-due/",
            ReviewsDueReportView.as_view(),
            name="condition_reviews_due",
        ),
        path(
            "reports/condition-reviews-due/results/",
            ReviewsDueReportView.as_view(results_only=True),
            name="condition_reviews_due_results",
        ),
    ]


@hooks.register("register_help_menu_item")
def register_editors_guide_menu_item():
    """Our guide first in Help, above Wagtail's own (which knows nothing of this clinic)."""
    return MenuItem(
        "Clinic editors' guide", reverse("editors_guide"), icon_name="doc-full", order=900
    )


@hooks.register("register_reports_menu_item")
def register_reviews_due_menu_item():
    return PermissionMenuItem(
        "Condition pages due for review",
        reverse("condition_reviews_due"),
        icon_name="time",
        permission=SEE_REVIEWS_DUE,
    )


# Page feedback ("Was this page helpful?") -------------------------------------------------------


@hooks.register("register_admin_urls")
def register_page_feedback_report_urls():
    urls = []
    for prefix, view in (
        ("page-feedback", PageFeedbackReportView),
        ("feedback-comments", FeedbackCommentsReportView),
    ):
        urls += [
            path(f"reports/{prefix}/", view.as_view(), name=view.index_url_name),
            path(
                f"reports/{prefix}/results/",
                view.as_view(results_only=True),
                name=view.index_results_url_name,
            ),
        ]
    return urls


@hooks.register("register_reports_menu_item")
def register_page_feedback_menu_item():
    return PermissionMenuItem(
        "Page feedback",
        reverse("page_feedback_report"),
        icon_name="help",
        permission=SEE_PAGE_FEEDBACK,
    )


@hooks.register("register_reports_menu_item")
def register_feedback_comments_menu_item():
    return PermissionMenuItem(
        "Feedback comments",
        reverse("feedback_comments_report"),
        icon_name="help",
        permission=SEE_PAGE_FEEDBACK,
    )


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels):
    if request.user.has_perm(SEE_REVIEWS_DUE):
        panels.append(ReviewsDuePanel())
    if request.user.has_perm(HANDLE_ENQUIRIES):
        panels.append(NewEnquiriesPanel())


class ConditionPageListingViewSet(PageListingViewSet):
    """Every condition page in one list, filterable by reviewer, review date and status."""

    model = ConditionPage
    name = "condition_pages"
    icon = "doc-full-inverse"
    menu_label = "Condition pages"
    menu_order = 110
    add_to_admin_menu = True
    menu_item_class = PageEditorsMenuItem
    list_filter = ["reviewed_by", "next_review_due", "live"]


@hooks.register("register_admin_viewset")
def register_condition_page_listing():
    return ConditionPageListingViewSet()
