"""Search and sharing metadata for the base template: description, canonical URL, share image."""

from django import template
from django.templatetags.static import static
from django.utils.text import Truncator

from clinic_site.images import SHARE_IMAGE_SPEC

register = template.Library()

# Fields that describe a page, most specific first; the first non-empty one is used.
DESCRIPTION_FIELDS = ("search_description", "summary", "intro")
SHARE_IMAGE_FIELDS = ("hero_image", "listing_image", "photo")


@register.simple_tag
def meta_description(page):
    for field in DESCRIPTION_FIELDS:
        value = getattr(page, field, "")
        if value:
            return Truncator(" ".join(str(value).split())).chars(160)
    return ""


@register.simple_tag(takes_context=True)
def canonical_url(context, page):
    request = context.get("request")
    if page is not None and getattr(page, "url", None):
        return page.get_full_url(request)
    return request.build_absolute_uri(request.path) if request else ""


@register.simple_tag(takes_context=True)
def share_image_url(context, page):
    """Absolute URL of a 1200x630 share image: the page's own picture, or the site default."""
    request = context["request"]
    for field in SHARE_IMAGE_FIELDS:
        image = getattr(page, field, None)
        if image is not None:
            return request.build_absolute_uri(image.get_rendition(SHARE_IMAGE_SPEC).url)
    return request.build_absolute_uri(static("img/share-default.png"))
