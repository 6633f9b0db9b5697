"""Admin menu items shared by several apps: shown only to the people who may use them."""

from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail.permissions import policy_registry


class PageEditorsMenuItem(MenuItem):
    """Shown only to people who may edit pages: the page listings refuse everyone else."""

    def is_shown(self, request):
        return policy_registry.get_by_type(Page).user_has_any_permission(
            request.user, {"add", "change", "publish"}
        )


class PermissionMenuItem(MenuItem):
    """Shown only to people who hold `permission` (the view behind it checks it too)."""

    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)
