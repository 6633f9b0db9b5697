"""Security headers for every response: one strict policy for the public site, one that the
Wagtail admin (whose page editor uses inline scripts and styles) can work with."""

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
        if settings.CSP_UPGRADE_INSECURE_REQUESTS:
            public["upgrade-insecure-requests"] = admin["upgrade-insecure-requests"] = []
        self.public_policy = _policy(public)
        self.admin_policy = _policy(admin)
        self.admin_prefix = settings.WAGTAILADMIN_PATH_PREFIX

    def __call__(self, request):
        response = self.get_response(request)
        in_admin = request.path.startswith(self.admin_prefix)
        response.headers.setdefault(
            "Content-Security-Policy", self.admin_policy if in_admin else self.public_policy
        )
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
