from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Clinic pages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.images import get_image_model
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .images import prerender_after_save
        from .page_cache import purge_all, purge_if_site_wide_content

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(purge_all, dispatch_uid=f"page-cache-purge-{signal!r}")
        post_save.connect(purge_if_site_wide_content, dispatch_uid="page-cache-purge-save")
        post_delete.connect(purge_if_site_wide_content, dispatch_uid="page-cache-purge-delete")
        post_save.connect(
            prerender_after_save, sender=get_image_model(), dispatch_uid="prerender-renditions"
        )
