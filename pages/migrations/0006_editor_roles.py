"""Marketing editors and Clinical reviewers (and Enquiry handlers, made by 0003) in every environment.

See pages/roles.py for what each group may do and why page permissions start at the root.
"""

from django.db import migrations

from pages.roles import CLINICAL_REVIEWERS, MARKETING_EDITORS, ensure_roles


def create_roles(apps, schema_editor):
    ensure_roles(apps)


def remove_roles(apps, schema_editor):
    # Enquiry handlers belong to 0003, which removes it when reversed.
    apps.get_model("auth", "Group").objects.filter(
        name__in=[MARKETING_EDITORS, CLINICAL_REVIEWERS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0005_booking_page_is_a_consultation_form"),
        ("pages", "0003_enquiry_handlers_group"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
