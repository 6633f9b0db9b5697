from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.frontend_cache.apps import WagtailFrontendCacheAppConfig


class ClinicSiteConfig(AppConfig):
    """Site-wide machinery: caching, search, SEO, security headers, image renditions."""

    name = "clinic_site"
    verbose_name = "Clinic site"
    # This module holds two configs: Django picks this one for "clinic_site".
    default = True

    def ready(self):
        from wagtail.contrib.search_promotions.models import SearchPromotion
        from wagtail.images import get_image_model
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .caching import (
            purge_all,
            purge_if_site_wide_content,
            purge_moved_page_from_frontend_cache,
            purge_page_from_frontend_cache,
            purge_site_wide_content_from_frontend_cache,
        )
        from .images import prerender_after_save

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(purge_all, dispatch_uid=f"page-cache-purge-{signal!r}")
        post_save.connect(purge_if_site_wide_content, dispatch_uid="page-cache-purge-save")
        post_delete.connect(purge_if_site_wide_content, dispatch_uid="page-cache-purge-delete")
        # Search keeps the list of promoted searches (clinic_site.search) until content changes.
        for signal in (post_save, post_delete):
            signal.connect(
                purge_all, sender=SearchPromotion, dispatch_uid=f"search-promotions-{signal!r}"
            )

        for signal in (page_published, page_unpublished):
            signal.connect(
                purge_page_from_frontend_cache, dispatch_uid=f"frontend-cache-purge-{signal!r}"
            )
        post_page_move.connect(
            purge_moved_page_from_frontend_cache, dispatch_uid="frontend-cache-purge-move"
        )
        for signal in (post_save, post_delete):
            signal.connect(
                purge_site_wide_content_from_frontend_cache,
                dispatch_uid=f"frontend-cache-purge-{signal!r}",
            )

        post_save.connect(
            prerender_after_save, sender=get_image_model(), dispatch_uid="prerender-renditions"
        )


class FrontendCacheConfig(WagtailFrontendCacheAppConfig):
    """wagtail.contrib.frontend_cache without its signal handlers, which purge only the
    published page: ClinicSiteConfig connects clinic_site.caching's, which purge every URL a
    change alters."""

    def ready(self):
        pass
