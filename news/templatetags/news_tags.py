from django import template
from wagtail.models import Site

from news.models import NewsArticlePage

register = template.Library()


@register.inclusion_tag("news/includes/latest_news.html", takes_context=True)
def latest_news(context, condition=None, count=3):
    """The site's newest articles under a 'Latest News' heading; nothing when there are none.

    Given a condition page, articles related to it come first, then the newest of the rest.
    """
    request = context.get("request")
    site = Site.find_for_request(request)
    articles = []
    if site:
        queryset = NewsArticlePage.objects.in_site(site).published()
        # A condition being previewed before its first save has no articles yet.
        if condition is not None and condition.pk:
            queryset = queryset.preferring(related_conditions=condition)
        else:
            queryset = queryset.newest_first()
        articles = list(queryset.for_listing()[:count])
    return {
        "request": request,
        "articles": articles,
        "index_url": articles[0].get_index_url(request) if articles else None,
    }
