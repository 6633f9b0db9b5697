"""Build the demo clinic site from the seed. Safe to run again: it changes nothing twice.

Each installed app may provide a `demo_content` module with a `build(home_page, stdout)`
function; they run in INSTALLED_APPS order, so `pages` builds the home page first.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Site


class Command(BaseCommand):
    help = "Create the demo clinic's pages and settings (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            type=int,
            help="the port the demo is served on, for absolute links (sitemap, feed, share tags)",
        )

    @transaction.atomic
    def handle(self, *args, port=None, **options):
        home_page = None
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.demo_content"
            if find_spec(module_name) is None:
                continue
            home_page = import_module(module_name).build(home_page, self.stdout) or home_page
        site = Site.objects.filter(is_default_site=True).first()
        if port and site and site.port != port:
            site.port = port
            site.save()  # save(), not update(): it clears Wagtail's cached site root paths
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
