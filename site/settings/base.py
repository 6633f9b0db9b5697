"""Settings shared by every environment.

The environment is read here, in one place. dev.py works with none of it set;
production.py insists on the secrets.
"""

import os
from pathlib import Path

import dj_database_url

# site/settings/base.py -> the repository root
BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Consultation requests (pages/enquiries/). Retention: the privacy notice promises it.
ENQUIRY_RETENTION_DAYS = int(os.environ.get("ENQUIRY_RETENTION_DAYS", "365"))
ENQUIRY_MIN_FILL_SECONDS = float(os.environ.get("ENQUIRY_MIN_FILL_SECONDS", "3"))
ENQUIRY_RATE_LIMIT_COUNT = int(os.environ.get("ENQUIRY_RATE_LIMIT_COUNT", "5"))
ENQUIRY_RATE_LIMIT_WINDOW = int(os.environ.get("ENQUIRY_RATE_LIMIT_WINDOW", "3600"))
# "Was this page helpful?": answers per client address per window (pages/feedback).
FEEDBACK_RATE_LIMIT_COUNT = int(os.environ.get("FEEDBACK_RATE_LIMIT_COUNT", "20"))
FEEDBACK_RATE_LIMIT_WINDOW = int(os.environ.get("FEEDBACK_RATE_LIMIT_WINDOW", "3600"))
ENQUIRY_EMAIL_MAX_ATTEMPTS = int(os.environ.get("ENQUIRY_EMAIL_MAX_ATTEMPTS", "8"))
# Clinical review (pages/reviews/workflow.py): approval sets the next review this many months on.
CLINICAL_REVIEW_INTERVAL_MONTHS = int(os.environ.get("CLINICAL_REVIEW_INTERVAL_MONTHS", "12"))
# How many proxies in front of the app append to X-Forwarded-For (0: use REMOTE_ADDR only).
TRUSTED_PROXY_HOPS = int(os.environ.get("TRUSTED_PROXY_HOPS", "0"))

INSTALLED_APPS = [
    "clinic_site",
    "pages",
    "news",
    "wagtail.contrib.forms",
    # Wagtail's CDN purging, with our signal handlers instead of its own (clinic_site.caching).
    "clinic_site.apps.FrontendCacheConfig",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "clinic_site.security_headers.SecurityHeadersMiddleware",
    # Before anything reads the Host header: load balancers probe by IP address.
    "clinic_site.views.HealthCheckMiddleware",
    # NUL characters and non-UTF-8 forms: a clear 400 before any view reads them.
    "clinic_site.bad_input.RejectMalformedInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Inside the session/CSRF middleware so that a cached page still sets the CSRF cookie.
    "clinic_site.caching.AnonymousPageCacheMiddleware",
    # Behind the page cache (a hit needs no Site) and the Host check (only allowed hosts are keys).
    "clinic_site.routing.SiteFromCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic_site.urls"
WSGI_APPLICATION = "clinic_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Databases: SQLite in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write-ahead logging: readers no longer wait for a writer (the site beside `db_worker`),
    # and a commit costs less than half the rollback journal's file work. Every commit is still
    # synced to disk (synchronous stays FULL): a stored enquiry survives a power cut.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches: local memory unless REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Redis is an optimisation: short timeouts, then a pause before asking again
# (clinic_site.cache_backend; docs/operations.md has the failure policy).
CACHE_TIMEOUT_SECONDS = float(os.environ.get("CACHE_TIMEOUT_SECONDS", "0.5"))
CACHE_BREAKER_SECONDS = float(os.environ.get("CACHE_BREAKER_SECONDS", "15"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "clinic_site.cache_backend.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "clinic"),
            "BREAKER_SECONDS": CACHE_BREAKER_SECONDS,
            "OPTIONS": {
                "socket_connect_timeout": CACHE_TIMEOUT_SECONDS,
                "socket_timeout": CACHE_TIMEOUT_SECONDS,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole-page cache for anonymous visitors (site/caching.py); 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# Query parameters that change what a cached page shows (news index: topic, page). Others are
# left out of the page cache's key, so junk parameters cannot fill the cache.
PAGE_CACHE_QUERY_PARAMETERS = {"page", "topic"}
# What a CDN or proxy in front may keep of an anonymous, shareable page (site/caching.py):
# browsers CDN_MAX_AGE seconds (they cannot be purged, so briefly), shared caches
# CDN_SHARED_MAX_AGE (every change purges them; this bounds a lost purge), and an expired copy
# answered at once for CDN_STALE_WHILE_REVALIDATE more while the CDN fetches a fresh one.
CDN_MAX_AGE = int(os.environ.get("CDN_MAX_AGE", "60"))
CDN_SHARED_MAX_AGE = int(os.environ.get("CDN_SHARED_MAX_AGE", "300"))
CDN_STALE_WHILE_REVALIDATE = int(os.environ.get("CDN_STALE_WHILE_REVALIDATE", "30"))
# Template fragments kept until content changes ({% cache_until_content_changes %}); 0 turns off.
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "3600"))
WAGTAILADMIN_PATH_PREFIX = "/admin/"
PAGE_CACHE_EXCLUDED_PREFIXES = [
    WAGTAILADMIN_PATH_PREFIX,
    "/documents/",
    "/healthz/",
    "/search/",  # results change when the index task runs, after the publish that purged
    "/static/",
    "/media/",
]

# Background tasks (django-tasks). Emails and Wagtail's own housekeeping run here;
# production uses the database queue, worked by `manage.py db_worker`.
# Emails have a queue of their own, worked by a second worker (`db_worker --queue-name email`),
# so a hung mail server never delays index updates, purges or renditions.
EMAIL_TASK_QUEUE = "email"
TASK_QUEUES = ["default", EMAIL_TASK_QUEUE]
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        ),
        "QUEUES": TASK_QUEUES,
    }
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Admin login brute-force protection: 5 failures for one username from one address lock
# that pair out for an hour.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account_locked.html"
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_HOPS or None
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "site" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Email: the console in development; production.py reads the server from the environment.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Clinic website <website@example.com>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers (clinic_site.middleware.SecurityHeadersMiddleware and SecurityMiddleware).
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
CSP_EXTRA_MEDIA_SOURCES = env_list("CSP_EXTRA_MEDIA_SOURCES")
CSP_UPGRADE_INSECURE_REQUESTS = False

WAGTAIL_SITE_NAME = "Clinic website"
# No avatars from gravatar.com: the admin's policy loads images from this site only, and staff
# emails are not sent to a third party. Wagtail shows its own default avatar instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# An approved Clinical review signs the condition page off, then publishes it.
WAGTAIL_FINISH_WORKFLOW_ACTION = "pages.reviews.finish_workflow"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "png", "gif": "png"}
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Errors go to stderr so that a 500 always leaves a trace, and are mailed to ADMIN_EMAILS
# (clinic_site.error_reports: no request data, values or settings in the mail). Request
# bodies are never logged: enquiries carry health data.
ADMINS = [("Site admin", address) for address in env_list("ADMIN_EMAILS")]
EMAIL_SUBJECT_PREFIX = "[Clinic website] "
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "plain",
        },
        "mail_admins": {
            "class": "clinic_site.error_reports.PatientSafeAdminEmailHandler",
            "level": "ERROR",
        },
    },
    "root": {"handlers": ["stderr", "mail_admins"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "django.request": {
            "handlers": ["stderr", "mail_admins"],
            "level": "ERROR",
            "propagate": False,
        },
        "django.server": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}
