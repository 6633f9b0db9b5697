import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.models import Site

from news.models import NewsArticlePage

register = template.Library()

# The characters Django's json_script escapes, so that JSON can never close its <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.inclusion_tag("news/includes/latest_news.html", takes_context=True)
def latest_news(context, count=3):
    """The site's newest articles under a 'Latest News' heading; nothing when there are none."""
    request = context.get("request")
    site = Site.find_for_request(request)
    articles = []
    if site:
        articles = list(
            NewsArticlePage.objects.in_site(site).published().newest_first().for_listing()[:count]
        )
    return {
        "request": request,
        "articles": articles,
        "index_url": articles[0].get_index_url(request) if articles else None,
    }


@register.simple_tag
def json_ld(data):
    """`data` as a JSON-LD script element, escaped like Django's json_script."""
    payload = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308
