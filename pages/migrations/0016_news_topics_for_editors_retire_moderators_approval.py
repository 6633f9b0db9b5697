"""Marketing editors manage news topics; Wagtail's unused "Moderators approval" workflow goes.

News is published by marketing editors themselves, with no workflow: the only reviewed pages
are condition pages, under the Clinical review workflow on "Conditions we treat".
"""

from django.db import migrations

from pages.roles import ensure_roles, retire_wagtail_default_workflow


def forwards(apps, schema_editor):
    ensure_roles(apps)
    retire_wagtail_default_workflow(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0015_labelled_list_items_and_rich_text"),
        ("news", "0003_topics_help_names_the_menu_labelled_blocks"),
        ("wagtailcore", "0096_referenceindex_referenceindex_source_object_and_more"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
