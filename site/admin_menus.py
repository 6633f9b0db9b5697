"""Admin menu items shared by the page listings of several apps."""

from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail.permissions import policy_registry


class PageEditorsMenuItem(MenuItem):
    """Shown only to people who may edit pages: the page listings refuse everyone else."""

    def is_shown(self, request):
        return policy_registry.get_by_type(Page).user_has_any_permission(
            request.user, {"add", "change", "publish"}
        )
