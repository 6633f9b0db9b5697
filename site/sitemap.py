"""/sitemap.xml: Wagtail's sitemap without a query per page type or for view restrictions."""

from wagtail.contrib.sitemaps import Sitemap

from .routing import without_restricted


class PageSitemap(Sitemap):
    """Wagtail's items(): the site's live, public pages in tree order, as their specific class
    with the fields every page has (URL, dates) alone, so a page type that overrides
    get_sitemap_urls() is still asked, without a query per page type (Wagtail's fetches every
    field); the restricted pages are left out by their cached paths rather than public()'s query."""

    def items(self):
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True).live()
        return without_restricted(pages).order_by("path").specific(defer=True)
