"""/sitemap.xml: Wagtail's sitemap without a query per page type."""

from wagtail.contrib.sitemaps import Sitemap


class PageSitemap(Sitemap):
    """Wagtail's sitemap needs only the fields every page has (URL, dates), so each page is
    its specific class with those fields alone: a page type that overrides get_sitemap_urls()
    is still asked, without a query per page type (Wagtail's items() fetches every field)."""

    def items(self):
        return super().items().specific(defer=True)
