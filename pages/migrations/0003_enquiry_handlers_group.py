"""The "Enquiry handlers" group: the only people (with superusers) who read consultation requests.

Self-contained: it creates the permission it needs rather than waiting for post_migrate.
"""

from django.db import migrations

GROUP_NAME = "Enquiry handlers"


def create_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    submission_type, _ = ContentType.objects.get_or_create(
        app_label="pages", model="consultationsubmission"
    )
    handle_enquiries, _ = Permission.objects.get_or_create(
        content_type=submission_type,
        codename="handle_enquiries",
        defaults={"name": "Can see, export and delete consultation requests"},
    )
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(handle_enquiries, access_admin)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0002_consultation_form_page"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
