"""Serving pages in a constant, small number of queries.

Wagtail's defaults cost a query for the Site, two per URL level (the child, then its specific
model) and two for the view-restriction check. Here the Site and its specific root page come
from the cache (SiteFromCacheMiddleware), so do the home page's children, the site's sections
(CachedChildrenRouteMixin); an index page finds its child and whether any view restriction
applies in one query (with no restriction subquery when the site has no restriction at all).
So a condition page renders in at most 10 queries however much content it has
(tests/pages/test_condition_query_counts.py), and one once its fragments are cached
(tests/site/test_query_budgets.py).
"""

import operator
from functools import reduce

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, Value
from django.http.request import split_domain_port
from wagtail.coreutils import resolve_model_string
from wagtail.models import PageViewRestriction, Site

from .caching import cached_until_content_changes


class SiteFromCacheMiddleware:
    """Wagtail looks the Site up with a query on every request; here it comes from the cache.

    Site.find_for_request() keeps what it found in `request._wagtail_site` (documented there);
    this sets it first, with the same lookup kept until content changes (saving or deleting a
    Site purges, site/caching.py). After the Host header check, so only allowed hosts are keys.
    The admin, which edits what is cached here, keeps Wagtail's own lookup.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(settings.WAGTAILADMIN_PATH_PREFIX):
            return self.get_response(request)
        hostname = split_domain_port(request.get_host())[0]
        port = request.get_port()

        def find_site():
            site = Site._find_for_request(request)
            if site is not None:
                # Routing starts from the specific root page: kept with the Site, no query.
                site.root_page = site.root_page.specific
            return site

        request._wagtail_site = cached_until_content_changes(f"site:{hostname}:{port}", find_site)
        return self.get_response(request)


def self_and_ancestor_paths(page):
    return [page.path[:end] for end in range(page.steplen, len(page.path) + 1, page.steplen)]


def restricted_paths():
    """The tree paths of the pages with a view restriction (each covers its descendants), kept
    until content changes: a restriction's save or delete is one (clinic_site.caching)."""
    return cached_until_content_changes(
        "view-restricted-paths",
        lambda: sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True))),
    )


def without_restricted(pages):
    """Wagtail's `pages.public()` (no page with a view restriction, nor below one) without its
    query."""
    paths = restricted_paths()
    if not paths:
        return pages
    return pages.exclude(reduce(operator.or_, (Q(path__startswith=path) for path in paths)))


class OneQueryViewRestrictionsMixin:
    """The restrictions on this page and its ancestors in one query (Wagtail's takes two).

    Aliases have no restrictions of their own: an alias (or an alias ancestor) is governed by
    its source page's restrictions, hence the `page__aliases` half of the filter. When routing
    has already established that nothing applies, no query at all.
    """

    view_restrictions_known_absent = False

    def get_view_restrictions(self):
        if self.view_restrictions_known_absent:
            return PageViewRestriction.objects.none()
        paths = self_and_ancestor_paths(self)
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths) | Q(page__aliases__path__in=paths)
        ).distinct()


class SpecificChildRouteMixin:
    """Routes to a child of `child_model` in one query, with `child_select_related` joined in.

    Any other kind of child (there should be none) falls back to Wagtail's own route().
    """

    child_model = ""  # "app_label.ModelName"
    child_select_related = ()

    def route(self, request, path_components):
        if path_components:
            child = (
                resolve_model_string(self.child_model)
                .objects.child_of(self)
                .select_related(*self.child_select_related)
                .annotate(is_restricted=child_is_restricted(self))
                .filter(slug=path_components[0])
                .first()
            )
            if child is not None:
                return route_to_child(self, child, request, path_components)
        return super().route(request, path_components)


class CachedChildrenRouteMixin:
    """Routes to a child kept in the cache, for a page with few children of several types
    (the home page: the site's sections). They change only on the publish, move or delete
    that purges the cache, so most requests route through this level with no query.
    """

    def route(self, request, path_components):
        if path_components:
            children = cached_until_content_changes(f"children:{self.pk}", self._children_by_slug)
            child = children.get(path_components[0])
            if child is not None:
                return route_to_child(self, child, request, path_components)
        return super().route(request, path_components)

    def _children_by_slug(self):
        children = self.get_children().annotate(is_restricted=child_is_restricted(self))
        return {child.slug: child for child in children.specific()}


def child_is_restricted(parent):
    """An annotation for the children of `parent`: does any view restriction apply to them?
    Simply False when the site has none (most have none: no subquery to build or run)."""
    if not restricted_paths():
        return Value(False)
    paths = self_and_ancestor_paths(parent)
    return Exists(
        PageViewRestriction.objects.filter(
            Q(page__path__in=paths)
            | Q(page__aliases__path__in=paths)
            | Q(page_id=OuterRef("pk"))
            | Q(page_id=OuterRef("alias_of_id"))
        )
    )


def route_to_child(parent, child, request, path_components):
    child.view_restrictions_known_absent = not child.is_restricted
    # As Wagtail's own route() does: saves a query in get_parent() (breadcrumbs).
    child._cached_parent_obj = parent
    return child.route(request, path_components[1:])


def breadcrumb_pages(page):
    """The live pages above `page`, from the home page down.

    Walks up through get_parent(), which costs nothing when Wagtail's routing has already
    cached each parent on its child.
    """
    ancestors = []
    while page.depth > 2:
        page = page.get_parent()
        ancestors.insert(0, page)
    return [ancestor for ancestor in ancestors if ancestor.live]
