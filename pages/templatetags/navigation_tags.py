from django import template
from wagtail.models import Site

from clinic_site.caching import cached_until_content_changes

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu_pages(context):
    """Live, public children of the site's root page that editors marked 'show in menus'."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []

    def menu_pages():
        # Excluding restricted pages with a join, rather than .public(), saves a query.
        return list(
            site.root_page.get_children().live().in_menu().filter(view_restrictions__isnull=True)
        )

    # The menu only changes when pages are published, moved or deleted: the same events that
    # retire the page cache, so it is kept in the cache under the same version.
    return cached_until_content_changes(f"main-menu:{site.id}", menu_pages)


@register.filter
def is_within(page, menu_page):
    """True when `page` is `menu_page` or one of its descendants (for aria-current)."""
    return bool(page and getattr(page, "url_path", "").startswith(menu_page.url_path))
