"""Marketing editors and Clinical reviewers see which condition pages are due for review."""

from django.db import migrations

from pages.roles import ensure_roles


def grant(apps, schema_editor):
    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("pages", "0009_condition_review_report_permission")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
