"""Marketing editors and enquiry handlers see the "Where enquiries come from" report."""

from django.db import migrations

from pages.roles import ensure_roles


def forwards(apps, schema_editor):
    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0018_enquiry_desk_outcomes_notes_response_target"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="consultationsubmission",
            options={
                "ordering": ["-submit_time"],
                "permissions": [
                    ("handle_enquiries", "Can see, export and delete consultation requests"),
                    (
                        "see_enquiry_sources",
                        "Can see where consultation requests come from (counts only)",
                    ),
                ],
                "verbose_name": "consultation request",
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
