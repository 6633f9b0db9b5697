"""Tests keep their files to themselves: the repository's media/ belongs to `make run`."""

from pathlib import Path

import pytest
import wagtail_factories
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_uploads_and_renditions_are_written_outside_the_repository(
    media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = wagtail_factories.ImageFactory()  # saving it makes its renditions
    files = [Path(image.file.path)] + [Path(r.file.path) for r in image.renditions.all()]

    assert len(files) > 1
    repository = Path(settings.BASE_DIR).resolve()
    for path in files:
        assert path.is_file()
        assert path.resolve().is_relative_to(media_root.resolve())
        assert not path.resolve().is_relative_to(repository)
