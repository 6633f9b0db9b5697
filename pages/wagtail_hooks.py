from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .admin_views import HANDLE_ENQUIRIES, EnquiryHandlerPermissionPolicy, EnquiryViewSet
from .models import ConsultationFormPage, ConsultationSubmission

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
