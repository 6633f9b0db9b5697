"""Page models and site settings, one module per area; import them from `pages.models`."""

from .conditions import (
    ConditionIndexPage,
    ConditionPage,
    ConditionPageRelatedCondition,
    ConditionPageSpecialist,
)
from .general import HomePage, StandardPage
from .settings import ClinicSettings
from .specialists import SpecialistIndexPage, SpecialistPage

__all__ = [
    "ClinicSettings",
    "ConditionIndexPage",
    "ConditionPage",
    "ConditionPageRelatedCondition",
    "ConditionPageSpecialist",
    "HomePage",
    "SpecialistIndexPage",
    "SpecialistPage",
    "StandardPage",
]
