"""Admin for consultation requests: only enquiry handlers (and superusers) see them.

Two ways in, sharing one permission (roles.HANDLE_ENQUIRIES): Wagtail's own per-form
submissions listing (Forms menu) and an "Enquiries" viewset that also lists requests whose
form page has since been deleted. Exports neutralise spreadsheet formulas.
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.views.generic import TemplateView
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log
from wagtail.permission_policies.base import BasePermissionPolicy

from clinic_site.operations import queue_states

from ..roles import HANDLE_ENQUIRIES, HANDLE_ENQUIRIES_PERMISSION
from ..validators import tel_href
from .desk import (
    ENQUIRY_EXPORTED,
    ENQUIRY_VIEWED,
    OPEN_STATUSES,
    contact_details,
    is_overdue,
    log_access,
    overdue,
)
from .desk_admin import (
    STATUS_COLUMN,
    EnquiryEditViewMixin,
    EnquiryFilterSet,
    EnquiryOutcomeForm,
    SubjectAccessView,
)
from .emails import EmailStatus, email_backlog, enqueue_enquiry_emails, send_failed_again
from .exports import FormulaSafeExportMixin
from .models import (
    EXPORTED_FIELDS,
    INSPECTED_FIELDS,
    LISTED_FIELDS,
    ConsultationSubmission,
    EnquiryStatus,
)


def handle_enquiries_permission():
    return Permission.objects.filter(
        content_type__app_label=HANDLE_ENQUIRIES_PERMISSION.app_label,
        codename=HANDLE_ENQUIRIES_PERMISSION.codename,
    )


class EnquiryHandlerPermissionPolicy(BasePermissionPolicy):
    """View, export, work ("change": status, assignee, notes) and delete with
    roles.HANDLE_ENQUIRIES; nobody adds requests or edits what a patient sent."""

    allowed_actions = {"view", "change", "delete"}

    def user_has_permission(self, user, action):
        return action in self.allowed_actions and user.is_active and user.has_perm(HANDLE_ENQUIRIES)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if not self.allowed_actions.intersection(actions):
            return users.none()
        permission = handle_enquiries_permission().first()
        if permission is None:  # filtering on None would match users with no groups at all
            return users.filter(is_superuser=True)
        return users.filter(
            Q(is_superuser=True)
            | Q(groups__permissions=permission)
            | Q(user_permissions=permission)
        ).distinct()


class EnquiryIndexView(FormulaSafeExportMixin, generic.IndexView):
    template_name = "enquiries/admin/index.html"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("assignee", "not_proceeding_reason")

    @cached_property
    def columns(self):
        return [BulkActionsCheckboxColumn("bulk_actions", obj_type="enquiry"), *super().columns]

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        # The reference opens the request (how to reach the patient, notes), not the outcome
        # form; it also describes the row's bulk-action checkbox (BulkActionsCheckboxColumn).
        return self._get_custom_column(
            field_name,
            self._get_title_column_class(column_class),
            get_url=self.get_inspect_url,
            get_title_id=lambda instance: f"enquiry_{instance.pk}_title",
            **kwargs,
        )

    @cached_property
    def header_more_buttons(self):
        url = reverse("consultationsubmission:subject_access")
        return [
            *super().header_more_buttons,
            HeaderButton("Subject access and erasure", url=url, icon_name="user"),
        ]

    def as_spreadsheet(self, queryset, spreadsheet_format):
        log_access(
            queryset, ENQUIRY_EXPORTED, self.request.user, via="listing", format=spreadsheet_format
        )
        return super().as_spreadsheet(queryset, spreadsheet_format)


class EnquiryEditView(EnquiryEditViewMixin, generic.EditView):
    pass


class EnquiryInspectView(generic.InspectView):
    template_name = "enquiries/admin/inspect.html"

    def get(self, request, *args, **kwargs):
        log(self.object, ENQUIRY_VIEWED, user=request.user)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        phone, contact_method = contact_details(self.object)
        return super().get_context_data(
            phone=phone,
            phone_href=tel_href(phone) if phone else "",
            contact_method=contact_method,
            overdue=is_overdue(self.object),
            notes=self.object.notes.select_related("author"),
            edit_url=self.get_edit_url(),
            **kwargs,
        )

    @cached_property
    def header_buttons(self):
        """A failed request offers "Send emails again" in its header, where it is seen."""
        if self.object.email_status != EmailStatus.FAILED:
            return []
        url = reverse("consultationsubmission:resend", args=[self.object.pk])
        return [HeaderButton("Send emails again", url=url, icon_name="mail")]

    def get_form_data_display_value(self):
        labels = {}
        if self.object.page is not None and hasattr(self.object.page.specific, "get_data_fields"):
            labels = dict(self.object.page.specific.get_data_fields())
        rows = [
            (labels.get(name, name.replace("_", " ").capitalize()), display(value))
            for name, value in self.object.form_data.items()
        ]
        return format_html("<dl>{}</dl>", format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows))


class ResendEmailsView(WagtailAdminTemplateMixin, TemplateView):
    """Send a failed request's unsent emails again: a confirmation, then a queued task."""

    template_name = "enquiries/admin/resend_emails.html"
    header_icon = "mail"

    def dispatch(self, request, pk):
        if not request.user.has_perm(HANDLE_ENQUIRIES):
            raise PermissionDenied
        self.object = get_object_or_404(ConsultationSubmission, pk=pk)
        self.inspect_url = reverse("consultationsubmission:inspect", args=[pk])
        if self.object.email_status != EmailStatus.FAILED:
            messages.info(request, f"The emails for {self.object} are not marked as failed.")
            return redirect(self.inspect_url)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return f"Send the emails for {self.object} again"

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": "Home"},
            {"url": reverse("consultationsubmission:index"), "label": "Enquiries"},
            {"url": self.inspect_url, "label": str(self.object)},
            {"url": "", "label": "Send emails again"},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, inspect_url=self.inspect_url, **kwargs)

    def post(self, request, pk):
        if send_failed_again([pk]):
            pk_to_send = pk
            transaction.on_commit(lambda: enqueue_enquiry_emails(pk_to_send))
        messages.success(
            request, f"The emails for {self.object} will be sent again in the next few minutes."
        )
        return redirect(self.inspect_url)


def display(value):
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "-"
    if value is True:
        return "Yes"
    if value in (False, None, ""):
        return "-"
    return value


class EnquiryViewSet(ModelViewSet):
    model = ConsultationSubmission
    name = "consultationsubmission"
    menu_label = "Enquiries"
    icon = "mail"
    add_to_admin_menu = True
    menu_order = 650
    index_view_class = EnquiryIndexView
    inspect_view_class = EnquiryInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = [STATUS_COLUMN if name == "status" else name for name in LISTED_FIELDS]
    filterset_class = EnquiryFilterSet
    edit_view_class = EnquiryEditView
    # Handlers record the outcome; what the patient sent is never edited.
    edit_handler = ObjectList(
        [
            FieldPanel("status"),
            FieldPanel("not_proceeding_reason"),
            FieldPanel("assignee"),
            FieldPanel("note"),
        ],
        base_form_class=EnquiryOutcomeForm,
    )
    search_fields = ["reference", "email", "condition"]
    list_export = EXPORTED_FIELDS
    export_filename = "consultation-requests"
    inspect_view_fields = INSPECTED_FIELDS

    def get_urlpatterns(self):
        # Requests are records of what a patient sent: nobody creates or edits them here.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("edit/<int:pk>/", self.edit_view, name="edit"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history/<int:pk>/results/", self.history_results_view, name="history_results"),
            path("delete/<int:pk>/", self.delete_view, name="delete"),
            path("subject-access/", SubjectAccessView.as_view(), name="subject_access"),
            path("resend/<int:pk>/", ResendEmailsView.as_view(), name="resend"),
            path("usage/<int:pk>/", self.usage_view, name="usage"),
        ]

    def get_permissions_to_register(self):
        return handle_enquiries_permission()


class NewEnquiriesPanel(Component):
    """Dashboard for enquiry handlers: the desk (waiting, overdue, assigned to me), requests
    received in the last week and the email backlog."""

    name = "new_enquiries"
    template_name = "enquiries/admin/new_enquiries_panel.html"
    order = 80
    days = 7

    def get_context_data(self, parent_context):
        since = timezone.now() - datetime.timedelta(days=self.days)
        failed, emails_overdue = email_backlog()
        email_queue = next(q for q in queue_states() if q.name == settings.EMAIL_TASK_QUEUE)
        enquiries_url = reverse("consultationsubmission:index")
        requests = ConsultationSubmission.objects
        user = parent_context["request"].user
        open_statuses = "&".join(f"status={status}" for status in OPEN_STATUSES)
        return {
            "waiting_count": requests.filter(status=EnquiryStatus.NEW).count(),
            "waiting_url": f"{enquiries_url}?status={EnquiryStatus.NEW}",
            "overdue_requests_count": requests.filter(overdue()).count(),
            "overdue_url": f"{enquiries_url}?overdue=true",
            "mine_count": requests.filter(assignee=user, status__in=OPEN_STATUSES).count(),
            "mine_url": f"{enquiries_url}?assignee={user.pk}&{open_statuses}",
            "new_count": ConsultationSubmission.objects.filter(submit_time__gte=since).count(),
            "enquiries_url": enquiries_url,
            "failed_url": f"{enquiries_url}?email_status={EmailStatus.FAILED}",
            "days": self.days,
            "failed_count": failed,
            "overdue_count": emails_overdue,
            "email_queue": email_queue,
        }
