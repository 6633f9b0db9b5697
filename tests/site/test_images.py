import re
from pathlib import Path

import pytest
import wagtail_factories
from django.conf import settings
from django.core.management import call_command
from wagtail.images.models import Filter

from clinic_site.images import PRERENDERED_IMAGE_SPECS, prerender_filters
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

IMAGE_TAG = re.compile(
    r"{%\s*(?:picture|srcset_image|image)\s+\S+\s+(?P<spec>[^%]*?)\s*(?:as \w+\s*)?%}"
)
SPEC_WORD = re.compile(r"^[a-z][\w\-.{},|]*$")


def specs_in_templates():
    found = set()
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        for match in IMAGE_TAG.finditer(template.read_text()):
            words = [w for w in match.group("spec").split() if "=" not in w and SPEC_WORD.match(w)]
            found.add(" ".join(words))
    return found


def test_every_image_spec_in_the_templates_is_prerendered():
    listed = {
        spec for value in PRERENDERED_IMAGE_SPECS.values() for spec in Filter.expand_spec(value)
    }
    for template_spec in specs_in_templates():
        assert set(Filter.expand_spec(template_spec)) <= listed, template_spec


def test_saving_an_image_makes_all_its_renditions(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = wagtail_factories.ImageFactory()
    assert image.renditions.count() == len(prerender_filters())
    assert {r.filter_spec for r in image.renditions.all()} >= {
        "format-avif|width-800",
        "fill-1200x630|format-jpeg|jpegquality-80",
    }


def test_visitors_never_wait_for_renditions(client, home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = wagtail_factories.ImageFactory()
    made_on_upload = image.renditions.count()
    StandardPageFactory(
        parent=home_page,
        slug="with-image",
        body=[("image", {"image": image, "alt_text": "A consulting room", "decorative": False})],
    )
    html = client.get("/with-image/").content.decode()
    assert 'type="image/avif"' in html
    assert 'alt="A consulting room"' in html
    assert image.renditions.count() == made_on_upload


def test_prerender_command_fills_in_renditions_for_existing_images():
    image = wagtail_factories.ImageFactory()  # saved without running on-commit tasks
    assert image.renditions.count() == 0
    call_command("prerender_images", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert image.renditions.count() == len(prerender_filters())
