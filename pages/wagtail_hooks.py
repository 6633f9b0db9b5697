from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy

from .admin_views import HANDLE_ENQUIRIES, EnquiryHandlerPermissionPolicy, EnquiryViewSet
from .models import ConsultationFormPage, ConsultationSubmission
from .models.reviews import CLINICAL_REVIEW_LOG_ACTION

register_permission_policy(
    ConsultationSubmission, EnquiryHandlerPermissionPolicy(ConsultationSubmission)
)


@hooks.register("register_admin_viewset")
def register_enquiry_viewset():
    return EnquiryViewSet()


@hooks.register("filter_form_submissions_for_user")
def hide_consultation_requests_from_page_editors(user, editable_forms):
    # Editing the booking page must not mean reading patients' health enquiries.
    if user.has_perm(HANDLE_ENQUIRIES):
        return editable_forms
    return editable_forms.not_type(ConsultationFormPage)


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
