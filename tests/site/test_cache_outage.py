"""The cache is an optimisation: Redis refused or hung never takes a page down.

Each test breaks Redis for real (a refused port, or a listener that accepts connections and
never answers) behind the production cache backend with its production timeouts.
"""

import os
import time
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from clinic_site import cache_backend
from tests.factories import (
    ConditionPageFactory,
    NewsArticlePageFactory,
    NewsIndexPageFactory,
    StandardPageFactory,
    emergency_care_card,
)

pytestmark = pytest.mark.django_db

PAGE_BUDGET_SECONDS = 1.5


@pytest.fixture
def public_urls(home_page, condition_index):
    StandardPageFactory(parent=home_page, title="About", slug="about")
    ConditionPageFactory(
        parent=condition_index,
        title="Deep vein thrombosis",
        slug="dvt",
        body=[emergency_care_card("chest pain")],
    )
    news = NewsIndexPageFactory(parent=home_page)
    NewsArticlePageFactory(parent=news)
    return ["/", "/about/", condition_index.url + "dvt/", news.url, "/search/?query=clot"]


def timed_get(client, url):
    started = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - started


@pytest.mark.parametrize("fault", ["refused_address", "hung_address"])
def test_pages_render_uncached_within_budget_when_redis_fails(
    request, fault, redis_cache_at, public_urls
):
    redis_cache_at(request.getfixturevalue(fault))
    client = Client()
    for url in public_urls + public_urls:
        response, seconds = timed_get(client, url)
        assert response.status_code == 200, url
        assert seconds < PAGE_BUDGET_SECONDS, f"{url} took {seconds:.2f} s"
        assert "X-Page-Cache" not in response or response["X-Page-Cache"] == "miss"


def test_a_hung_redis_is_asked_once_then_left_alone_for_the_breaker_period(
    hung_address, redis_cache_at, public_urls
):
    redis_cache_at(hung_address)
    client = Client()
    first, first_seconds = timed_get(client, "/")
    started = time.monotonic()
    for _ in range(10):
        assert client.get("/about/").status_code == 200
    ten_more = time.monotonic() - started
    assert first.status_code == 200
    # The first request waited for one read timeout; the next ten waited for none.
    assert first_seconds >= 0.4
    assert ten_more < 10 * 0.4, f"10 requests took {ten_more:.2f} s: the breaker did not open"
    assert not cache_backend.ResilientRedisCache(f"redis://{hung_address}", {}).available


def test_the_breaker_asks_again_after_its_pause(refused_address, redis_cache_at, home_page):
    redis_cache_at(refused_address, breaker_seconds=0.2)
    assert cache.get("anything", "fallback") == "fallback"
    assert not cache.available
    time.sleep(0.25)
    assert cache.available


@pytest.mark.parametrize("fault", ["refused_address", "hung_address"])
def test_health_check_stays_200_and_says_the_cache_is_down(request, fault, redis_cache_at):
    redis_cache_at(request.getfixturevalue(fault))
    response, seconds = timed_get(Client(), "/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "down"}
    assert seconds < PAGE_BUDGET_SECONDS


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=[r"^healthz/$"])
def test_health_check_answers_plain_http_and_an_ip_address_host(client):
    """As a load balancer probes: http://10.0.3.7:8000/healthz/, no X-Forwarded-Proto."""
    response = client.get("/healthz/", HTTP_HOST="10.0.3.7:8000")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    # Everything else still redirects to HTTPS and checks the host.
    assert client.get("/", HTTP_HOST="localhost").status_code == 301
    assert client.get("/", HTTP_HOST="10.0.3.7:8000", secure=True).status_code == 400


@pytest.fixture
def live_redis_address():
    """The Redis the suite runs beside (REDIS_URL, as CI's PostgreSQL + Redis pass sets it)."""
    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs REDIS_URL: a Redis to recover to")
    url = urlsplit(os.environ["REDIS_URL"])
    return url.netloc + url.path


def test_a_page_published_while_redis_was_down_is_not_served_stale_after_it_recovers(
    live_redis_address, redis_cache_at, home_page
):
    redis_cache_at(live_redis_address, breaker_seconds=60)
    about = StandardPageFactory(parent=home_page, title="About", slug="about")
    client = Client()
    client.get("/about/")
    assert client.get("/about/")["X-Page-Cache"] == "hit"

    # Redis goes away just as an editor publishes: the purge cannot reach it.
    cache._trip(ConnectionError("refused"))
    about.title = "About the clinic"
    about.save_revision().publish()
    assert "<h1>About the clinic</h1>" in client.get("/about/").content.decode()

    cache_backend._open_until.clear()  # the pause ends; Redis still holds the old copy
    response = client.get("/about/")
    assert "<h1>About the clinic</h1>" in response.content.decode()
    assert response["X-Page-Cache"] == "miss"
