"""Spreadsheet exports of consultation requests that a spreadsheet cannot turn into a formula.

Kept apart from the admin module, which imports the models: the form page names its
submissions listing from here.
"""

from wagtail.contrib.forms.views import SubmissionsListView

# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class FormulaSafeExportMixin:
    """Prefix any exported cell (and heading: labels are typed by editors) that could run."""

    def preprocess_field_value(self, field, value, export_format):
        return neutralise_formula(super().preprocess_field_value(field, value, export_format))

    def get_heading(self, queryset, field):
        return neutralise_formula(super().get_heading(queryset, field))


class ConsultationSubmissionsListView(FormulaSafeExportMixin, SubmissionsListView):
    pass
