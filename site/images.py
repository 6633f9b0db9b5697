"""Image renditions are made when an image is saved (or by `manage.py prerender_images`),
never while a visitor waits. Every spec a template passes to {% picture %}, {% srcset_image %}
or {% image %} is listed here; a test checks the templates against this list."""

from django.db import transaction
from django_tasks import task
from wagtail.images import get_image_model
from wagtail.images.models import Filter

# Open Graph / JSON-LD share image: social sites ask for 1200 x 630.
SHARE_IMAGE_SPEC = "fill-1200x630|format-jpeg|jpegquality-80"

PRERENDERED_IMAGE_SPECS = {
    # templates/blocks/image_block.html, the condition page's hero image
    "content": "format-{avif,webp,jpeg} width-{480,800,1200}",
    # specialist photos: the profile page and (240 only) the specialists index
    "portrait": "format-{avif,webp,jpeg} fill-{240x240,480x480}",
    # site/templatetags/seo_tags.py and news articles' JSON-LD
    "share": SHARE_IMAGE_SPEC,
}


def prerender_filters():
    specs = [Filter.expand_spec(spec) for spec in PRERENDERED_IMAGE_SPECS.values()]
    return [Filter(spec) for expanded in specs for spec in expanded]


@task()
def prerender_image_renditions(image_id):
    image = get_image_model().objects.filter(id=image_id).first()
    if image is not None:
        image.create_renditions(*prerender_filters())


def prerender_after_save(sender, instance, **kwargs):
    """Queue the renditions once the image is committed (the worker must be able to read it)."""
    image_id = instance.id
    transaction.on_commit(lambda: prerender_image_renditions.enqueue(image_id))
