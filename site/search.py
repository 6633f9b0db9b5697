"""Site search: /search/ over live public pages, with editors' promoted results first."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import F, Q
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

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
        count_hit(query_string)
        promotions = list(
            SearchPromotion.objects.filter(query__query_string=normalise_query_string(query_string))
            .select_related("page")
            .filter(Q(page__isnull=True) | Q(page__live=True))
        )
        # Specific pages straight from the search, in its order: a query per page type shown.
        matches = Page.objects.live().public().exclude(depth__lte=1).specific()
        results_page = Paginator(matches.search(query_string), RESULTS_PER_PAGE).get_page(
            request.GET.get("page")
        )
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


def count_hit(query_string):
    """Wagtail's `Query.get(query_string).add_hit()` (the editors' popular searches report),
    in one query when the search was already made today (Wagtail's takes three)."""
    today = timezone.now().date()
    counted = QueryDailyHits.objects.filter(
        query__query_string=normalise_query_string(query_string), date=today
    ).update(hits=F("hits") + 1)
    if not counted:
        Query.get(query_string).add_hit(today)
