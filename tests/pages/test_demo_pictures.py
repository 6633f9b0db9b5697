"""The demo ships pictures: drawn at seed time, prerendered, served as <picture> with AVIF/WebP."""

import io

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model

from clinic_site.images import prerender_filters

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seeded(settings, tmp_path):
    from tests.conftest import ensure_wagtail_root

    settings.MEDIA_ROOT = tmp_path
    ensure_wagtail_root()
    call_command("seed_demo", stdout=io.StringIO())
    from wagtail.models import Site

    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)


def test_seed_draws_each_picture_once_with_every_rendition_made(seeded):
    Image = get_image_model()
    images = Image.objects.all()
    assert images.count() == 6  # home hero, portrait, DVT illustration, three news articles
    for image in images:
        assert image.renditions.count() == len(prerender_filters()), image.title
    call_command("seed_demo", stdout=io.StringIO())
    assert Image.objects.count() == 6


def test_pictures_are_served_with_avif_webp_fallback_sizes_and_lazy_below_the_fold(client, seeded):
    home = client.get("/").content.decode()
    hero = home.split('class="hero__picture"')[1].split("</picture>")[0]
    assert 'type="image/avif"' in hero and 'type="image/webp"' in hero
    assert 'width="' in hero and 'height="' in hero
    assert 'loading="lazy"' not in hero  # on the first screen

    dvt = client.get("/conditions/deep-vein-thrombosis/").content.decode()
    figure = dvt.split('class="block-image"')[1].split("</figure>")[0]
    assert 'alt="Illustration: the deep veins branch out' in figure
    assert 'loading="lazy"' in figure and 'type="image/avif"' in figure

    specialist = client.get("/our-specialists/ian-franklin/").content.decode()
    assert 'class="specialist__photo"' in specialist

    news = client.get("/news/").content.decode()
    assert news.count('class="news-card__image"') == 3
