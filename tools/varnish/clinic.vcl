# Varnish in front of the clinic site: the reference configuration for a proxy cache, used
# as-is by tests/site/test_cdn_proxy.py (which rewrites the backend's port). What it keeps is
# decided by the site's Cache-Control (site/caching.py); this file only adds what a CDN must be
# told: who may purge, and that a visitor with a session never gets or makes a shared copy.
vcl 4.1;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Wagtail's HTTPBackend (FRONTEND_CACHE_PURGE_URL) sends PURGE from the application servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        return (purge);
    }
    # Signed-in editors (the session cookie, with or without production's __Host- prefix) and
    # API clients: straight to the site, never stored.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(__Host-)?sessionid=") {
        return (pass);
    }
    # Any other cookie (the CSRF cookie, analytics) does not change a shareable page: drop it on
    # reads so that every anonymous visitor shares one copy. Form posts keep theirs.
    if (req.method == "GET" || req.method == "HEAD") {
        unset req.http.Cookie;
    }
}

sub vcl_deliver {
    # For the tests and for operators: was this answered from the proxy?
    if (obj.hits > 0) {
        set resp.http.X-Proxy-Cache = "hit";
    } else {
        set resp.http.X-Proxy-Cache = "miss";
    }
}
