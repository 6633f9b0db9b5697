"""The "Clinical review" workflow: Clinical reviewers sign condition pages off (pages/roles.py)."""

from django.db import migrations

from pages.roles import CLINICAL_REVIEW_WORKFLOW, ensure_clinical_review_workflow


def create_workflow(apps, schema_editor):
    ensure_clinical_review_workflow(apps)


def remove_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=CLINICAL_REVIEW_WORKFLOW).delete()
    apps.get_model("pages", "ClinicalReviewTask").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0007_specialist_staff_account_clinical_review_task"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
