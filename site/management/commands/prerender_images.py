from django.core.management.base import BaseCommand
from wagtail.images import get_image_model

from clinic_site.images import prerender_filters


class Command(BaseCommand):
    help = "Make every image rendition the templates use, for all images (skips existing ones)."

    def handle(self, *args, **options):
        filters = prerender_filters()
        images = get_image_model().objects.all()
        for image in images.iterator():
            image.create_renditions(*filters)
        self.stdout.write(
            f"Renditions in place for {images.count()} images x {len(filters)} specs."
        )
