"""Page models and site settings, one module per area; import them from `pages.models`."""

from .conditions import (
    ConditionIndexPage,
    ConditionPage,
    ConditionPageRelatedCondition,
    ConditionPageSpecialist,
)
from .consultation import ConsultationFormField, ConsultationFormPage, ConsultationSubmission
from .general import HomePage, StandardPage
from .reviews import ClinicalReviewTask
from .settings import ClinicSettings
from .specialists import SpecialistIndexPage, SpecialistPage

__all__ = [
    "ClinicalReviewTask",
    "ClinicSettings",
    "ConditionIndexPage",
    "ConditionPage",
    "ConditionPageRelatedCondition",
    "ConditionPageSpecialist",
    "ConsultationFormField",
    "ConsultationFormPage",
    "ConsultationSubmission",
    "HomePage",
    "SpecialistIndexPage",
    "SpecialistPage",
    "StandardPage",
]
