"""{% cache_until_content_changes "name" part ... %} ... {% end_cache_until_content_changes %}

Caches a template fragment until the next publish, unpublish, move, delete or settings change
(the page cache's version, site/caching.py). For pages that the whole-page cache cannot
serve: visitors with a session, or pages that also carry a per-visitor form. Never used in
previews, which show unpublished content. Values the fragment needs should be computed lazily
(SimpleLazyObject or a method), so that a cache hit also skips their queries.
"""

from django import template
from django.conf import settings
from django.utils.http import urlencode

from clinic_site.caching import cached_until_content_changes, canonical_host, link_parameters

register = template.Library()


class ContentCacheNode(template.Node):
    def __init__(self, nodelist, key_parts):
        self.nodelist = nodelist
        self.key_parts = key_parts

    def render(self, context):
        parts = [part.resolve(context) for part in self.key_parts]
        return cached_fragment(context.get("request"), parts, lambda: self.nodelist.render(context))


def cached_fragment(request, key_parts, render):
    """`render()`, kept until content changes under `key_parts` (and the host); rendered
    afresh for previews, outside a request, or with FRAGMENT_CACHE_SECONDS at 0."""
    if (
        request is None
        or getattr(request, "is_preview", False)
        or not settings.FRAGMENT_CACHE_SECONDS
    ):
        return render()
    # Links in the fragment carry the campaign tags (caching.link_parameter): vary on them.
    links = urlencode(link_parameters(request))
    key = ":".join(["fragment", canonical_host(request), *map(str, key_parts), links])
    return cached_until_content_changes(key, render, settings.FRAGMENT_CACHE_SECONDS)


@register.tag
def cache_until_content_changes(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f'{bits[0]} needs a name, e.g. "condition-article"')
    nodelist = parser.parse(("end_cache_until_content_changes",))
    parser.delete_first_token()
    return ContentCacheNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])
