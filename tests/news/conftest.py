import datetime

import pytest
import wagtail_factories

from tests.factories import NewsIndexPageFactory


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page)


@pytest.fixture
def image(settings, tmp_path):
    """An image whose files (and renditions) go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path
    return wagtail_factories.ImageFactory(title="Compression stockings")


def days_ago(days):
    return datetime.date(2026, 11, 20) - datetime.timedelta(days=days)
