from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ClinicSiteConfig(AppConfig):
    """Site-wide machinery: caching, search, SEO, security headers, image renditions."""

    name = "clinic_site"
    verbose_name = "Clinic site"

    def ready(self):
        from wagtail.images import get_image_model
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .caching import purge_all, purge_if_site_wide_content
        from .images import prerender_after_save

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(purge_all, dispatch_uid=f"page-cache-purge-{signal!r}")
        post_save.connect(purge_if_site_wide_content, dispatch_uid="page-cache-purge-save")
        post_delete.connect(purge_if_site_wide_content, dispatch_uid="page-cache-purge-delete")
        post_save.connect(
            prerender_after_save, sender=get_image_model(), dispatch_uid="prerender-renditions"
        )
