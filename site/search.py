"""Site search: /search/ over live public pages, with editors' promoted results first."""

from functools import cache
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, OuterRef, Q, Subquery, TextField, Value, Window
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import Page, get_page_models
from wagtail.search.utils import normalise_query_string

from .caching import cached_until_content_changes
from .routing import without_restricted
from .templatetags.seo_tags import DESCRIPTION_FIELDS

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
        normalised = normalise_query_string(query_string)
        count_hit(normalised)
        if normalised in promoted_query_strings():
            promotions = list(
                SearchPromotion.objects.filter(query__query_string=normalised)
                .select_related("page")
                .filter(Q(page__isnull=True) | Q(page__live=True))
            )
        # The descriptions and the number of matches ride on the results query.
        matches = (
            without_restricted(Page.objects.live())
            .exclude(depth__lte=1)
            .annotate(**description_annotations(), matches_in_all=Window(Count("pk")))
            .search(query_string)
        )
        results_page = page_of(matches, request.GET.get("page"))
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


def page_of(matches, number):
    """Django's `Paginator.get_page(number)`, in one query when the page exists: its count is
    read from the page's own rows (`matches_in_all`, COUNT(*) OVER () before the LIMIT).

    A page number that is not a whole number or finds no rows (past the end, or no match at
    all) goes through `get_page()` as it is, with its separate count.
    """
    paginator = Paginator(matches, RESULTS_PER_PAGE)
    try:
        wanted = int(number or 1)
    except ValueError:
        wanted = 0
    if wanted >= 1:
        rows = list(matches[(wanted - 1) * RESULTS_PER_PAGE : wanted * RESULTS_PER_PAGE])
        if rows:
            paginator.count = rows[0].matches_in_all  # a cached_property: set, not computed
            results_page = paginator.page(wanted)
            results_page.object_list = rows
            return results_page
    return paginator.get_page(number)


def promoted_query_strings():
    """The searches editors have promoted results for, kept until content changes (a
    promotion's save or delete purges, clinic_site.apps): most searches need no query for them."""
    return cached_until_content_changes(
        "search:promoted-query-strings",
        lambda: frozenset(
            Query.objects.filter(editors_picks__isnull=False).values_list("query_string", flat=True)
        ),
    )


def count_hit(normalised_query_string):
    """Wagtail's `Query.get(query_string).add_hit()` (the editors' popular searches report),
    in one statement when the search was already made today (Wagtail's takes three).

    Written in SQL because the ORM's UPDATE through a join cost more CPU than the whole
    database write on every search."""
    today = timezone.now().date()
    with connection.cursor() as cursor:
        cursor.execute(COUNT_HIT_SQL, [today, normalised_query_string])
        counted = cursor.rowcount
    if not counted:
        Query.get(normalised_query_string).add_hit(today)


_HITS_TABLE = connection.ops.quote_name(QueryDailyHits._meta.db_table)
_QUERIES_TABLE = connection.ops.quote_name(Query._meta.db_table)
# Only the table names are formatted in, from the models; the values are parameters.
COUNT_HIT_SQL = (
    f"UPDATE {_HITS_TABLE} SET hits = hits + 1 WHERE date = %s AND query_id = "  # noqa: S608
    f"(SELECT id FROM {_QUERIES_TABLE} WHERE query_string = %s)"
)


@cache
def description_annotations():
    """The fields `{% meta_description %}` reads that the page table lacks, each the first of
    the page types' columns that declare it: one subquery per page type (built once: page
    types are fixed at start-up).

    A result needs its title, URL and description; Wagtail's specific() would fetch every
    field with a query per page type on the results page. Not LEFT JOINs to the page types'
    tables: PostgreSQL plans those around the full-text match so badly that searching the
    demo for "clot" took 420 ms in the database instead of 4.
    """
    annotations = {}
    for field in DESCRIPTION_FIELDS:
        declaring = [
            model
            for model in get_page_models()
            if field in {local.name for local in model._meta.local_fields}
        ]
        if declaring and not hasattr(Page, field):
            annotations[field] = Coalesce(
                *[
                    # order_by(): the page types' default ordering (by path) would join the
                    # page table into every subquery for nothing.
                    Subquery(model.objects.filter(pk=OuterRef("pk")).order_by().values(field)[:1])
                    for model in declaring
                ],
                Value(""),
                output_field=TextField(),
            )
    return annotations
