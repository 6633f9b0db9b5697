"""ADMIN_EMAILS hears about server errors, without the patient data the request carried."""

import pytest
from django.core import mail
from django.test import Client

import clinic_site.search

pytestmark = pytest.mark.django_db

SECRET = "I am 14 weeks pregnant"


@pytest.fixture
def broken_search(monkeypatch):
    def explode(query_string):
        raise RuntimeError(f"search backend failed for {query_string!r}")

    monkeypatch.setattr(clinic_site.search.Query, "get", explode)


def test_a_server_error_is_mailed_to_admins_without_request_data(
    settings, home_page, broken_search
):
    settings.ADMINS = [("Site admin", "ops@example.com")]
    response = Client(raise_request_exception=False).get("/search/", {"query": SECRET})
    assert response.status_code == 500

    [message] = mail.outbox
    assert message.to == ["ops@example.com"]
    assert message.subject == "[Clinic website] ERROR: Internal Server Error: /search/"
    assert "Exception type: builtins.RuntimeError" in message.body
    assert 'site/search.py", line' in message.body and "in search" in message.body
    assert "pregnant" not in message.body and "pregnant" not in message.subject
    # stderr still has the whole story for the operator.
    assert settings.LOGGING["loggers"]["django.request"]["handlers"] == ["stderr", "mail_admins"]


def test_without_admin_emails_nothing_is_mailed(settings, home_page, broken_search):
    settings.ADMINS = []
    Client(raise_request_exception=False).get("/search/", {"query": "clot"})
    assert mail.outbox == []
