"""Caching, in one place. The policy:

What is cached, and for whom
- Whole public pages, for anonymous visitors (AnonymousPageCacheMiddleware): GET and HEAD
  without a session cookie or Authorization header, outside PAGE_CACHE_EXCLUDED_PREFIXES (the
  admin, documents, health check, static and media), answered 200 as HTML and not marked
  `private`, `no-store` or max-age 0 (the booking form and its thank-you page are). A copy is
  kept per canonical host (no port) and per value of PAGE_CACHE_QUERY_PARAMETERS, the query
  parameters cached pages read; any other parameter (campaign tags, junk) shares the page's one
  copy. A page that reads a new parameter adds it there (tests/site/test_page_cache.py checks).
  Search results (/search/) are never cached: the index updates after a publish, in a task.
  Lifetime: PAGE_CACHE_SECONDS (0 turns it off).
- Template fragments until content changes ({% cache_until_content_changes %} and
  cached_until_content_changes()): every page's meta tags, header and footer, the home page's
  content, a condition page's article and JSON-LD, the news listing per topic and page, Latest
  News, menus, the embedded booking form (its per-visitor fields punched out, as below); and
  objects every request needs: the Site for a host with its root page, the home page's
  children (routing), ClinicSettings. Lifetime: FRAGMENT_CACHE_SECONDS as a backstop.
- Per-visitor values inside cached HTML are never shared: the CSRF token and every hidden field
  a form declares with per_visitor_field() are punched out before storing and filled in fresh
  on each hit.

What purges it
- Any publish, unpublish, move or delete of a page, and any save or delete of a site setting,
  snippet or Site, bumps one version number that every entry is stored with (and read with, in
  the same round trip), retiring all of it at once:
  menus, "Latest News" and the footer appear on every page, so a narrower purge would serve
  stale pages. The signals are connected in clinic_site.apps.
"""

import hashlib
import re
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.middleware.csrf import get_token
from django.utils.cache import get_max_age
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, Site
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


# name -> callable(request) giving a fresh value; the CSRF token is always one of them.
PER_VISITOR_FIELDS = {"csrfmiddlewaretoken": get_token}


def per_visitor_field(name, make_value):
    """Declare a hidden form field whose value must differ for every visitor of a cached page."""
    PER_VISITOR_FIELDS[name] = make_value


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


def purge_if_site_wide_content(sender, instance, signal, **kwargs):
    """Purge when a page is deleted, or a site setting, snippet or Site is saved or deleted."""
    if (
        (signal is post_delete and isinstance(instance, Page))
        or isinstance(instance, BaseSiteSetting | BaseGenericSetting | Site)
        or sender in get_snippet_models()
    ):
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


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = settings.PAGE_CACHE_SECONDS
        self.excluded_prefixes = tuple(settings.PAGE_CACHE_EXCLUDED_PREFIXES)

    def __call__(self, request):
        if not self._is_cacheable_request(request):
            return self.get_response(request)

        key = self._key(request)
        version, entry = _get_current(key)
        if entry is not None:
            return self._rebuild(request, entry[1])

        response = self.get_response(request)
        if request.method == "GET" and self._is_cacheable_response(response):
            cache.set(key, (version, self._freeze(response)), self.timeout)
            response.headers["X-Page-Cache"] = "miss"
        return response

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
            and response.get("Content-Type", "").startswith("text/html")
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
        address = f"{canonical_host(request)}{request.path}?{urlencode(query)}".encode()
        return f"page-cache:{hashlib.sha256(address).hexdigest()}"

    def _freeze(self, response):
        html = punch_per_visitor_fields(response.content.decode(response.charset))
        headers = {name: response[name] for name in STORED_HEADERS if name in response}
        return {"html": html, "headers": headers}

    def _rebuild(self, request, cached):
        html = fill_per_visitor_fields(cached["html"], request)
        response = HttpResponse(html, headers=cached["headers"])
        response.headers["X-Page-Cache"] = "hit"
        return response
