"""Site search: /search/ over live public pages, with editors' promoted results first."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Q
from django.template.response import TemplateResponse
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 100


def search(request):
    """Site search over live public pages, editors' promoted results first.

    The box sends `query`; `q`, which people and other sites type by habit, works too.
    """
    typed = request.GET.get("query") or request.GET.get("q", "")
    query_string = " ".join(typed.split())[:MAX_QUERY_LENGTH]
    promotions = []
    results_page = None
    if query_string:
        query = Query.get(query_string)
        query.add_hit()
        promotions = list(
            query.editors_picks.select_related("page").filter(
                Q(page__isnull=True) | Q(page__live=True)
            )
        )
        matches = Page.objects.live().public().exclude(depth__lte=1).search(query_string)
        results_page = Paginator(matches, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        # One query for the specific pages of this results page, in the search's order.
        specific = Page.objects.filter(id__in=[p.id for p in results_page]).specific().in_bulk()
        results_page.object_list = [specific[p.id] for p in results_page if p.id in specific]
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "query": query_string,
            "promotions": promotions,
            "results": results_page,
            "pagination_query": urlencode({"query": query_string}),
        },
    )
