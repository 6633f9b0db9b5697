"""Caching, in one place. The policy:

What is cached, and for whom
- Whole public pages, for anonymous visitors (AnonymousPageCacheMiddleware): GET and HEAD
  without a session cookie or Authorization header, outside PAGE_CACHE_EXCLUDED_PREFIXES (the
  admin, documents, health check, search, static and media), answered 200 as HTML or XML (the
  sitemap, the news feed), setting no cookie and not marked `private`, `no-store` or max-age 0
  (the booking form and its thank-you page are). A copy is kept per canonical host (no port)
  and per value of PAGE_CACHE_QUERY_PARAMETERS, the query parameters cached pages read; any
  other parameter (junk, cache-busters) shares the page's one copy. A page that reads a new
  parameter adds it there (tests/site/test_page_cache.py checks).
  Parameters declared with link_parameter() (the campaign tags that booking links carry) are
  part of the key once cleaned, and of every fragment's key: an invalid value is dropped and
  shares the untagged copy, so one visitor's campaign never appears in another's page.
  Search results (/search/) are never cached: the index updates after a publish, in a task.
  Lifetime: PAGE_CACHE_SECONDS (0 turns it off).
- Template fragments until content changes ({% cache_until_content_changes %} and
  cached_until_content_changes()): every page's meta tags, header and footer, the home page's
  content, a condition page's article and JSON-LD, the news listing per topic and page, Latest
  News, menus, the unsent booking form on its own page and embedded in condition pages (one
  copy per link's pre-filled values, its per-visitor fields punched out, as below); and
  objects every request needs: the Site for a host with its root page, the home page's
  children (routing), ClinicSettings. Lifetime: FRAGMENT_CACHE_SECONDS as a backstop.
- Per-visitor values inside cached HTML are never shared: the CSRF token and every hidden field
  a form declares with per_visitor_field() are punched out before storing and filled in fresh
  on each hit.

What a CDN or proxy in front may keep (the Cache-Control this middleware sends)
- Shared: a response the page cache would keep (the rule above, written once) whose HTML holds
  no per-visitor value gets `public, max-age=CDN_MAX_AGE, s-maxage=CDN_SHARED_MAX_AGE,
  stale-while-revalidate=CDN_STALE_WHILE_REVALIDATE`, `Vary: Cookie` and an ETag (a hash of
  the HTML, kept with the page-cache entry), so a conditional request is answered 304 from the
  cache without rendering. Browsers keep a page briefly (they cannot be purged); the CDN longer,
  because every change purges it; stale-while-revalidate lets the CDN answer at once while it
  fetches an expired copy, so a popular page's expiry never sends a burst to the servers.
- Private: everything else: `private, no-store` unless the view said otherwise (the admin
  does). That covers visitors with a session, search, documents, the feedback endpoints, 404s
  and redirects, and every page that embeds a form with a CSRF token or a per_visitor_field():
  a shared copy would hand one visitor's token to the next. Condition pages embed the booking
  form, so a CDN never keeps them (the page cache still does). The "Was this page helpful?"
  form carries no CSRF token (pages/feedback/views.py says why), so treatment and news pages
  are shared.
- What the CDN sees: a request carrying the session cookie or Authorization must bypass the
  CDN (tools/varnish/clinic.vcl does; docs/scaling.md has the Cloudflare and CloudFront
  settings); `Vary: Cookie` keeps a standards-following cache from answering it with the
  anonymous copy even when it is not told to.

What purges it
- Any publish, unpublish, move or delete of a page, and any save or delete of a page's view
  restriction (its privacy), a site setting, snippet, Site or search promotion, bumps one
  version number that every entry is stored with (and read with, in the same round trip),
  retiring all of it at once:
  menus, "Latest News" and the footer appear on every page, so a narrower purge would serve
  stale pages. The signals are connected in clinic_site.apps.
- The CDN (wagtail.contrib.frontend_cache, configured by WAGTAILFRONTENDCACHE; none in dev) is
  purged of every URL whose HTML the change alters, by a task on the default queue
  (purge_frontend_cache): a publish or unpublish purges the page, its ancestors (index pages
  list their children; the home page shows Latest News), the pages it links to and those
  linking to it (Wagtail's reference index: related conditions, treatments, specialists), the
  pages its model names in `pages_showing_this()` (news: Latest News and "more news"), its
  descendants (breadcrumbs) and the sitemap. A top-level page (the main menu lists them: this
  publish may have added or removed one), a move, a delete, a privacy, setting or snippet
  change every page:
  every live page is purged, with the sitemap and /menu/, and a move or delete also purges the
  old addresses. Query-string variants (/news/?page=2) are purged only where a page lists them
  in get_cached_paths(); the rest expire after CDN_SHARED_MAX_AGE.
"""

import hashlib
import re
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Q
from django.db.models.signals import post_delete
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.middleware.csrf import get_token
from django.utils.cache import (
    get_conditional_response,
    get_max_age,
    patch_cache_control,
    patch_vary_headers,
)
from django_tasks import task
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site
from wagtail.snippets.models import get_snippet_models

from .cache_backend import CacheUnavailable

VERSION_KEY = "page-cache:version"
HIDDEN_FIELD = re.compile(
    r'(<input type="hidden" name="(?P<name>[\w-]+)" value=")(?P<value>[^"]*)(")'
)
PLACEHOLDER = "\x00page-cache:{}\x00"
# A backstop only: a purge retires cached content at once by changing the version.
CONTENT_CACHE_SECONDS = 60 * 60
STORED_HEADERS = ("Content-Type", "Content-Language", "Cache-Control")
# Pages, the sitemap and the news feed (pages/, wagtail.contrib.sitemaps, news/feeds.py).
CACHEABLE_CONTENT_TYPES = ("text/html", "application/xml", "application/atom+xml")


# name -> callable(request) giving a fresh value; the CSRF token is always one of them.
PER_VISITOR_FIELDS = {"csrfmiddlewaretoken": get_token}


def per_visitor_field(name, make_value):
    """Declare a hidden form field whose value must differ for every visitor of a cached page."""
    PER_VISITOR_FIELDS[name] = make_value


# name -> callable(value) giving the value pages render, or "" to ignore it.
LINK_PARAMETERS = {}


def link_parameter(name, clean):
    """Declare a query parameter that pages copy into their links (e.g. campaign tags)."""
    LINK_PARAMETERS[name] = clean


def link_parameters(request):
    """The request's declared link parameters, cleaned, invalid ones dropped, sorted by name."""
    cleaned = ((name, clean(request.GET.get(name, ""))) for name, clean in LINK_PARAMETERS.items())
    return sorted((name, value) for name, value in cleaned if value)


def punch_per_visitor_fields(html):
    """HTML to cache: each per-visitor hidden field's value replaced by a placeholder."""

    def punch(match):
        if match.group("name") not in PER_VISITOR_FIELDS:
            return match.group(0)
        return match.group(1) + PLACEHOLDER.format(match.group("name")) + match.group(4)

    return HIDDEN_FIELD.sub(punch, html)


def fill_per_visitor_fields(html, request):
    """Cached HTML for this visitor: a fresh value in each per-visitor field's placeholder."""
    for name, make_value in PER_VISITOR_FIELDS.items():
        placeholder = PLACEHOLDER.format(name)
        while placeholder in html:
            html = html.replace(placeholder, make_value(request), 1)
    return html


# True when a purge could not reach the cache: this process purges again before its next read,
# so a page published while Redis was down is not served stale once Redis is back.
_purge_owed = False


def purge_all(**kwargs):
    """Retire every cached page (connected to publish/unpublish/move/delete/settings signals)."""
    global _purge_owed
    try:
        cache.incr(VERSION_KEY)
    except CacheUnavailable:
        _purge_owed = True
        return
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)
    _purge_owed = False


def is_site_wide_content(sender, instance, signal):
    """A deleted page, a page's privacy, or a site setting, snippet or Site: what changes every
    page's HTML (a private page leaves menus, listings and the sitemap, and must stop being
    served from a copy kept while it was public)."""
    return (
        (signal is post_delete and isinstance(instance, Page))
        or isinstance(instance, BaseSiteSetting | BaseGenericSetting | Site | PageViewRestriction)
        or sender in get_snippet_models()
    )


def purge_if_site_wide_content(sender, instance, signal, **kwargs):
    """Purge when a page is deleted, or a view restriction, site setting, snippet or Site is
    saved or deleted."""
    if is_site_wide_content(sender, instance, signal):
        purge_all()


def canonical_host(request):
    """The host a page is cached under: lower case, without a port (one copy per site)."""
    host, _ = split_domain_port(request.get_host())
    return host.lower()


def _get_current(key):
    """(the content version, the (version, value) entry at `key` if it is current, else None).

    One round trip: entries are stored with the version they were made under and read with
    the current one, so a purge retires every entry without touching it.
    """
    if _purge_owed:
        purge_all()
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        version = cache.get_or_set(VERSION_KEY, 1, timeout=None)
    entry = found.get(key)
    return version, entry if entry is not None and entry[0] == version else None


def cached_until_content_changes(key, compute, timeout=CONTENT_CACHE_SECONDS):
    """`compute()`, kept in the cache until the next purge (any publish, move or delete)."""
    key = f"content:{key}"
    version, entry = _get_current(key)
    if entry is not None:
        return entry[1]
    value = compute()
    cache.set(key, (version, value), timeout)
    return value


def cached_fragment(request, key_parts, render):
    """`render()`, kept until content changes under `key_parts` (and the host); rendered
    afresh for previews, outside a request, or with FRAGMENT_CACHE_SECONDS at 0."""
    if (
        request is None
        or getattr(request, "is_preview", False)
        or not settings.FRAGMENT_CACHE_SECONDS
    ):
        return render()
    # Links in the fragment carry the campaign tags (link_parameter()): vary on them.
    links = urlencode(link_parameters(request))
    key = ":".join(["fragment", canonical_host(request), *map(str, key_parts), links])
    return cached_until_content_changes(key, render, settings.FRAGMENT_CACHE_SECONDS)


def keep_private(response):
    """`private, no-store` unless the view chose its own Cache-Control (the admin does)."""
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True, no_store=True)
    return response


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = settings.PAGE_CACHE_SECONDS
        self.excluded_prefixes = tuple(settings.PAGE_CACHE_EXCLUDED_PREFIXES)

    def __call__(self, request):
        if not self._is_cacheable_request(request):
            return keep_private(self.get_response(request))

        key = self._key(request)
        version, entry = _get_current(key)
        if entry is not None:
            entry = entry[1]
            return self._answer(request, self._rebuild(request, entry), entry)

        response = self.get_response(request)
        if not self._is_cacheable_response(response):
            return keep_private(response)
        entry = self._freeze(response)
        if request.method == "GET":
            cache.set(key, (version, entry), self.timeout)
            response.headers["X-Page-Cache"] = "miss"
        return self._answer(request, response, entry)

    def _is_cacheable_request(self, request):
        return (
            self.timeout > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
            and not request.path.startswith(self.excluded_prefixes)
        )

    @staticmethod
    def _is_cacheable_response(response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
            and get_max_age(response) != 0
            and response.get("Content-Type", "").startswith(CACHEABLE_CONTENT_TYPES)
        )

    @staticmethod
    def _key(request):
        # Only the parameters some cached page reads make a copy of their own: campaign tags,
        # junk and cache-busters share the page's one copy, so they cannot fill the cache.
        allowed = settings.PAGE_CACHE_QUERY_PARAMETERS
        query = sorted(
            (name, value)
            for name, value in parse_qsl(
                request.META.get("QUERY_STRING", ""), keep_blank_values=True
            )
            if name in allowed
        )
        query += link_parameters(request)
        address = f"{canonical_host(request)}{request.path}?{urlencode(query)}".encode()
        return f"page-cache:{hashlib.sha256(address).hexdigest()}"

    def _freeze(self, response):
        """The entry kept: the HTML with per-visitor values punched out, and its ETag if shared."""
        original = response.content.decode(response.charset)
        html = punch_per_visitor_fields(original)
        # A page holding a per-visitor value is never shared, so it has no ETag either.
        shared = html == original
        etag = f'"{hashlib.sha256(original.encode()).hexdigest()[:32]}"' if shared else None
        headers = {name: response[name] for name in STORED_HEADERS if name in response}
        return {"html": html, "headers": headers, "etag": etag}

    def _rebuild(self, request, entry):
        html = fill_per_visitor_fields(entry["html"], request)
        response = HttpResponse(html, headers=entry["headers"])
        response.headers["X-Page-Cache"] = "hit"
        return response

    @staticmethod
    def _answer(request, response, entry):
        """Headers for shared caches on a shareable entry (304 if the ETag matches), else private."""
        # .get: entries stored before ETags existed are answered private until they expire.
        etag = entry.get("etag")
        if etag is None:
            return keep_private(response)
        if not response.has_header("Cache-Control"):
            patch_cache_control(
                response,
                public=True,
                max_age=settings.CDN_MAX_AGE,
                s_maxage=settings.CDN_SHARED_MAX_AGE,
                stale_while_revalidate=settings.CDN_STALE_WHILE_REVALIDATE,
            )
        # The CDN is told to bypass visitors with a session; a cache that is not still keeps
        # their requests (with their cookies) apart from the anonymous copy.
        patch_vary_headers(response, ("Cookie",))
        response.headers["ETag"] = etag
        return get_conditional_response(request, etag=etag, response=response)


# The CDN in front (wagtail.contrib.frontend_cache). The URL sets are computed in the task, on
# the worker, after the page's own reference-index task queued before it on the same queue.
SITE_WIDE_PURGE_PENDING_KEY = "frontend-cache:site-wide-purge-pending"
# Short, so that a queued purge lost with a rolled-back transaction holds back the next one only
# briefly; a purge queued twice costs only requests.
SITE_WIDE_PURGE_PENDING_SECONDS = 60
# URLs that are not pages (site/urls.py): the sitemap lists every page, /menu/ the main menu.
SITEMAP_PATH = "sitemap.xml"
MENU_PATH = "menu/"


def frontend_cache_configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def _site_urls(sites, paths):
    return {f"{site.root_url}/{path}" for site in sites for path in paths}


def urls_showing_every_page():
    """Every live page's URLs, the sitemaps and the menu pages: what a site-wide change alters."""
    batch = PurgeBatch()
    batch.add_pages(Page.objects.live().filter(depth__gt=1).specific(defer=True))
    return batch.urls | _site_urls(Site.objects.all(), (SITEMAP_PATH, MENU_PATH))


def is_top_level(page):
    """A child of a site's root page: the main menu on every page lists these (those shown in
    menus, and this publish may have just added or removed it)."""
    return Site.objects.filter(root_page_id=page.get_parent().pk).exists()


def urls_showing(page):
    """The URLs whose HTML shows `page`: itself, its ancestors (lists of children), its
    descendants (breadcrumbs), the pages it links to or that link to it, the pages its model
    names in pages_showing_this(), and its site's sitemap; every page for a top-level page."""
    if is_top_level(page):
        return urls_showing_every_page()
    page = page.specific
    page_type = ContentType.objects.get_for_model(Page)
    linked_ids = {
        *ReferenceIndex.get_references_for_object(page)
        .filter(to_content_type=page_type)
        .values_list("to_object_id", flat=True),
        *ReferenceIndex.get_references_to(page)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True),
    }
    ancestors = page.get_ancestors().filter(depth__gt=1).values("pk")
    related = Page.objects.live().filter(
        Q(pk__in=[int(pk) for pk in linked_ids])
        | Q(pk__in=ancestors)
        | Q(path__startswith=page.path, depth__gt=page.depth)
    )
    showing = getattr(page, "pages_showing_this", None)
    batch = PurgeBatch()
    batch.add_page(page)
    batch.add_pages(related.specific(defer=True))
    if showing is not None:
        batch.add_pages(showing().specific(defer=True))
    site = page.get_site()
    return batch.urls | (_site_urls([site], (SITEMAP_PATH,)) if site else set())


@task()
def purge_frontend_cache(page_id=None, urls=()):
    """Purge the CDN of what a change to one page altered, or of every page when page_id is None,
    and of `urls` (the addresses a moved or deleted page had). Backend failures are logged by
    Wagtail (logger wagtail.frontendcache, ERROR), which docs/operations.md describes."""
    if page_id is None:
        cache.delete(SITE_WIDE_PURGE_PENDING_KEY)
        affected = urls_showing_every_page()
    else:
        page = Page.objects.filter(pk=page_id).first()
        affected = urls_showing(page) if page is not None else set()
    purge_urls_from_cache_task.call(sorted(affected | set(urls)))


def purge_every_page_from_frontend_cache(urls=()):
    """Queue a site-wide CDN purge; one waiting already covers this change, unless `urls` add to it."""
    if not frontend_cache_configured():
        return
    pending = not cache.add(
        SITE_WIDE_PURGE_PENDING_KEY, True, timeout=SITE_WIDE_PURGE_PENDING_SECONDS
    )
    # A cache that is down answers add() with False too: only a key actually there means pending.
    if pending and cache.get(SITE_WIDE_PURGE_PENDING_KEY) is not None:
        if urls:
            purge_urls_from_cache_task.enqueue(sorted(urls))
        return
    purge_frontend_cache.enqueue(urls=sorted(urls))


def purge_page_from_frontend_cache(instance, **kwargs):
    """page_published / page_unpublished: purge what shows this page."""
    if frontend_cache_configured():
        purge_frontend_cache.enqueue(page_id=instance.pk)


def _old_full_url(url_path):
    """The full URL a page had at `url_path` (Page.get_url_parts, for a path it no longer has)."""
    for root in Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            return root.root_url + url_path[len(root.root_path) - 1 :]
    return None


def purge_moved_page_from_frontend_cache(instance, url_path_before, url_path_after, **kwargs):
    """post_page_move: every page (menus, breadcrumbs, listings) and the subtree's old addresses."""
    if not frontend_cache_configured():
        return
    old_urls = {
        _old_full_url(url_path_before + page.url_path[len(url_path_after) :])
        for page in Page.objects.descendant_of(instance, inclusive=True).only("url_path")
    }
    purge_every_page_from_frontend_cache(sorted(url for url in old_urls if url))


def purge_site_wide_content_from_frontend_cache(sender, instance, signal, **kwargs):
    """post_save / post_delete: a deleted page's address, and every page, for a deletion or a
    setting or snippet change."""
    if not frontend_cache_configured() or not is_site_wide_content(sender, instance, signal):
        return
    # The row is gone, so only the page's own address (its specific model cannot be loaded).
    deleted_url = instance.get_full_url() if isinstance(instance, Page) else None
    purge_every_page_from_frontend_cache([deleted_url] if deleted_url else [])
