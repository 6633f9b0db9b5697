from django.conf import settings
from django.urls import include, path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from .search import search
from .sitemap import PageSitemap
from .views import favicon, health_check

urlpatterns = [
    path(settings.WAGTAILADMIN_PATH_PREFIX.lstrip("/"), include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": PageSitemap}}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(
            template_name="robots.txt",
            content_type="text/plain",
            extra_context={"admin_prefix": settings.WAGTAILADMIN_PATH_PREFIX},
        ),
        name="robots_txt",
    ),
    path("search/", search, name="search"),
    # "Was this page helpful?" (pages/feedback), included by name: site machinery imports no app.
    path("feedback/", include("pages.feedback.urls")),
    # The phone header's menu without JavaScript (templates/includes/header.html).
    path("menu/", TemplateView.as_view(template_name="navigation/menu.html"), name="menu"),
    path("healthz/", health_check, name="health_check"),
    path("favicon.ico", favicon),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
