"""The enquiry desk in the admin: filters, outcome editing, bulk status change, subject access.

Only for roles.HANDLE_ENQUIRIES (enquiry handlers and superusers). The rules are desk.py's;
what is held for an email is subject_access.py's. Every view, export, change and erasure is
recorded in Wagtail's audit log (references and field names only).
"""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import policy_registry

from ..conditions.models import ConditionPage
from ..roles import HANDLE_ENQUIRIES
from . import subject_access
from .desk import (
    NOTE_MAX,
    NotProceedingReason,
    is_overdue,
    overdue,
    record_outcome,
)
from .models import ConsultationSubmission, EnquiryStatus


def enquiry_handlers():
    """Who a request can be assigned to: those who may work the desk."""
    policy = policy_registry.get_by_type(ConsultationSubmission)
    return policy.users_with_any_permission({"change"}).order_by("first_name", "username")


def condition_choices():
    titles = ConditionPage.objects.live().order_by("title").values_list("title", flat=True)
    return [(title, title) for title in titles]


class EnquiryFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=EnquiryStatus.choices, widget=forms.CheckboxSelectMultiple
    )
    overdue = django_filters.ChoiceFilter(
        label="Response target",
        choices=[("true", "Overdue"), ("false", "Not overdue")],
        method="filter_overdue",
        help_text="Overdue: still new, and past the response target.",
    )
    condition = django_filters.ChoiceFilter(choices=condition_choices)
    assignee = django_filters.ModelChoiceFilter(
        queryset=lambda request: enquiry_handlers(), null_label="Unassigned"
    )
    submit_time = django_filters.DateFromToRangeFilter(label="Sent", widget=DateRangePickerWidget)

    class Meta:
        model = ConsultationSubmission
        fields = [
            "status",
            "overdue",
            "condition",
            "assignee",
            "submit_time",
            "email_status",
            "marketing_opt_in",
        ]

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue()) if value == "true" else queryset.exclude(overdue())


class StatusColumn(Column):
    """The status, with an "Overdue" badge in words (not colour alone)."""

    cell_template_name = "enquiries/admin/status_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["overdue"] = is_overdue(instance)
        return context


STATUS_COLUMN = StatusColumn("status", label="Status", accessor="get_status_display")


class EnquiryOutcomeForm(WagtailAdminModelForm):
    note = forms.CharField(
        label="Add an internal note",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Seen only by the patient team, never emailed or reported; the patient can ask "
            f"for it. Up to {NOTE_MAX:,} characters."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = enquiry_handlers()
        self.fields["status"].widget = forms.RadioSelect(choices=EnquiryStatus.choices)


class EnquiryEditViewMixin:
    """Saving records the outcome (first contact, note, audit) instead of a plain save."""

    def save_instance(self):
        changed = [name for name in self.form.changed_data if name != "note"]
        submission = self.form.save(commit=False)
        record_outcome(submission, self.request.user, changed, self.form.cleaned_data["note"])
        return submission

    def get_success_url(self):
        return reverse("consultationsubmission:inspect", args=[self.object.pk])

    def get_success_message(self):
        return f"Request {self.object} updated."


class BulkStatusForm(forms.Form):
    status = forms.ChoiceField(choices=EnquiryStatus.choices, widget=forms.RadioSelect)
    not_proceeding_reason = forms.ModelChoiceField(
        NotProceedingReason.objects.all(), required=False, label="Reason for not proceeding"
    )

    def clean(self):
        cleaned = super().clean()
        problem = ConsultationSubmission.outcome_problem(
            cleaned.get("status"), cleaned.get("not_proceeding_reason")
        )
        if problem:
            raise ValidationError({"not_proceeding_reason": problem})
        return cleaned


class SetStatusBulkAction(BulkAction):
    """Select requests in the listing -> set their status; each change is logged per request."""

    display_name = "Set status"
    action_type = "set_status"
    aria_label = "Set the status of the selected requests"
    template_name = "enquiries/admin/bulk_set_status.html"
    form_class = BulkStatusForm
    models = [ConsultationSubmission]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(HANDLE_ENQUIRIES):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def object_context(self, submission):
        return {
            "item": submission,
            "url": reverse("consultationsubmission:inspect", args=[submission.pk]),
        }

    def get_execution_context(self):
        return {"user": self.request.user, **self.cleaned_form.cleaned_data}

    @classmethod
    def execute_action(cls, objects, user=None, status=None, not_proceeding_reason=None):
        reason = not_proceeding_reason if status == EnquiryStatus.NOT_PROCEEDING else None
        for submission in objects:
            changed = []
            if submission.status != status:
                submission.status = status
                changed.append("status")
            if submission.not_proceeding_reason != reason:
                submission.not_proceeding_reason = reason
                changed.append("not_proceeding_reason")
            record_outcome(submission, user, changed)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        status = EnquiryStatus(self.cleaned_form.cleaned_data["status"]).label
        return ngettext(
            "%(count)d request set to “%(status)s”.",
            "%(count)d requests set to “%(status)s”.",
            num_parent_objects,
        ) % {"count": num_parent_objects, "status": status}


class SubjectAccessForm(forms.Form):
    email = forms.EmailField(label="The patient's email address", max_length=254)


class SubjectAccessView(WagtailAdminTemplateMixin, TemplateView):
    """Find everything held for an email, export it (CSV, JSON) or erase it after a confirmation.

    Every step is a POST: the address stays out of URLs, and so out of server logs.
    """

    template_name = "enquiries/admin/subject_access.html"
    page_title = "Subject access and erasure"
    header_icon = "user"
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(HANDLE_ENQUIRIES):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": "Home"},
            {"url": reverse("consultationsubmission:index"), "label": "Enquiries"},
            {"url": "", "label": self.page_title},
        ]

    def get(self, request):
        return self.render_to_response(self.get_context_data(form=SubjectAccessForm()))

    def post(self, request):
        form = SubjectAccessForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        email, action = form.cleaned_data["email"], request.POST.get("action", "find")
        if action in {"json", "csv"}:
            content_type = "text/csv" if action == "csv" else "application/json"
            response = HttpResponse(
                subject_access.export(email, action, user=request.user), content_type=content_type
            )
            response["Content-Disposition"] = f'attachment; filename="subject-access.{action}"'
            response["Cache-Control"] = "private, no-store"
            return response
        if action == "erase" and request.POST.get("confirmed") == "yes":
            count = subject_access.erase(email, user=request.user)
            messages.success(request, f"Erased {count} request(s) and their notes.")
            return redirect("consultationsubmission:subject_access")
        held = list(subject_access.requests_for(email))
        return self.render_to_response(
            self.get_context_data(form=form, held=held, confirming_erase=action == "erase")
        )


class NotProceedingReasonDeleteView(generic.DeleteView):
    """A reason recorded on requests stays (their outcome would lose its why): say so."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError as error:
            count = len(error.protected_objects)
            messages.error(
                self.request,
                f"“{self.object}” is the reason recorded on {count} request(s): it cannot be "
                "deleted. Rename it instead.",
            )
            return redirect(self.index_url_name)


class NotProceedingReasonViewSet(ModelViewSet):
    """The patient team's list of reasons (Settings menu): Wagtail's model permissions."""

    model = NotProceedingReason
    delete_view_class = NotProceedingReasonDeleteView
    icon = "list-ul"
    menu_label = "Reasons for not proceeding"
    add_to_settings_menu = True
    form_fields = ["name"]
    list_display = ["name"]
    inspect_view_enabled = False
    copy_view_enabled = False
