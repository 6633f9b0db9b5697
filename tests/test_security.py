import json

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from .test_settings import PRODUCTION_ENV, manage

pytestmark = pytest.mark.django_db


def csp_directives(response):
    policy = response.headers["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part
    }


def test_public_pages_get_a_strict_content_security_policy(client, home_page):
    directives = csp_directives(client.get("/"))
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]


def test_admin_gets_its_own_workable_policy(client):
    response = client.get("/admin/login/")
    directives = csp_directives(response)
    assert "'unsafe-inline'" in directives["script-src"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]


@pytest.mark.parametrize("url", ["/", "/admin/login/", "/robots.txt", "/healthz/"])
def test_every_response_carries_the_security_headers(client, home_page, url):
    response = client.get(url)
    assert response.headers["Content-Security-Policy"]
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_production_uses_hsts_secure_host_cookies_and_https():
    script = (
        "import json; from django.conf import settings as s; print(json.dumps(["
        "s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT]))"
    )
    result = manage("shell", "-c", script, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    hsts, session_cookie, csrf_cookie, *secure_flags = json.loads(result.stdout.splitlines()[-1])
    assert hsts >= 31_536_000
    assert session_cookie.startswith("__Host-")
    assert csrf_cookie.startswith("__Host-")
    assert all(secure_flags)


def test_admin_login_locks_out_at_the_fifth_failure(client):
    get_user_model().objects.create_user("editor", password="correct-horse-battery")
    statuses = [
        client.post("/admin/login/", {"username": "editor", "password": "wrong"}).status_code
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    # Even the right password is refused while locked out.
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "correct-horse-battery"}
    )
    assert response.status_code == 429
    assert "Sign-in temporarily locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_robots_txt_disallows_the_admin_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_health_check_reports_database_and_cache(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_check_fails_with_503_and_no_details_when_the_database_is_down(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("connection refused to db.internal:5432")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["database"] == "down"
    assert "db.internal" not in response.content.decode()
