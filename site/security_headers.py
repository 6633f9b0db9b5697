"""Security headers for every response: one strict policy for the public site, one that the
Wagtail admin (whose page editor uses inline scripts and styles) can work with.

Previews are the public policy framed by the admin. Wagtail renders a preview by running a
dummy request for the page's public URL through the whole middleware chain
(`PreviewableMixin.make_preview_request`, which marks it `is_dummy`); that inner response
would otherwise get the public `frame-ancestors 'none'` and the editor's preview panel would
refuse to show it. Public pages keep `frame-ancestors 'none'`.
"""

from django.conf import settings


def _policy(directives):
    return "; ".join(f"{name} {' '.join(sources)}".strip() for name, sources in directives.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        media_sources = ["'self'", "data:", *settings.CSP_EXTRA_MEDIA_SOURCES]
        public = {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "img-src": media_sources,
            "media-src": media_sources,
            "font-src": ["'self'"],
            "connect-src": ["'self'"],
            "form-action": ["'self'"],
            "frame-src": ["'none'"],
            "frame-ancestors": ["'none'"],
            "base-uri": ["'none'"],
            "object-src": ["'none'"],
        }
        admin = {
            **public,
            "script-src": ["'self'", "'unsafe-inline'"],
            "style-src": ["'self'", "'unsafe-inline'"],
            "img-src": [*media_sources, "blob:"],
            # Page previews and embeds open in same-origin frames inside the editor.
            "frame-src": ["'self'"],
            "frame-ancestors": ["'self'"],
        }
        # The page exactly as the public gets it (so a preview shows what the policy blocks),
        # but the admin's own pages may frame it.
        preview = {**public, "frame-ancestors": ["'self'"]}
        if settings.CSP_UPGRADE_INSECURE_REQUESTS:
            for policy in (public, admin, preview):
                policy["upgrade-insecure-requests"] = []
        self.public_policy = _policy(public)
        self.admin_policy = _policy(admin)
        self.preview_policy = _policy(preview)
        self.admin_prefix = settings.WAGTAILADMIN_PATH_PREFIX

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "is_dummy", False):
            response.headers["Content-Security-Policy"] = self.preview_policy
            response.headers["X-Frame-Options"] = "SAMEORIGIN"
        elif request.path.startswith(self.admin_prefix):
            response.headers.setdefault("Content-Security-Policy", self.admin_policy)
        else:
            response.headers.setdefault("Content-Security-Policy", self.public_policy)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
