"""Marketing editors and enquiry handlers see the "Where enquiries come from" report."""

from django.db import migrations

from pages.roles import ensure_roles


def forwards(apps, schema_editor):
    ensure_roles(apps)


class Migration(migrations.Migration):

    dependencies = [
        ('pages', '0018_enquiry_desk_outcomes_notes_response_target'),
    ]

    operations = [
        migrations.CreateModel(
            name='EnquirySourceCounts',
            fields=[
            ],
            options={
                'verbose_name': 'enquiry source counts',
                'verbose_name_plural': 'enquiry source counts',
                'permissions': [('see_enquiry_sources', 'Can see where consultation requests come from (counts only)')],
                'proxy': True,
                'indexes': [],
                'constraints': [],
            },
            bases=('pages.consultationsubmission',),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
