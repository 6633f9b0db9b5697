"""The site's URLs plus the benchmark's floor: a bare view returning a fixed 20 KB page, and the
demo's pictures served from MEDIA_ROOT (production's media bucket, here on the same host)."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import path, re_path
from django.views.static import serve

from clinic_site.urls import urlpatterns as site_urlpatterns

PARAGRAPH = "<p>The quick brown fox jumps over the lazy dog, again and again.</p>\n"
FLOOR_HTML = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floor</title></head><body>'
    + PARAGRAPH * (20 * 1024 // len(PARAGRAPH))
    + "</body></html>"
)


def floor(request):
    return HttpResponse(FLOOR_HTML)


urlpatterns = [
    path("bench-floor/", floor),
    re_path(
        r"^{}(?P<path>.*)$".format(settings.MEDIA_URL.lstrip("/")),
        serve,
        {"document_root": settings.MEDIA_ROOT},
    ),
    *site_urlpatterns,
]
