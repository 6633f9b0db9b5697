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
