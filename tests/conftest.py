import socket

import pytest
from django.test import override_settings
from wagtail.models import Locale, Page, Site

from .factories import ClinicSettingsFactory, HomePageFactory


def ensure_wagtail_root():
    """Transactional tests flush the tables that Wagtail's migrations filled; put them back."""
    locale, _ = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    return root


@pytest.fixture(scope="session", autouse=True)
def media_root(tmp_path_factory):
    """Uploads and renditions go to a folder of this test session, never to the repository's media/."""
    path = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=path):
        yield path


@pytest.fixture
def home_page(db):
    """A live home page as the default site's root, with the clinic's settings filled in."""
    root = ensure_wagtail_root()
    for placeholder in root.get_children().filter(content_type__model="page"):
        placeholder.delete()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    ClinicSettingsFactory()
    return home


@pytest.fixture
def page_cache_off(settings):
    """For tests that measure rendering: the page and fragment caches would answer from memory."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache (and so an empty page cache)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def condition_index(home_page):
    from .factories import ConditionIndexPageFactory

    return ConditionIndexPageFactory(parent=home_page)


@pytest.fixture
def specialist(home_page):
    from .factories import SpecialistIndexPageFactory, SpecialistPageFactory

    index = SpecialistIndexPageFactory(parent=home_page)
    return SpecialistPageFactory(
        parent=index, title="Ada Lovelace", slug="ada-lovelace", gmc_number="1234567"
    )


# Fault injection: break the cache for real (a refused port, a listener that never answers)
# and point a ResilientRedisCache, configured as production configures it, at it.
@pytest.fixture
def refused_address():
    """An address where nothing listens: every connection is refused at once."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"127.0.0.1:{port}"


@pytest.fixture
def hung_address():
    """A TCP listener whose connections are accepted (by the kernel) and never answered."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    yield f"127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


@pytest.fixture
def redis_cache_at(settings):
    """Switch the default cache to production's Redis backend at the given address."""
    from django.core.cache import cache

    from clinic_site import cache_backend

    def use(address, breaker_seconds=None):
        cache_backend._open_until.clear()
        settings.CACHES = {
            "default": {
                "BACKEND": "clinic_site.cache_backend.ResilientRedisCache",
                "LOCATION": f"redis://{address}",
                "KEY_PREFIX": "clinic-test",
                "BREAKER_SECONDS": breaker_seconds or settings.CACHE_BREAKER_SECONDS,
                "OPTIONS": {
                    "socket_connect_timeout": settings.CACHE_TIMEOUT_SECONDS,
                    "socket_timeout": settings.CACHE_TIMEOUT_SECONDS,
                },
            }
        }
        cache.clear()  # a live Redis keeps keys between tests; a broken one answers nothing
        cache_backend._open_until.clear()  # and the test starts with the breaker closed

    yield use
    cache_backend._open_until.clear()
