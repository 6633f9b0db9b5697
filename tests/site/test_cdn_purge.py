"""CDN purges (wagtail.contrib.frontend_cache): every URL a change alters, and no more."""

import pytest
from django_tasks_db.models import DBTaskResult
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import PageViewRestriction

from pages.models import ClinicSettings
from tests.factories import (
    ConditionPageFactory,
    NewsArticlePageFactory,
    NewsIndexPageFactory,
    NewsTopicFactory,
    StandardPageFactory,
    TreatmentIndexPageFactory,
    TreatmentPageFactory,
)

pytestmark = pytest.mark.django_db

ROOT = "http://localhost"
PURGED = []


class RecordingBackend(BaseBackend):
    """A CDN that notes what it is asked to purge."""

    def purge(self, url):
        PURGED.append(url)


@pytest.fixture
def purged(settings):
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": f"{__name__}.RecordingBackend"}}
    PURGED.clear()
    return PURGED


@pytest.fixture
def site(home_page, condition_index, specialist):
    """Home, a news index (in the menu) with two articles, a condition, a treatment, an About page."""
    news = NewsIndexPageFactory(parent=home_page)
    dvt = ConditionPageFactory(parent=condition_index, slug="dvt", reviewed_by=specialist)
    topic = NewsTopicFactory(slug="stents")
    first = NewsArticlePageFactory(parent=news, slug="first", topics=[topic])
    NewsArticlePageFactory(parent=news, slug="second")
    treatments = TreatmentIndexPageFactory(parent=home_page)
    stent = TreatmentPageFactory(parent=treatments, slug="stent", reviewed_by=specialist)
    stent.condition_links.create(condition=dvt)
    stent.save_revision().publish()
    StandardPageFactory(parent=home_page, slug="about")
    return {"news": news, "dvt": dvt, "first": first, "stent": stent}


def every_page():
    return {
        f"{ROOT}/",
        f"{ROOT}/conditions/",
        f"{ROOT}/conditions/dvt/",
        f"{ROOT}/news/",
        f"{ROOT}/news/feed/",
        f"{ROOT}/news/?topic=stents",
        f"{ROOT}/news/first/",
        f"{ROOT}/news/second/",
        f"{ROOT}/treatments/",
        f"{ROOT}/treatments/stent/",
        f"{ROOT}/about/",
        f"{ROOT}/our-specialists/",
        f"{ROOT}/our-specialists/ada-lovelace/",
        f"{ROOT}/sitemap.xml",
        f"{ROOT}/menu/",
    }


def test_publishing_an_article_purges_the_lists_that_show_it(site, purged):
    site["first"].save_revision().publish()
    assert set(purged) == {
        f"{ROOT}/news/first/",
        # its index, with the feed and topic lists, and the home page's Latest News
        f"{ROOT}/news/",
        f"{ROOT}/news/feed/",
        f"{ROOT}/news/?topic=stents",
        f"{ROOT}/",
        # Latest News on condition pages, "more news" on the other article
        f"{ROOT}/conditions/dvt/",
        f"{ROOT}/news/second/",
        f"{ROOT}/sitemap.xml",
    }
    assert len(purged) == len(set(purged))  # Wagtail's own handler no longer purges it twice


def test_publishing_a_treatment_purges_the_conditions_it_lists(site, purged):
    site["stent"].save_revision().publish()
    assert f"{ROOT}/conditions/dvt/" in purged
    assert {f"{ROOT}/treatments/stent/", f"{ROOT}/treatments/", f"{ROOT}/"} <= set(purged)
    assert f"{ROOT}/about/" not in purged


def test_unpublishing_purges_the_page_and_its_lists(site, purged):
    site["first"].unpublish()
    assert {f"{ROOT}/news/first/", f"{ROOT}/news/", f"{ROOT}/"} <= set(purged)


def test_a_top_level_page_purges_every_page_for_the_main_menu(site, purged):
    site["news"].save_revision().publish()
    assert set(purged) == every_page()


def test_a_page_purges_its_descendants_breadcrumbs_but_not_its_siblings(home_page, purged):
    about = StandardPageFactory(parent=home_page, slug="about")
    team = StandardPageFactory(parent=about, slug="team")
    StandardPageFactory(parent=team, slug="nurses")
    StandardPageFactory(parent=about, slug="history")
    team.save_revision().publish()
    assert set(purged) == {
        f"{ROOT}/about/team/",
        f"{ROOT}/about/team/nurses/",
        f"{ROOT}/about/",
        f"{ROOT}/",
        f"{ROOT}/sitemap.xml",
    }


def test_a_settings_change_purges_every_page(site, purged):
    clinic = ClinicSettings.objects.get()
    clinic.phone = "020 7946 0999"
    clinic.save()
    assert set(purged) == every_page()


def test_making_a_page_private_or_public_again_purges_every_page(site, purged):
    restriction = PageViewRestriction.objects.create(
        page=site["first"], restriction_type=PageViewRestriction.LOGIN
    )
    assert set(purged) == every_page()
    purged.clear()
    restriction.delete()
    assert set(purged) == every_page()


def test_moving_a_page_purges_every_page_and_its_old_address(site, purged, condition_index):
    site["stent"].move(condition_index, pos="last-child")
    assert f"{ROOT}/treatments/stent/" in purged
    assert set(purged) >= every_page() - {f"{ROOT}/treatments/stent/"} | {
        f"{ROOT}/conditions/stent/"
    }


def test_deleting_a_page_purges_every_page_and_its_address(site, purged):
    site["first"].delete()
    assert f"{ROOT}/news/first/" in purged
    assert set(purged) >= every_page() - {f"{ROOT}/news/first/"}


def test_site_wide_changes_waiting_for_the_worker_share_one_purge(site, purged, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }
    clinic = ClinicSettings.objects.get()
    for phone in ("020 7946 0999", "020 7946 0998"):
        clinic.phone = phone
        clinic.save()
    queued = DBTaskResult.objects.filter(task_path="clinic_site.caching.purge_frontend_cache")
    assert queued.count() == 1

    waiting = queued.get()
    waiting.task.call(
        *waiting.args_kwargs["args"], **waiting.args_kwargs["kwargs"]
    )  # as the worker
    assert set(purged) == every_page()
    clinic.save()  # the next change after that purge queues its own
    assert queued.count() == 2
