"""A real caching proxy (Varnish, tools/varnish/clinic.vcl) in front of the site: it keeps what
the site marks shared, passes what is private, and a publish purges it through Wagtail's
frontend cache, so the next request through the proxy shows the change."""

import pytest

from tests.factories import NewsArticlePageFactory, NewsIndexPageFactory, StandardPageFactory
from tests.servers import fetch, varnish

# The proxy answers for the default site's hostname (tests/conftest.py: localhost).
HOST = {"Host": "localhost"}


@pytest.fixture
def proxy(live_server, tmp_path, settings):
    """Varnish in front of the live server; the site purges it with Wagtail's HTTPBackend."""
    backend_port = live_server.url.rsplit(":", 1)[1]
    with varnish(backend_port, tmp_path) as url:
        settings.WAGTAILFRONTENDCACHE = {
            "varnish": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": url,
            }
        }
        yield url


def get(proxy, path, **headers):
    return fetch(proxy + path, headers={**HOST, **headers})


@pytest.mark.django_db(transaction=True)
def test_a_publish_shows_through_the_proxy_on_the_next_request(home_page, proxy):
    news = NewsIndexPageFactory(parent=home_page)
    NewsArticlePageFactory(parent=news, title="Compression stockings explained", slug="stockings")

    first = get(proxy, "/")
    second = get(proxy, "/")
    assert (first.headers["X-Proxy-Cache"], second.headers["X-Proxy-Cache"]) == ("miss", "hit")
    assert "Compression stockings explained" in second.body
    assert get(proxy, "/news/stockings/").status == 200
    assert get(proxy, "/news/stockings/").headers["X-Proxy-Cache"] == "hit"

    opening = NewsArticlePageFactory(
        parent=news, title="New vein clinic opens", slug="opening", live=False
    )
    opening.save_revision().publish()

    # Latest News on the home page, the article list and the old article's "more news".
    for path in ("/", "/news/", "/news/stockings/"):
        response = get(proxy, path)
        assert response.headers["X-Proxy-Cache"] == "miss", path
        assert "New vein clinic opens" in response.body, path


@pytest.mark.django_db(transaction=True)
def test_the_proxy_never_shares_private_pages_or_serves_a_session_the_shared_copy(
    home_page, proxy, admin_user, client
):
    StandardPageFactory(parent=home_page, title="About", slug="about")
    get(proxy, "/about/")
    assert get(proxy, "/about/").headers["X-Proxy-Cache"] == "hit"

    client.force_login(admin_user)
    session = f"sessionid={client.cookies['sessionid'].value}"
    signed_in = get(proxy, "/about/", Cookie=session)
    assert signed_in.headers["X-Proxy-Cache"] == "miss"
    assert "private" in signed_in.headers["Cache-Control"]

    for _ in range(2):
        search = get(proxy, "/search/?query=vein")
        assert search.headers["X-Proxy-Cache"] == "miss"
