import pytest
from django.contrib.auth.models import Group

from pages.roles import CLINICAL_REVIEWERS, ENQUIRY_HANDLERS, MARKETING_EDITORS


def member_of(django_user_model, group_name, username):
    user = django_user_model.objects.create_user(
        username, email=f"{username}@example.com", password="pw", first_name=username.title()
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def marketing_editor(db, django_user_model):
    return member_of(django_user_model, MARKETING_EDITORS, "marketer")


@pytest.fixture
def clinical_reviewer(db, django_user_model):
    return member_of(django_user_model, CLINICAL_REVIEWERS, "reviewer")


@pytest.fixture
def enquiry_handler(db, django_user_model):
    return member_of(django_user_model, ENQUIRY_HANDLERS, "handler")


@pytest.fixture
def clinical_review(condition_index):
    """The "Clinical review" workflow on the conditions index, as the seed leaves it."""
    from django.apps import apps

    from pages.roles import ensure_clinical_review_workflow

    return ensure_clinical_review_workflow(apps)


@pytest.fixture
def signing_reviewer(clinical_reviewer, specialist):
    """A clinical reviewer whose account is linked to a specialist profile."""
    specialist.user = clinical_reviewer
    specialist.save_revision().publish()
    return clinical_reviewer
