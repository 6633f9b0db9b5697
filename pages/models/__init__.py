"""Page models and site settings, one module per area; import them from `pages.models`."""

from .general import HomePage, StandardPage
from .settings import ClinicSettings

__all__ = ["ClinicSettings", "HomePage", "StandardPage"]
