"""Two application servers (gunicorn, production settings) sharing PostgreSQL and Redis: a publish
on one is served by the other on its next request, and the page cache, the rate limit and
sessions behave the same whichever node a request reaches."""

import os
import re
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import NewsArticlePageFactory, NewsIndexPageFactory, StandardPageFactory
from tests.servers import fetch, gunicorn_node

# As a load balancer ending TLS would send them (production trusts X-Forwarded-Proto).
BALANCER = {"Host": "localhost", "X-Forwarded-Proto": "https"}
FEEDBACK_LIMIT = 2


@pytest.fixture
def node_environment(transactional_db):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("needs PostgreSQL and Redis to share (CI's second pass runs it)")
    database = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.production_node_settings",
        "SECRET_KEY": "two-node-test-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "REDIS_URL": settings.REDIS_URL,
        "FEEDBACK_RATE_LIMIT_COUNT": str(FEEDBACK_LIMIT),
        "PAGE_CACHE_SECONDS": "600",
    }


def get(node, path, **headers):
    return fetch(node + path, headers={**BALANCER, **headers})


def post(node, path, fields, **headers):
    headers = {**BALANCER, "Content-Type": "application/x-www-form-urlencoded", **headers}
    return fetch(node + path, headers=headers, data=urlencode(fields).encode(), method="POST")


def csrf(answer):
    """The CSRF cookie an admin form set and the token in its HTML."""
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', answer.body).group(1)
    return f"__Host-csrftoken={answer.cookies()['__Host-csrftoken']}", token


def sign_in(node, username, password):
    cookie, token = csrf(get(node, "/admin/login/"))
    answer = post(
        node,
        "/admin/login/",
        {"username": username, "password": password, "csrfmiddlewaretoken": token},
        Cookie=cookie,
        Origin="https://localhost",
    )
    assert answer.status == 302, answer.status
    return f"{cookie}; __Host-sessionid={answer.cookies()['__Host-sessionid']}"


def test_two_nodes_share_publishes_the_page_cache_rate_limit_and_sessions(
    node_environment, home_page, admin_user, settings
):
    # The nodes check passwords with production's hashers, not the tests' fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    admin_user.set_password("password")
    admin_user.save()
    about = StandardPageFactory(parent=home_page, title="About", slug="about")
    article = NewsArticlePageFactory(parent=NewsIndexPageFactory(parent=home_page))

    with gunicorn_node(node_environment) as a, gunicorn_node(node_environment) as b:
        # The page cache: what one node rendered, the other serves.
        assert get(a, "/about/").headers["X-Page-Cache"] == "miss"
        assert get(b, "/about/").headers["X-Page-Cache"] == "hit"

        # Sessions: signed in on A, recognised by B.
        session = sign_in(a, admin_user.username, "password")
        assert get(b, "/admin/", Cookie=session).status == 200
        assert get(b, "/admin/").status == 302  # without it, the login page

        # A publish on A (the admin's bulk publish of the draft) is on B's next request.
        about.title = "About the clinic"
        about.save_revision()
        publish = f"/admin/bulk/wagtailcore/page/publish/?id={about.pk}"
        _, token = csrf(get(a, publish, Cookie=session))
        published = post(
            a, publish, {"csrfmiddlewaretoken": token}, Cookie=session, Origin="https://localhost"
        )
        assert published.status == 302, published.status
        after = get(b, "/about/")
        assert after.headers["X-Page-Cache"] == "miss"
        assert "<h1>About the clinic</h1>" in after.body

        # The rate limit counts answers across both nodes.
        answer = {"page": article.pk, "helpful": "yes"}
        assert [post(node, "/feedback/", answer).status for node in (a, b, a, b)] == [
            302,
            302,
            429,
            429,
        ]
