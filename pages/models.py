"""Every model of the pages app, for Django to register: each is defined in its domain's package.

clinic/      HomePage, StandardPage, ClinicSettings
conditions/  ConditionIndexPage, ConditionPage (+ its relations), SpecialistIndexPage, SpecialistPage
enquiries/   ConsultationFormPage, ConsultationFormField, ConsultationSubmission (+ its proxy
             EnquirySourceCounts, for the sources report); the desk's NotProceedingReason and
             EnquiryNote
feedback/    PageFeedback ('Was this page helpful?')
reviews/     ClinicalReviewTask
treatments/  TreatmentIndexPage, TreatmentPage (+ its relations)
"""

from .clinic.models import ClinicSettings, HomePage, StandardPage
from .conditions.models import (
    ConditionIndexPage,
    ConditionPage,
    ConditionPageRelatedCondition,
    ConditionPageSpecialist,
)
from .conditions.specialists import SpecialistIndexPage, SpecialistPage
from .enquiries.desk import EnquiryNote, NotProceedingReason
from .enquiries.models import (
    ConsultationFormField,
    ConsultationFormPage,
    ConsultationSubmission,
    EnquirySourceCounts,
)
from .feedback.models import PageFeedback
from .reviews.models import ClinicalReviewTask
from .treatments.models import (
    TreatmentIndexPage,
    TreatmentPage,
    TreatmentPageCondition,
    TreatmentPageSpecialist,
)

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
    "EnquirySourceCounts",
    "EnquiryNote",
    "HomePage",
    "NotProceedingReason",
    "PageFeedback",
    "SpecialistIndexPage",
    "SpecialistPage",
    "StandardPage",
    "TreatmentIndexPage",
    "TreatmentPage",
    "TreatmentPageCondition",
    "TreatmentPageSpecialist",
]
