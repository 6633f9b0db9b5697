from django import template
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu_pages(context):
    """Live, public children of the site's root page that editors marked 'show in menus'."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    # Excluding restricted pages with a join, rather than .public(), saves a query on every page.
    return list(
        site.root_page.get_children().live().in_menu().filter(view_restrictions__isnull=True)
    )


@register.filter
def is_within(page, menu_page):
    """True when `page` is `menu_page` or one of its descendants (for aria-current)."""
    return bool(page and getattr(page, "url_path", "").startswith(menu_page.url_path))
