"""Page models and site settings, one module per area; import them from `pages.models`."""

from .general import HomePage, StandardPage
from .settings import ClinicSettings

__all__ = ["ClinicSettings", "HomePage", "StandardPage"]
from .consultation import ConsultationFormField, ConsultationFormPage, ConsultationSubmission

__all__ += ["ConsultationFormField", "ConsultationFormPage", "ConsultationSubmission"]
