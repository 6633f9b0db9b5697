"""{% cache_until_content_changes "name" part ... %} ... {% end_cache_until_content_changes %}

Caches a template fragment until the next publish, unpublish, move, delete or settings change
(the page cache's version, site/caching.py). For pages that the whole-page cache cannot
serve: visitors with a session, or pages that also carry a per-visitor form. Never used in
previews, which show unpublished content. Values the fragment needs should be computed lazily
(SimpleLazyObject or a method), so that a cache hit also skips their queries.
"""

from django import template

from clinic_site.caching import cached_fragment

register = template.Library()


class ContentCacheNode(template.Node):
    def __init__(self, nodelist, key_parts):
        self.nodelist = nodelist
        self.key_parts = key_parts

    def render(self, context):
        parts = [part.resolve(context) for part in self.key_parts]
        return cached_fragment(context.get("request"), parts, lambda: self.nodelist.render(context))


@register.tag
def cache_until_content_changes(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f'{bits[0]} needs a name, e.g. "condition-article"')
    nodelist = parser.parse(("end_cache_until_content_changes",))
    parser.delete_first_token()
    return ContentCacheNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])
